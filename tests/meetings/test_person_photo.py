"""A person's photo on the meeting's pages is their personal data once linked to their account:
"download my data" names it, and deleting the account removes it (after commit), while the
committee listing itself stays."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from meetings.models import Person
from meetings.personal_data import account_erase, account_export
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_linked_person_s_photo_is_exported_and_erased(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    user = UserFactory()
    buffer = io.BytesIO()
    Image.new("RGB", (900, 900), "teal").save(buffer, "PNG")
    person = Person.objects.create(
        name="Ada Example",
        user=user,
        photo=ContentFile(buffer.getvalue(), name="ada.png"),
        photo_alt="Portrait of Ada Example",
    )
    assert len(list(Path(tmp_path).rglob("*.webp"))) == 3  # 900 px, 800 px and 400 px

    assert account_export(user=user)["program_listing"]["photo"] == person.photo.url

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=user, now=timezone.now())

    person.refresh_from_db()
    assert person.name == "Ada Example" and person.user is None  # the listing stays
    assert not person.photo and person.photo_alt == ""
    assert not list(Path(tmp_path).rglob("*.webp"))
