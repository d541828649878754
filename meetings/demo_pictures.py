"""The demo's pictures for Cytokines 2021, generated here (no picture files are kept in the
repository): a banner with the meeting's name, place and dates; a placeholder logo, with the
sponsor's name, for each sponsor that has none; three clearly fictional society partners with
placeholder logos, tied to the meeting; and, for the example meeting (the one the home page
leads with), clearly fictional sponsors in two tiers, with placeholder logos. Creates what is
missing, never overwrites."""

from django.db import transaction

from icis.core.images import placeholder_picture

from .models import Meeting, Partner, Sponsor, SponsorTier

BLUE, WHITE = "#1d4e89", "#ffffff"

FICTIONAL_PARTNERS = [
    (
        "Example Cytokine Foundation (fictional)",
        "https://example.org/cytokine-foundation",
        "A fictional foundation, shown to demonstrate how the society's partners appear.",
    ),
    (
        "Sample Interferon Research Network (fictional)",
        "https://example.org/interferon-network",
        "A fictional research network, shown to demonstrate how the society's partners appear.",
    ),
    (
        "Demo Journal of Signalling (fictional)",
        "https://example.org/journal",
        "A fictional journal, shown to demonstrate how the society's partners appear.",
    ),
]


EXAMPLE_SPONSORS = [
    # tier, tier rank, name
    ("Gold", 10, "Example Biologics (fictional)"),
    ("Gold", 10, "Sample Therapeutics (fictional)"),
    ("Silver", 20, "Demo Antibodies (fictional)"),
    ("Silver", 20, "Placeholder Instruments (fictional)"),
    ("Silver", 20, "Illustrative Reagents (fictional)"),
]


def _logo(name: str):
    label = name.replace(" (fictional)", "")
    return placeholder_picture(
        label, size=(480, 160), background="#e8f0f8", color=BLUE, name="logo.png"
    )


@transaction.atomic
def load(meeting: Meeting | None, *, example: Meeting | None = None) -> dict:
    counts = {"banners": 0, "logos": 0, "partners": 0}
    if example is not None and not example.sponsors.exists():
        for ordering, (tier_name, rank, name) in enumerate(EXAMPLE_SPONSORS):
            tier, _ = SponsorTier.objects.get_or_create(
                meeting=example, name=tier_name, defaults={"rank": rank}
            )
            Sponsor.objects.create(
                meeting=example,
                tier=tier,
                name=name,
                website="https://example.org/",
                ordering=ordering,
                logo=_logo(name),
                logo_alt=name,
            )
            counts["logos"] += 1
    if meeting is None:
        return counts
    if not meeting.hero_image:
        meeting.hero_image_alt = (
            f"{meeting.name}, Cardiff, 17 to 20 October 2021 (a generated demo banner)"
        )
        meeting.hero_image = placeholder_picture(
            f"{meeting.name}\nCardiff, 17 to 20 October 2021",
            size=(1600, 500),
            background=BLUE,
            color=WHITE,
            name="cytokines-2021-banner.png",
        )
        meeting.save(
            update_fields=[
                "hero_image",
                "hero_image_alt",
                "hero_image_width",
                "hero_image_height",
            ]
        )
        counts["banners"] += 1
    for sponsor in Sponsor.objects.filter(meeting=meeting, logo=""):
        sponsor.logo_alt = sponsor.name
        sponsor.logo = _logo(sponsor.name)
        sponsor.save(update_fields=["logo", "logo_alt", "logo_width", "logo_height"])
        counts["logos"] += 1
    for ordering, (name, website, description) in enumerate(FICTIONAL_PARTNERS, start=10):
        partner, created = Partner.objects.get_or_create(
            name=name,
            defaults={"website": website, "description": description, "ordering": ordering},
        )
        if created:
            partner.logo_alt = name
            partner.logo = _logo(name)
            partner.save(update_fields=["logo", "logo_alt", "logo_width", "logo_height"])
            partner.meetings.add(meeting)
            counts["partners"] += 1
    return counts
