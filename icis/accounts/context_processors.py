from functools import partial

from .staff import acts_as_staff


def staff(request) -> dict:
    """`acts_as_staff` for templates: the same rule as the views (staff who passed two-factor in
    this session). Evaluated only by a template that reads it."""
    return {"acts_as_staff": partial(acts_as_staff, request)}
