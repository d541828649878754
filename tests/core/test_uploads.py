"""Uploads cost at most their limit: a file past FILE_MAX_BYTES is not kept (its form says how
large it was), a multipart body past REQUEST_MAX_BYTES and form text past 2 MB are refused."""

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from icis.core.uploads import FILE_MAX_BYTES, REQUEST_MAX_BYTES, TooLargeUpload


def _files(request):
    files = request.FILES
    return {name: files[name] for name in files}


def test_a_file_past_the_limit_is_not_kept_but_its_size_is_reported():
    sent = b"%PDF-" + b"0" * (FILE_MAX_BYTES + 1024 * 1024)
    request = RequestFactory().post(
        "/", {"title": "kept", "file": SimpleUploadedFile("big.pdf", sent)}
    )

    upload = _files(request)["file"]

    assert isinstance(upload, TooLargeUpload)
    assert upload.size == len(sent) and upload.name == "big.pdf"
    assert upload.read() == b""  # nothing past the limit was kept, in memory or on disk
    assert request.POST["title"] == "kept"


def test_a_file_within_the_limit_arrives_whole():
    sent = b"%PDF-" + b"1" * (FILE_MAX_BYTES - 5)
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("ok.pdf", sent)})

    upload = _files(request)["file"]

    assert not isinstance(upload, TooLargeUpload)
    assert upload.size == FILE_MAX_BYTES and upload.read() == sent


def test_a_multipart_body_past_the_request_limit_is_refused_before_it_is_read():
    request = RequestFactory().post(
        "/",
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1")},
        CONTENT_LENGTH=str(REQUEST_MAX_BYTES + 1),
    )

    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018


@pytest.mark.django_db
def test_form_text_past_two_megabytes_is_refused_with_400(client):
    response = client.post(
        "/accounts/login/",
        "login=a%40example.org&password=" + "x" * (2 * 1024 * 1024 + 1),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("uploaded", ["logo.gif", "logo.JPG", "logo.webp"])
def test_an_image_is_stored_under_the_extension_of_its_format(admin_client_2fa, uploaded):
    from meetings.models import Partner

    response = admin_client_2fa.post(
        "/admin/meetings/partner/add/",
        {
            "name": "Cytokine Partner",
            "logo": SimpleUploadedFile(uploaded, _png()),
            "logo_alt": "Cytokine Partner",
            "ordering": "1",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    try:
        assert partner.logo.name.startswith("partners/logo")
        # Every picture is stored as WebP (icis/core/images.py), whatever name it came with.
        assert partner.logo.name.endswith(".webp")
    finally:
        partner.logo.delete(save=False)
