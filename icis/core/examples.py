"""Example settings: figures the demo fills in that the society's own pages do not give
(membership prices, award rules, program times). Each is marked, so the admin says "example
setting: replace" on its page and lists them all under "Example settings to replace"."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ExampleSetting


def example_mark(*, obj: models.Model, note: str) -> ExampleSetting:
    """Mark `obj` as an example setting (again: the note is updated)."""
    mark, _ = ExampleSetting.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        defaults={"note": note[:300], "object_label": str(obj)[:300]},
    )
    return mark


def example_note(*, obj: models.Model) -> str:
    """The note of `obj`'s example mark; empty when it is the society's own setting."""
    mark = ExampleSetting.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).first()
    return mark.note if mark else ""
