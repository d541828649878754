"""Demo meetings. Cytokines 2021, the 9th Annual Meeting, as the society's meeting page
describes it: names, dates and numbers as given there, the prose in our own words. And an
example meeting a few months ahead of the day the demo is loaded, open for registration, so a
newcomer can register and pay with a test card without building a meeting first."""

from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from icis.core.examples import example_mark

from .models import (
    Accreditation,
    Committee,
    CommitteeMember,
    ComplianceNotice,
    Fee,
    FeeWindow,
    Format,
    FormatChange,
    GrantAcknowledgement,
    Meeting,
    Person,
    ProgramDay,
    RefundRule,
    Registration,
    RegistrationCategory,
    RegistrationSettings,
    Session,
    SponsorTier,
)

SLUG = "cytokines-2021"

WELCOME = """\
The International Cytokine & Interferon Society is the world's largest multidisciplinary
organisation for fundamental and clinical research on cytokines in health and disease. Each
year between 700 and 1,100 investigators from academia, government and industry come together
to discuss the newest findings on how cytokines and interferons regulate immunity,
inflammation, metabolism and cancer.

Many of the major advances in cytokine biology were first presented at this meeting. Cytokines
2021 continues that tradition: a forum for basic and clinical scientists to present their
latest work on cytokines, including interferons, chemokines and pro- and anti-inflammatory
factors, in infection, cancer, allergy, autoimmunity and other inflammatory and immune
diseases; to hear about new therapeutic interventions; and to start international
collaborations. We hope everyone leaves with a deeper understanding of how cytokines work
together as a network to maintain health, and of the many ways of targeting that network to
make better medicines.
"""

# A summary of the host's letter of 30 August 2021, in the project's own words: the page shows
# it as a summary, unsigned. Staff entering the real letter add its signature block.
LETTER = """\
On 30 August 2021 the meeting's host, Professor Simon A Jones of Cardiff University, wrote to
colleagues about the plans for the meeting. In short:

Travel into the UK is still restricted and COVID-19 cases keep rising, even among vaccinated
people. With that in mind, the society has taken the difficult decision to hold Cytokines 2021
as a **fully virtual meeting**.

We are committed to a virtual meeting of the highest scientific and educational standard,
building on what worked at last year's virtual meeting. The society's virtual platform is
ready for live and on-demand streaming, iPoster presentations and virtual exhibitors.

This choice keeps everyone safe and spares you the uncertainty of travelling to and gathering
in person. Thank you for your trust and support in these difficult times: we look forward to
a successful 2021 virtual meeting, with a Welsh touch of course.
"""


PIVOT = """\
The pandemic's ever-changing uncertainties put pressure on plans for a hybrid meeting in
Cardiff. Because of the restrictions on international travel into the UK and rising COVID-19
incidence, Cytokines 2021 will take place entirely online, on the society's virtual platform:
live and on-demand talks, iPosters and a virtual exhibition.
"""

# (name, affiliation, country) exactly as the meeting page lists them.
LOCAL_ORGANIZING_COMMITTEE = [
    ("Simon A Jones", "Cardiff University, Wales", "GB"),
    ("Clare Bryant", "University of Cambridge", "GB"),
    ("Clare M. Lloyd", "Imperial College", "GB"),
    ("Iain McInnes", "University of Glasgow, Scotland", "GB"),
    ("Luke O’Neill", "Trinity College Dublin", "IE"),
]

SCIENTIFIC_ADVISORY_COMMITTEE = [
    (
        "Evangelos Andreakos",
        "Laboratory of Immunobiology, Biomedical Research Foundation, Academy of Athens",
        "GR",
    ),
    ("Yvonne Bordon", "Nature Reviews Immunology", "GB"),
    ("Andrew Bowie", "Trinity College Dublin", "IE"),
    ("Ernest Choy", "Cardiff University, Wales", "GB"),
    ("Marcus Feige", "TUM", "DE"),
    ("Kate Fitzgerald", "University of Massachusetts", "US"),
    ("Trude Flow", "Norwegian University of Science and Technology", "NO"),
    ("Brian Fritz", "10x Genomics", "US"),
    ("Sarah Gaffen", "University of Pittsburgh", "US"),
    ("Christian Holm", "Aarhus University", "DK"),
    ("Christopher Hunter", "University of Pennsylvania", "US"),
    ("Brendan Jenkins", "Hudson Institute of Medical Research", "AU"),
    ("Gareth W. Jones", "University of Bristol", "GB"),
    ("You-Me Kim", "Korea Advanced Institute of Science and Technology", "KR"),
    ("Carolina López", "Washington University in Saint Louis", "US"),
    ("Ignacio Moraga Gonzalez", "University of Dundee, Scotland", "GB"),
    ("Sandra Nicholson", "Walter and Eliza Hall Institute of Medical Research", "AU"),
    ("Anne O’Garra", "Crick Institute", "GB"),
    ("Stefan Rose-John", "University of Kiel", "DE"),
    ("Ram Savan", "University of Washington", "US"),
    ("James Turkson", "Cedars-Sinai Samuel Oschin Comprehensive Cancer Institute", "US"),
    ("Irina Udalova", "University of Oxford", "GB"),
    ("Hiroki Yoshida", "Saga University", "JP"),
]

# A skeleton of the preliminary program: the themes the meeting announced, no invented talks.
PROGRAM = [
    (date(2021, 10, 17), [("Opening of Cytokines 2021", "other", time(13, 0), time(13, 30))]),
    (
        date(2021, 10, 18),
        [
            ("Cytokines and interferons in infection", "symposium", time(13, 0), time(15, 0)),
            ("iPoster session", "poster", time(15, 30), time(16, 30)),
        ],
    ),
    (
        date(2021, 10, 19),
        [
            ("Cytokines in cancer", "symposium", time(13, 0), time(15, 0)),
            ("Allergy and autoimmunity", "symposium", time(15, 30), time(17, 30)),
        ],
    ),
    (
        date(2021, 10, 20),
        [
            (
                "New therapeutic interventions targeting cytokines",
                "plenary",
                time(13, 0),
                time(15, 0),
            ),
            ("Closing session", "other", time(15, 30), time(16, 0)),
        ],
    ),
]


def _person(name: str, affiliation: str, country: str) -> Person:
    person, _ = Person.objects.get_or_create(
        name=name, defaults={"affiliation": affiliation, "country": country}
    )
    return person


@transaction.atomic
def load() -> bool:
    """Creates Cytokines 2021 if it is not there; never touches it once it is."""
    if Meeting.objects.filter(slug=SLUG).exists():
        return False
    meeting = Meeting.objects.create(
        edition=9,
        name="Cytokines 2021",
        slug=SLUG,
        tagline="A Fully Virtual Experience",
        start_date=date(2021, 10, 17),
        end_date=date(2021, 10, 20),
        time_zone="Europe/London",
        city="Cardiff",
        country="GB",
        format=Format.VIRTUAL,
        status=Meeting.Status.PAST,
        welcome_text=WELCOME,
        # The host's message in the project's own words: a summary, so it is not signed.
        welcome_letter=LETTER,
        currency="USD",
    )
    FormatChange.objects.create(
        meeting=meeting,
        changed_on=date(2021, 8, 30),
        from_format=Format.HYBRID,
        to_format=Format.VIRTUAL,
        title="Cytokines 2021 is pivoting to fully virtual",
        explanation=PIVOT,
    )
    for ordering, (name, people) in enumerate(
        [
            ("Local Organizing Committee", LOCAL_ORGANIZING_COMMITTEE),
            ("International Scientific Advisory Committee", SCIENTIFIC_ADVISORY_COMMITTEE),
        ]
    ):
        committee = Committee.objects.create(meeting=meeting, name=name, ordering=ordering)
        for position, (person_name, affiliation, country) in enumerate(people):
            chair = committee.name.startswith("Local") and person_name == "Simon A Jones"
            CommitteeMember.objects.create(
                committee=committee,
                person=_person(person_name, affiliation, country),
                role=CommitteeMember.Role.CHAIR if chair else CommitteeMember.Role.MEMBER,
                ordering=position,
            )
    Accreditation.objects.create(
        meeting=meeting,
        body="European Accreditation Council for Continuing Medical Education (EACCME®)",
        credits=18,
        credit_name="European CME credits (ECMEC®s)",
        statement=(
            "The EACCME® has accredited Cytokines 2021 Hybrid: 9th Annual Meeting of the "
            "International Cytokine & Interferon Society, Cardiff, United Kingdom, "
            "17/10/2021-20/10/2021, with 18 European CME credits (ECMEC®s)."
        ),
    )
    ComplianceNotice.objects.create(
        meeting=meeting,
        scheme="MedTech Europe Code of Ethical Business Practice",
        status=ComplianceNotice.Status.COMPLIANT,
        statement=(
            "Ethical MedTech has assessed the 9th Annual Meeting of the International Cytokine "
            "& Interferon Society, starting on 17-10-2021 in Cardiff, United Kingdom, as "
            "**compliant** with the MedTech Europe Code of Ethical Business Practice."
        ),
    )
    SponsorTier.objects.create(meeting=meeting, name="Other Sponsors & Exhibitors", rank=90)
    GrantAcknowledgement.objects.create(
        meeting=meeting,
        text="This Meeting is supported by a grant from Genentech, a member of the Roche Group.",
    )
    for day_date, sessions in PROGRAM:
        day = ProgramDay.objects.create(meeting=meeting, date=day_date)
        example_mark(
            obj=day,
            note="The demo's session times: the preliminary program gives no times; "
            "enter the real ones.",
        )
        for title, kind, start, end in sessions:
            Session.objects.create(
                day=day,
                title=title,
                kind=kind,
                start_time=start,
                end_time=end,
                track="Virtual platform",
            )
    return True


def cytokines_2021() -> Meeting | None:
    """The demo's Cytokines 2021, if it is loaded: the awards demo's travel call and the news
    demo's posts are about it."""
    return Meeting.objects.filter(slug=SLUG).first()


def award_recipients_category(meeting: Meeting) -> RegistrationCategory:
    """A place staff give, not on sale, so releasing the demo's travel awards registers the
    recipients for the meeting as a real call would."""
    category, _ = RegistrationCategory.objects.get_or_create(
        meeting=meeting,
        slug="award-recipient",
        defaults={
            "name": "Award recipient",
            "description": "A complimentary place for the recipients of the society's awards.",
            "is_public": False,
            "ordering": 900,
        },
    )
    return category


# --- The example meeting --------------------------------------------------------------------

EXAMPLE_SLUG = "example-meeting"
EXAMPLE_STARTS_IN_DAYS = 120
EXAMPLE_DAYS = 3
EXAMPLE_EARLY_BIRD_DAYS = 30

EXAMPLE_WELCOME = """\
**This is an example meeting, not a real event.** The demo content creates it a few months
ahead of the day the demo is loaded, so that you can try registration from start to finish:
choose a category, join the society in the same payment for the member rate, pay with a test
card (4242 4242 4242 4242, any future date, any CVC) and see your attendee page.

The "Workshop and meeting" category is sold out on purpose: try it to see the waitlist.
"""

EXAMPLE_ACCESS = """\
Live stream: https://stream.example.org/example-meeting

On-demand talks: https://on-demand.example.org/example-meeting
"""

# (slug, name, description, needs membership, capacity, early price, regular price), in cents.
EXAMPLE_CATEGORIES = [
    (
        "member",
        "Member",
        "Needs a membership active on the meeting's dates.",
        True,
        None,
        30000,
        40000,
    ),
    ("non-member", "Non-member", "", False, None, 60000, 70000),
    (
        "workshop",
        "Workshop and meeting",
        "The meeting and the hands-on workshop the day before; limited places.",
        False,
        3,
        80000,
        90000,
    ),
]
EXAMPLE_SOLD_OUT = "workshop"

# Fictional attendees who took the workshop's places, so the demo shows a sold-out category.
EXAMPLE_ATTENDEES = [
    ("Ines", "Ferreira", "Example University of Lisbon", "PT"),
    ("Tomas", "Novak", "Example Institute of Immunology", "CZ"),
    ("Grace", "Mensah", "Example Health Sciences University", "GH"),
]

# (day of the meeting, title, kind, start, end): a small program to show times and streams.
EXAMPLE_PROGRAM = [
    (0, "Opening and keynote", "keynote", time(9, 0), time(10, 30)),
    (0, "Interferons and antiviral immunity", "symposium", time(14, 0), time(16, 0)),
    (1, "Cytokine signalling in tumours", "symposium", time(9, 0), time(11, 0)),
    (1, "Poster session", "poster", time(16, 30), time(18, 0)),
    (2, "Closing session", "other", time(12, 0), time(12, 30)),
]


def example_dates(today: date) -> dict[str, date]:
    """The example meeting's dates, counted from the day the demo is loaded."""
    start = today + timedelta(days=EXAMPLE_STARTS_IN_DAYS)
    return {
        "start": start,
        "end": start + timedelta(days=EXAMPLE_DAYS - 1),
        "early_bird_ends": today + timedelta(days=EXAMPLE_EARLY_BIRD_DAYS),
        "regular_ends": start - timedelta(days=1),
        "full_refund_until": today + timedelta(days=EXAMPLE_EARLY_BIRD_DAYS),
        "half_refund_until": start - timedelta(days=30),
    }


@transaction.atomic
def load_example(*, today: date | None = None) -> bool:
    """Creates the example meeting if it is not there; never touches it once it is (its dates
    stay those of the day it was first loaded)."""
    if Meeting.objects.filter(slug=EXAMPLE_SLUG).exists():
        return False
    dates = example_dates(today or timezone.localdate())
    start = dates["start"]
    meeting = Meeting.objects.create(
        edition=start.year - 2012,  # 2021 was the 9th
        name=f"Example Meeting {start.year}",
        slug=EXAMPLE_SLUG,
        tagline="An example for trying registration, not a real event",
        start_date=start,
        end_date=dates["end"],
        time_zone="Europe/London",
        city="Bristol",
        country="GB",
        format=Format.HYBRID,
        status=Meeting.Status.REGISTRATION_OPEN,
        welcome_text=EXAMPLE_WELCOME,
        currency="USD",
    )
    example_mark(
        obj=meeting,
        note="An example meeting for trying registration: its fees, places, refund rules and "
        "program times are examples, not the society's.",
    )
    RegistrationSettings.objects.create(
        meeting=meeting, capacity=None, access_details=EXAMPLE_ACCESS, access_published=True
    )
    early = FeeWindow.objects.create(
        meeting=meeting, name="Early bird", ends_on=dates["early_bird_ends"]
    )
    regular = FeeWindow.objects.create(
        meeting=meeting, name="Regular", ends_on=dates["regular_ends"]
    )
    categories = {}
    for ordering, (slug, name, description, member, capacity, early_fee, regular_fee) in enumerate(
        EXAMPLE_CATEGORIES
    ):
        categories[slug] = RegistrationCategory.objects.create(
            meeting=meeting,
            slug=slug,
            name=name,
            description=description,
            requires_membership=member,
            capacity=capacity,
            ordering=ordering,
        )
        Fee.objects.create(category=categories[slug], window=early, amount=early_fee)
        Fee.objects.create(category=categories[slug], window=regular, amount=regular_fee)
    RefundRule.objects.create(meeting=meeting, until=dates["full_refund_until"], percent=100)
    RefundRule.objects.create(meeting=meeting, until=dates["half_refund_until"], percent=50)
    _example_program(meeting)
    _example_sold_out(meeting, categories[EXAMPLE_SOLD_OUT])
    return True


def _example_program(meeting: Meeting) -> None:
    days = {}
    for offset, title, kind, start, end in EXAMPLE_PROGRAM:
        if offset not in days:
            days[offset] = ProgramDay.objects.create(
                meeting=meeting, date=meeting.start_date + timedelta(days=offset)
            )
        Session.objects.create(
            day=days[offset],
            title=title,
            kind=kind,
            start_time=start,
            end_time=end,
            track="Main hall and online",
            stream_url=f"https://stream.example.org/{meeting.slug}",
        )


def _example_sold_out(meeting: Meeting, category: RegistrationCategory) -> None:
    """Fills the category with confirmed places of fictional attendees (given, as staff give
    a place: nothing was paid)."""
    User = get_user_model()
    now = timezone.now()
    for first, last, institution, country in EXAMPLE_ATTENDEES[: category.capacity]:
        email = f"{first}.{last}@example.org".lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, first_name=first, last_name=last
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Registration.objects.create(
            meeting=meeting,
            user=user,
            category=category,
            status=Registration.Status.CONFIRMED,
            is_complimentary=True,
            fee_window="Complimentary",
            confirmed_at=now,
            badge_name=f"{first} {last}",
            affiliation=institution,
            country=country,
        )


def load_abstract_calls(*, staff_email: str = "") -> dict[str, int]:
    """The demo calls for abstracts (meetings.abstracts), on the two meetings above, and the
    2021 call's judged abstracts (decided by the staff account `staff_email`)."""
    from .abstracts import demo as abstracts_demo

    return abstracts_demo.load(example_slug=EXAMPLE_SLUG, slug_2021=SLUG, staff_email=staff_email)


def load_virtual_meeting() -> dict:
    """The virtual platform's demo on Cytokines 2021 (meetings/demo_virtual.py), once the
    2021 abstracts are judged: recordings, posters, booths, the finished tournament."""
    from . import demo_virtual

    meeting = cytokines_2021()
    return demo_virtual.load(meeting) if meeting else {}


def load_pictures(meeting: Meeting | None) -> dict:
    """Cytokines 2021's banner, its sponsors' placeholder logos and the fictional partners, and
    the example meeting's fictional sponsors (meetings/demo_pictures.py)."""
    from .demo_pictures import load

    return load(meeting, example=Meeting.objects.filter(slug=EXAMPLE_SLUG).first())
