"""The tournament's writes."""

from .ledger import object_key, points_record

__all__ = ["object_key", "points_record"]
