"""Painted and composite widgets the views share (charts, badges)."""
