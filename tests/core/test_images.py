"""The picture pipeline (icis/core/images.py): what is refused, in place, and what is stored."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from icis.core.images import copy_name
from meetings.models import Partner

ADD = "/admin/meetings/partner/add/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def picture_bytes(size=(2400, 1200), kind="JPEG", mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode != "CMYK" else (0, 255, 255, 0)).save(buffer, kind, **save)
    return buffer.getvalue()


def bomb_png(width=20_000, height=20_000) -> bytes:
    """A real 20,000 by 20,000 PNG (400 million pixels, 1 bit each) of about 50 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * (width // 8)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def post_partner(client, logo: SimpleUploadedFile, alt="Example Partner"):
    return client.post(
        ADD,
        {"name": "Example Partner", "logo": logo, "logo_alt": alt, "ordering": "1"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"Dear office, here is our logo.\n" * 40), "not an image"),
        (
            SimpleUploadedFile("logo.png", picture_bytes((300, 100), "PNG")[:-200]),
            "not an image",
        ),
        (SimpleUploadedFile("logo.jpg", picture_bytes((300, 100))[:400]), "not an image"),
        (SimpleUploadedFile("bomb.png", bomb_png()), "too many pixels"),
        (SimpleUploadedFile("large.png", bomb_png(7000, 7000)), "too many pixels (7,000 by 7,000)"),
        (
            SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1)),
            "the limit is 1 MB",
        ),
        (SimpleUploadedFile("logo.gif", picture_bytes((30, 10), "GIF")), "GIF pictures"),
    ],
    ids=[
        "text-named-png",
        "truncated-png",
        "truncated-jpeg",
        "bomb-20000x20000",
        "49-megapixels",
        "oversized",
        "gif",
    ],
)
def test_a_bad_picture_is_refused_in_place(admin_client_2fa, upload, message, media):
    response = post_partner(admin_client_2fa, upload)

    assert response.status_code == 200  # the form again, with what was typed kept
    html = response.content.decode()
    assert message in html
    assert 'value="Example Partner"' in html
    assert not Partner.objects.exists()
    assert not any(media.rglob("*.*"))


@pytest.mark.django_db
def test_a_truncated_picture_is_refused_even_after_pillow_was_told_to_accept_them(
    admin_client_2fa, media, monkeypatch
):
    from PIL import ImageFile

    # As WeasyPrint does when it is imported (the suite imports it; so may a worker).
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    upload = SimpleUploadedFile("logo.png", picture_bytes((300, 100), "PNG")[:-200])

    response = post_partner(admin_client_2fa, upload)

    assert response.status_code == 200 and "not an image" in response.content.decode()
    assert not Partner.objects.exists()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was found


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_its_size_without_being_kept(admin_client_2fa):
    # 11 MB: past the upload handler's limit, so the form receives only the size sent.
    sent = b"\x89PNG\r\n\x1a\n" + b"0" * (11 * 1024 * 1024)
    response = post_partner(admin_client_2fa, SimpleUploadedFile("huge.png", sent))

    assert response.status_code == 200
    assert "The picture is 11.0 MB; the limit is 1 MB" in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_alt_text_is_required_with_a_picture(admin_client_2fa):
    response = post_partner(
        admin_client_2fa, SimpleUploadedFile("logo.png", picture_bytes((300, 100), "PNG")), alt="  "
    )

    assert response.status_code == 200
    assert "Fill in the logo description" in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_a_partner_without_a_logo_needs_no_alt_text(admin_client_2fa):
    response = admin_client_2fa.post(ADD, {"name": "Example Partner", "ordering": "1"})

    assert response.status_code == 302
    assert Partner.objects.get().logo.name == ""


def exif_photo(size=(2400, 1200)) -> bytes:
    """A camera photograph: EXIF orientation 6 (turn 90 degrees clockwise to show it), the
    camera's make and a GPS position."""
    image = Image.new("RGB", size, "blue")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "Example Camera"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 28.0, 54.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_photo_is_stored_upright_stripped_and_at_web_sizes(admin_client_2fa, media):
    response = post_partner(admin_client_2fa, SimpleUploadedFile("photo.jpg", exif_photo()))

    assert response.status_code == 302
    partner = Partner.objects.get()
    # Turned upright: 2400 wide by 1200 high, shown rotated, is 1200 wide by 2400 high.
    assert (partner.logo_width, partner.logo_height) == (1200, 2400)
    assert partner.logo.name.endswith(".webp")
    stored = {width: Path(media, copy_name(partner.logo.name, width)) for width in (400, 800)}
    stored[1200] = Path(media, partner.logo.name)
    for width, path in stored.items():
        with Image.open(path) as image:
            assert image.format == "WEBP"
            assert image.size == (width, width * 2)
            assert not image.getexif()  # no orientation, camera or place left
            assert "exif" not in image.info and "xmp" not in image.info


@pytest.mark.django_db
def test_a_wide_picture_is_reduced_to_the_largest_web_width():
    partner = Partner.objects.create(
        name="Wide", logo=ContentFile(picture_bytes((4000, 1000)), name="wide.jpg"), logo_alt="W"
    )

    assert (partner.logo_width, partner.logo_height) == (1600, 400)


@pytest.mark.django_db
def test_cmyk_and_animated_pictures_are_taken_as_their_first_frame_in_rgb():
    cmyk = Partner.objects.create(
        name="Print",
        logo=ContentFile(picture_bytes((500, 200), mode="CMYK"), name="p.jpg"),
        logo_alt="Print",
    )
    frames = [Image.new("RGB", (300, 100), color) for color in ("green", "red")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    animated = Partner.objects.create(
        name="Moving", logo=ContentFile(buffer.getvalue(), name="a.webp"), logo_alt="Moving"
    )

    with cmyk.logo.open() as file, Image.open(file) as image:
        assert image.mode == "RGB" and image.size == (500, 200)
    with animated.logo.open() as file, Image.open(file) as image:
        assert getattr(image, "n_frames", 1) == 1
        red, green, _blue = image.convert("RGB").getpixel((10, 10))
        assert green > 100 and red < 50  # the first frame


@pytest.mark.django_db
def test_replaced_and_deleted_pictures_leave_no_files_after_commit(
    media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner = Partner.objects.create(
            name="P", logo=ContentFile(picture_bytes((1000, 500)), name="first.jpg"), logo_alt="P"
        )
    assert sorted(path.name for path in media.rglob("*.webp")) == [
        "first-400w.webp",
        "first-800w.webp",
        "first.webp",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        partner.logo = ContentFile(picture_bytes((500, 250)), name="second.jpg")
        partner.save()
    # The first picture and its copies are gone; the second is 500 px, with a 400 px copy.
    assert sorted(path.name for path in media.rglob("*.webp")) == [
        "second-400w.webp",
        "second.webp",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        partner.delete()
    assert not any(media.rglob("*.webp"))


@pytest.mark.django_db
def test_pictures_are_served_and_nothing_else_under_media(client, media):
    partner = Partner.objects.create(
        name="P", logo=ContentFile(picture_bytes((500, 250)), name="p.jpg"), logo_alt="P"
    )
    Path(media, "private-notes").mkdir()
    Path(media, "private-notes", "letter.txt").write_text("not a picture")

    response = client.get(f"/media/{partner.logo.name}")
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert client.get(f"/media/{copy_name(partner.logo.name, 400)}").status_code == 200
    assert client.get("/media/private-notes/letter.txt").status_code == 404
    assert client.get("/media/partners/../private-notes/letter.txt").status_code == 404


@pytest.mark.django_db
def test_a_save_that_keeps_the_picture_keeps_its_files_and_reads_nothing_more(
    media, django_capture_on_commit_callbacks, django_assert_num_queries
):
    Partner.objects.create(
        name="P", logo=ContentFile(picture_bytes((500, 250)), name="p.jpg"), logo_alt="P"
    )
    partner = Partner.objects.get()
    partner.name = "Renamed"

    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(1):
        partner.save()  # the UPDATE alone

    assert sorted(path.name for path in media.rglob("*.webp")) == ["p-400w.webp", "p.webp"]

    # Cleared in a row read fresh from the database: its files go after commit.
    partner = Partner.objects.get()
    partner.logo = None
    partner.logo_alt = ""
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(1):
        partner.save()
    assert not any(media.rglob("*.webp"))
