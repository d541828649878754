"""The demo's exhibitor hall for Cytokines 2021: a booth for each sponsor the meeting lists
(Genentech's, if it is listed, says only what the meeting's grant acknowledgement says), and a
few clearly fictional exhibitors with small generated PDFs, links on example.org, and contact
requests from the demo's attendees, if it has any. Running it again creates nothing."""

from datetime import time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ..models import Meeting, Registration, Sponsor, SponsorTier
from . import services
from .models import Booth, BoothHours, BoothResource, Lead

FICTIONAL = [
    (
        "Example Reagents Ltd (fictional)",
        "A fictional supplier of recombinant cytokines and neutralising antibodies, shown to "
        "demonstrate the exhibitor hall.",
    ),
    (
        "Sample Assays GmbH (fictional)",
        "A fictional maker of multiplex cytokine assays, shown to demonstrate the exhibitor hall.",
    ),
    (
        "Demo Imaging Systems (fictional)",
        "A fictional maker of imaging systems for cell signalling studies, shown to "
        "demonstrate the exhibitor hall.",
    ),
]


def _pdf(text: str) -> bytes:
    """A one-page PDF that says `text` (ASCII), written by hand: no library needed."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 760 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _booth(sponsor: Sponsor, description: str, counts: dict) -> Booth:
    booth, created = Booth.objects.get_or_create(
        sponsor=sponsor, defaults={"description": description}
    )
    counts["booths"] += created
    return booth


def _fictional_extras(booth: Booth, meeting: Meeting, counts: dict) -> None:
    name = booth.sponsor.name
    for offset in range(2):
        _, created = BoothHours.objects.get_or_create(
            booth=booth,
            day=meeting.start_date + timedelta(days=offset),
            defaults={"opens": time(10, 0), "closes": time(12, 30)},
        )
        counts["hours"] += created
    title = f"Product sheet of {name}"
    if not BoothResource.objects.filter(booth=booth, title=title).exists():
        upload = SimpleUploadedFile(
            "product-sheet.pdf",
            _pdf(f"{name}: a fictional product sheet for the demo."),
            content_type="application/pdf",
        )
        services.resource_pdf_add(booth=booth, title=title, upload=upload, ordering=1)
        counts["resources"] += 1
    _, created = BoothResource.objects.get_or_create(
        booth=booth,
        title="Catalogue (example link)",
        defaults={"url": f"https://example.org/exhibitors/{booth.pk}/catalogue", "ordering": 2},
    )
    counts["resources"] += created


@transaction.atomic
def load(meeting: Meeting) -> dict:
    counts = {"booths": 0, "hours": 0, "resources": 0, "leads": 0}
    for sponsor in Sponsor.objects.filter(meeting=meeting):
        if "genentech" in sponsor.name.lower():
            grant = meeting.grants.filter(text__icontains="Genentech").first()
            description = grant.text if grant else ""
        else:
            description = sponsor.description
        _booth(sponsor, description, counts)
    tier = SponsorTier.objects.filter(meeting=meeting).order_by("-rank").first()
    booths = []
    for ordering, (name, description) in enumerate(FICTIONAL, start=200):
        sponsor, _ = Sponsor.objects.get_or_create(
            meeting=meeting,
            name=name,
            defaults={
                "tier": tier,
                "is_exhibitor": True,
                "description": description,
                "website": "https://example.org/",
                "ordering": ordering,
            },
        )
        booth = _booth(sponsor, description, counts)
        _fictional_extras(booth, meeting, counts)
        booths.append(booth)
    attendees = Registration.objects.filter(
        meeting=meeting, status=Registration.Status.CONFIRMED
    ).select_related("user")[:3]
    for registration, booth in zip(attendees, booths, strict=False):
        if not Lead.objects.filter(booth=booth, user=registration.user).exists():
            services.lead_send(
                booth=booth,
                user=registration.user,
                share_institution=True,
                share_country=False,
                message="Please send me the product sheet.",
                now=meeting.at(meeting.start_date, time(11, 0)),
            )
            counts["leads"] += 1
    return counts
