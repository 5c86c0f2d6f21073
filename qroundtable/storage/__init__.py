"""Storage: the only place that speaks SQL."""

from .database import Change, Operation, Store, now_iso, prepare_new_file, remove_file

__all__ = ["Change", "Operation", "Store", "now_iso", "prepare_new_file", "remove_file"]
