"""Poster files for the presenter's side: PDFs of a given page size and count, PNG and JPEG
images, a damaged PDF, and a "decompression bomb" (a small PNG whose header promises a huge
picture). Plus the meeting's poster settings."""

import io
import struct
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.posters.models import PosterSettings

from .virtual import VirtualMeetingFactory

# A0 in PDF points (1/72 inch): 841 x 1189 mm.
A0 = (2384, 3370)


class PosterSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PosterSettings
        django_get_or_create = ("meeting",)

    meeting = factory.SubFactory(VirtualMeetingFactory)


def pdf_bytes(pages: int = 1, size: tuple[int, int] = A0) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=size[0], height=size[1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(size: tuple[int, int] = (1200, 1700), kind: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (31, 95, 139)).save(out, kind)
    return out.getvalue()


def damaged_pdf() -> bytes:
    """Starts like a PDF and has a page tree, but its page's content cannot be drawn."""
    good = pdf_bytes(1)
    return good[: len(good) // 2] + b"\x00garbage" * 20 + b"%%EOF"


def bomb_png(side: int = 30_000) -> bytes:
    """A PNG a few hundred bytes long whose header says side x side pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    # The first rows only (zeros compress to nothing): enough for the header to be read.
    rows = zlib.compress(b"\x00" * (side + 1) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
