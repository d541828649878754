"""Demo awards: the society's Senior, Mid-Career, Young Investigator and Trainee awards and a
travel award for trainees, each with rules the site checks, open calls so the awards pages have
something to apply to, and a judged example on the Cytokines 2021 travel award for staff to
rank, decide and release.

Creates what is missing and never overwrites. The rules, rubrics and deadlines are
illustrative; the society states no prize money, so none is shown. The applicants and the
panel are fictional people; the judged example is built in awards.demo_judging.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from icis.core.examples import example_mark
from members.career import CareerStage

from .demo_judging import TRAVEL_SLUG, _rules, _travel_call
from .models import AwardCycle, AwardProgram, DocumentKind, Level

PROGRAMS = [
    {
        "slug": "senior-lifetime",
        "name": "Senior Investigator Lifetime Award",
        "level": Level.SENIOR,
        "ordering": 10,
        "summary": (
            "Honours a career of outstanding contributions to cytokine and interferon research. "
            "Given by nomination only."
        ),
        "description": """\
The Senior award honours a scientist whose work over a whole career has changed how we
understand cytokines and interferons, or how they are used in medicine.

**Candidates cannot apply.** Any member of the society may nominate a colleague, with a
nomination letter, the candidate's CV and two supporting letters. Candidates need not be
members themselves.

The panel looks for lasting influence on the field, for scientific excellence sustained over
many years, and for leadership, service to the community and the mentoring of those who came
after.
""",
        "membership_required": False,
        "career_stages": [],
    },
    {
        "slug": "mid-career",
        "name": "Mid-Career Award",
        "level": Level.MID_CAREER,
        "ordering": 20,
        "summary": (
            "For members who lead an independent research group and have made important "
            "contributions in the middle of their careers."
        ),
        "description": """\
The Mid-Career Award recognises members whose independent research has already made a clear
mark on cytokine and interferon biology, and who are building the next stage of their work.

Applicants must be **members of the society** and at the **mid-career** stage in their profile,
and confirm that they lead an independent research group. Each application includes a CV, a
personal statement and two referee letters.
""",
        "membership_required": True,
        "career_stages": [CareerStage.MID_CAREER],
        "declaration": "I lead an independent research group.",
    },
    {
        "slug": "young-investigator",
        "name": "Young Investigator Award",
        "level": Level.YOUNG_INVESTIGATOR,
        "ordering": 30,
        "summary": (
            "For members within ten years of their highest degree whose early work shows "
            "exceptional promise."
        ),
        "description": """\
The Young Investigator Award recognises researchers early in their careers whose work on
cytokines and interferons is already original and of high quality, and who show the promise
to lead the field.

Applicants must be **members of the society** and have received their **highest degree no more
than ten years** before the year of the call, as given in their profile. Each application
includes a CV, a personal statement and two referee letters.
""",
        "membership_required": True,
        "career_stages": [],
        "max_years_since_degree": 10,
    },
    {
        "slug": "trainee",
        "name": "Trainee Award",
        "level": Level.TRAINEE,
        "ordering": 40,
        "summary": (
            "For graduate students and postdoctoral researchers who are members of the society."
        ),
        "description": """\
The Trainee Award recognises outstanding research by scientists in training, and encourages
them to build their careers in the cytokine and interferon field.

Applicants must be **members of the society** and, in their profile, a **graduate student** or
a **postdoctoral researcher**. Each application includes a CV, a one-page abstract of the work
and a letter from the applicant's supervisor.
""",
        "membership_required": True,
        "career_stages": [CareerStage.GRADUATE_STUDENT, CareerStage.POSTDOC],
    },
    {
        "slug": TRAVEL_SLUG,
        "name": "Trainee Travel Award",
        "level": Level.TRAVEL,
        "ordering": 50,
        "summary": (
            "Helps graduate and medical students and postdoctoral researchers come to the "
            "Annual Meeting to present their work."
        ),
        "description": """\
Bringing young researchers together with established scientists is one of the society's main
goals, and the travel awards are one of the ways it does so. The society gives many of them
each year.

Each call is tied to that year's Annual Meeting. Graduate and medical students and
postdoctoral researchers may apply with a CV and the abstract they will present, and confirm
that they will present it at the meeting. Recipients are registered for the meeting free of
charge.
""",
        "membership_required": False,
        "career_stages": [
            CareerStage.GRADUATE_STUDENT,
            CareerStage.MEDICAL_STUDENT,
            CareerStage.POSTDOC,
        ],
        "declaration": "I will present my abstract at the meeting.",
        "grants_registration": True,
    },
]

# Calls open now for the four career-stage awards: (program slug, intake, documents as
# (kind, page limit), referee letters, rubric as (criterion, weight)).
OPEN_CALLS = [
    (
        "senior-lifetime",
        AwardCycle.Intake.NOMINATIONS,
        [(DocumentKind.NOMINATION, 2), (DocumentKind.CV, 4)],
        2,
        [
            ("Contribution to the field", 3),
            ("Scientific excellence", 2),
            ("Leadership and service", 2),
            ("Mentoring", 1),
        ],
    ),
    (
        "mid-career",
        AwardCycle.Intake.APPLICATIONS,
        [(DocumentKind.CV, 2), (DocumentKind.STATEMENT, 2)],
        2,
        [
            ("Scientific excellence", 3),
            ("Originality", 2),
            ("Leadership and mentoring", 2),
            ("Contribution to the field", 1),
        ],
    ),
    (
        "young-investigator",
        AwardCycle.Intake.APPLICATIONS,
        [(DocumentKind.CV, 2), (DocumentKind.STATEMENT, 2)],
        2,
        [
            ("Scientific excellence", 3),
            ("Originality", 2),
            ("Promise and leadership", 2),
            ("Contribution to the field", 1),
        ],
    ),
    (
        "trainee",
        AwardCycle.Intake.APPLICATIONS,
        [(DocumentKind.CV, 2), (DocumentKind.ABSTRACT, 1)],
        1,
        [
            ("Scientific quality of the work", 3),
            ("Originality", 2),
            ("Promise as a researcher", 2),
            ("Clarity of the abstract", 1),
        ],
    ),
]


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


def _open_calls(now: datetime) -> int:
    """This year's call for each career-stage award, open for the next six weeks or so."""
    today = now.astimezone(UTC).date()
    created = 0
    for slug, intake, documents, letters, criteria in OPEN_CALLS:
        program = AwardProgram.objects.filter(slug=slug).first()
        if program is None:
            continue
        cycle, was_created = AwardCycle.objects.get_or_create(
            program=program,
            year=today.year,
            defaults={
                "opens_at": datetime.combine(today - timedelta(days=14), time(0, 0), tzinfo=UTC),
                "closes_at": _end_of_day(today + timedelta(days=45)),
                "intake": intake,
                "letters_required": letters,
                "reviews_per_application": 3,
            },
        )
        if was_created:
            _rules(cycle, documents, criteria)
            example_mark(
                obj=cycle,
                note="The demo's dates, documents, referee letters and criteria: replace them "
                "with this year's call.",
            )
            created += 1
    return created


@transaction.atomic
def load(
    *,
    staff_email: str,
    travel_meeting=None,
    recipients_category: Callable | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Creates the programs, this year's open calls and the judged 2021 travel call, each only
    if missing. Returns how many of each were created.

    The travel call is for `travel_meeting` (the meetings demo's Cytokines 2021; none without
    it), its recipients get the place `recipients_category(meeting)` gives, and the staff
    account `staff_email` sits on its panel: the command that loads the demo passes them."""
    now = now or timezone.now()
    created = {"programs": 0, "calls": 0, "applications": 0}
    for spec in PROGRAMS:
        program, was_created = AwardProgram.objects.get_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        if was_created:
            example_mark(
                obj=program,
                note="The demo's eligibility rules and value: replace them with the award's.",
            )
        created["programs"] += was_created
    created["calls"] += _open_calls(now)
    calls, applications = _travel_call(
        meeting=travel_meeting, recipients_category=recipients_category, staff_email=staff_email
    )
    created["calls"] += calls
    created["applications"] += applications
    return created
