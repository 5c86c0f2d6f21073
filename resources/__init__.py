"""Files the app ships: the demo roundtable's data (and later the Word template and icons)."""
