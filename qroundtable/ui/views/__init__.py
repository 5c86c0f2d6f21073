"""The main window's views, one module each, in sidebar order."""
