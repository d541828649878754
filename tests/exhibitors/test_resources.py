"""A booth's PDFs: checked by content when staff add them, kept privately, served only to
attendees, staff and the booth's staff, never cached; downloads counted, not who."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings.exhibitors.forms import BoothResourceAdminForm
from meetings.exhibitors.models import BoothResource
from meetings.exhibitors.services import resource_pdf_add
from tests.awards.conftest import pdf_bytes
from tests.factories.accounts import UserFactory
from tests.factories.exhibitors import BoothFactory, BoothLinkFactory, booth_staff_of, pdf_resource

pytestmark = pytest.mark.django_db


def _file_url(resource):
    booth = resource.booth
    return reverse(
        "exhibitors:resource",
        kwargs={
            "slug": booth.sponsor.meeting.slug,
            "booth_id": booth.pk,
            "resource_id": resource.pk,
        },
    )


def _admin_form(upload):
    return BoothResourceAdminForm(data={"title": "Sheet", "ordering": 1}, files={"file": upload})


def test_a_file_that_is_not_a_pdf_is_refused(booth):
    fake = SimpleUploadedFile("sheet.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    form = _admin_form(fake)
    assert not form.is_valid()
    assert "This file is not a PDF" in str(form.errors["file"])
    with pytest.raises(ValidationError):
        resource_pdf_add(booth=booth, title="Sheet", upload=fake)
    assert not BoothResource.objects.exists()


def test_a_pdf_too_big_or_too_long_is_refused(booth):
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf"
    )
    form = _admin_form(big)
    assert not form.is_valid()
    assert "the limit is 10 MB" in str(form.errors["file"])
    long = SimpleUploadedFile("long.pdf", pdf_bytes(51), content_type="application/pdf")
    form = _admin_form(long)
    assert not form.is_valid()
    assert "the limit is 50" in str(form.errors["file"])


def test_attendees_and_booth_staff_download_the_file_uncached_and_the_count_grows(
    client, booth, attendee
):
    resource = pdf_resource(booth)
    client.force_login(attendee)
    page = client.get(
        reverse(
            "exhibitors:booth", kwargs={"slug": booth.sponsor.meeting.slug, "booth_id": booth.pk}
        )
    )
    assert _file_url(resource).encode() in page.content

    response = client.get(_file_url(resource))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(booth_staff_of(booth))
    assert client.get(_file_url(resource)).status_code == 200
    resource.refresh_from_db()
    assert resource.downloads == 2


def test_the_file_is_refused_to_everyone_else(client, meeting, booth):
    resource = pdf_resource(booth)
    assert Client().get(_file_url(resource)).status_code == 403
    client.force_login(UserFactory())
    assert client.get(_file_url(resource)).status_code == 403
    client.force_login(booth_staff_of(BoothFactory(meeting=meeting)))  # another booth's staff
    assert client.get(_file_url(resource)).status_code == 403
    assert resource.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not resource.file.path.startswith(str(settings.MEDIA_ROOT))


def test_a_link_or_another_booth_s_file_is_not_served(client, meeting, booth, attendee):
    link = BoothLinkFactory(booth=booth)
    elsewhere = pdf_resource(BoothFactory(meeting=meeting))
    client.force_login(attendee)
    assert client.get(_file_url(link)).status_code == 404
    wrong = reverse(
        "exhibitors:resource",
        kwargs={"slug": meeting.slug, "booth_id": booth.pk, "resource_id": elsewhere.pk},
    )
    assert client.get(wrong).status_code == 404
