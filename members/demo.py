"""Demo membership types and a handful of fictional members for the directory."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from icis.core.examples import example_mark

from .models import CareerStage, MemberProfile, Membership, MembershipPrice, MembershipType

# Prices in minor units per currency. Regular is also sold in pounds, so it can be joined with
# the demo meeting in Cardiff (paid in GBP); the other types are joined on their own pages.
TYPES = [
    {
        "slug": "regular",
        "name": "Regular",
        "prices": {"USD": 15000, "GBP": 12000},
        "term_months": 12,
        "ordering": 10,
        "description": "For investigators in academia, government and clinical research.",
    },
    {
        "slug": "regular-3-years",
        "name": "Regular, three years",
        "prices": {"USD": 40000},
        "term_months": 36,
        "ordering": 20,
        "description": "The Regular membership for three years, at a lower yearly price.",
    },
    {
        "slug": "trainee",
        "name": "Trainee",
        "prices": {"USD": 5000},
        "term_months": 12,
        "ordering": 30,
        "career_stages": [
            CareerStage.GRADUATE_STUDENT,
            CareerStage.MEDICAL_STUDENT,
            CareerStage.POSTDOC,
        ],
        "description": "For graduate and medical students and postdoctoral researchers.",
    },
    {
        "slug": "emeritus",
        "name": "Emeritus",
        "prices": {"USD": 5000},
        "term_months": 12,
        "ordering": 40,
        "career_stages": [CareerStage.RETIRED],
        "description": "For retired members who stay part of the field.",
    },
    {
        "slug": "industry",
        "name": "Industry",
        "prices": {"USD": 25000},
        "term_months": 12,
        "ordering": 50,
        "description": "For scientists working in industry.",
    },
    {
        "slug": "honorary-lifetime",
        "name": "Honorary / Lifetime",
        "prices": {"USD": 0},
        "term_months": None,
        "ordering": 90,
        "is_purchasable": False,
        "description": "Granted by the society's council for outstanding service to the field.",
    },
]

# Fictional people, so the directory has something to show.
MEMBERS = [
    (
        "Amara",
        "Okafor",
        "University of Example",
        "GB",
        CareerStage.POSTDOC,
        "trainee",
        "Type I interferon signalling in airway epithelium",
    ),
    (
        "Lucas",
        "Moreau",
        "Institut Exemple",
        "FR",
        CareerStage.SENIOR,
        "regular",
        "IL-6 trans-signalling and chronic inflammation",
    ),
    (
        "Mei",
        "Tanaka",
        "Example Medical University",
        "JP",
        CareerStage.MID_CAREER,
        "regular",
        "JAK-STAT inhibitors in autoimmune disease",
    ),
    (
        "Sofia",
        "Lindqvist",
        "Example Institute of Technology",
        "SE",
        CareerStage.GRADUATE_STUDENT,
        "trainee",
        "Chemokine gradients in lymph node development",
    ),
    (
        "Daniel",
        "Reyes",
        "Example Biologics Inc.",
        "US",
        CareerStage.INDUSTRY,
        "industry",
        "Engineered cytokines for cancer immunotherapy",
    ),
    (
        "Priya",
        "Raman",
        "Example University Hospital",
        "IN",
        CareerStage.CLINICIAN,
        "regular",
        "Cytokine release syndrome after CAR-T therapy",
    ),
]


def membership_types_ensure() -> int:
    """The demo types and their prices, where missing. Returns how many types were created."""
    created = 0
    for spec in TYPES:
        fields = {key: value for key, value in spec.items() if key not in ("slug", "prices")}
        membership_type, was_created = MembershipType.objects.get_or_create(
            slug=spec["slug"], defaults=fields
        )
        for currency, amount in spec["prices"].items():
            MembershipPrice.objects.get_or_create(
                membership_type=membership_type, currency=currency, defaults={"amount": amount}
            )
        if was_created:
            example_mark(
                obj=membership_type,
                note="The demo's price and term length: replace them with the society's.",
            )
        created += was_created
    return created


def load() -> dict[str, int]:
    created = {"types": membership_types_ensure(), "members": 0}

    User = get_user_model()
    today = timezone.localdate()
    for index, (first, last, institution, country, stage, type_slug, interests) in enumerate(
        MEMBERS
    ):
        email = f"{first}.{last}@example.org".lower()
        if User.objects.filter(email__iexact=email).exists():
            continue
        user = User.objects.create_user(
            email=email, password=None, first_name=first, last_name=last
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        MemberProfile.objects.create(
            user=user,
            institution=institution,
            country=country,
            career_stage=stage,
            research_interests=interests,
            directory_opt_in=True,
        )
        start = today - timedelta(days=30 * (index + 1))
        membership_type = MembershipType.objects.get(slug=type_slug)
        Membership.objects.create(
            user=user,
            membership_type=membership_type,
            source=Membership.Source.IMPORT,
            start_date=start,
            end_date=start + timedelta(days=364),
            confirmed_at=timezone.now(),
        )
        created["members"] += 1
    return created
