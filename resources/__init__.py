"""Files the app ships: the demo roundtable's data, the readout's Word template (built by make_template.py)."""
