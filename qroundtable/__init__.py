"""qroundtable: an offline tool for international roundtables (principles, positions, consensus)."""

__version__ = "0.1.0"
