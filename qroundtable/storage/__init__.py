"""Storage: the only place that speaks SQL."""

from .database import Change, Operation, Store, now_iso

__all__ = ["Change", "Operation", "Store", "now_iso"]
