"""Demo judging: the rubrics the demo calls are scored by, and the judged example on the
Cytokines 2021 travel award (its panel, applicants and submitted reviews) for staff to rank,
decide and release. The applicants and the panel are fictional people.

The meeting, its award recipients' place and the staff account come from the other apps'
demos: the command that loads the demo (icis/site) hands them in, so awards imports none of
them.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members import services as member_services
from members.career import CareerStage

from . import services
from .models import (
    Application,
    AwardCycle,
    AwardProgram,
    Criterion,
    DocumentKind,
    PanelMember,
    RequiredDocument,
    Review,
)

TRAVEL_SLUG = "trainee-travel"
TRAVEL_YEAR = 2021

CRITERION_GUIDANCE = {
    "Scientific excellence": "Rigour and importance of the work.",
    "Scientific quality of the work": "Rigour of the methods and strength of the findings.",
    "Scientific quality of the abstract": "Rigour of the methods and strength of the findings.",
    "Originality": "New questions, new approaches, unexpected findings.",
    "Contribution to the field": "How the work has moved cytokine and interferon research on.",
}

TRAVEL_CRITERIA = [
    ("Scientific quality of the abstract", 3),
    ("Originality", 2),
    ("Promise as a researcher", 2),
    ("Benefit of attending the meeting", 1),
]

# Applicants to the 2021 travel award. The first two are the trainees of the members demo; the
# others are added here, one of them at the same institution as a panel member so automatic
# assignment has a conflict to avoid.
APPLICANTS = [
    {
        "email": "amara.okafor@example.org",
        "title": "Type I interferon signalling shapes repair of the airway epithelium",
        "summary": (
            "Airway epithelial cells are the first to meet respiratory viruses, and type I "
            "interferons decide much of what happens next. Using air-liquid interface cultures "
            "and single-cell sequencing, we follow how the strength and timing of interferon "
            "signalling change the balance between antiviral defence and repair of the "
            "epithelium, and which cell states drive each."
        ),
        "submitted": datetime(2021, 8, 2, 14, 20, tzinfo=UTC),
    },
    {
        "email": "sofia.lindqvist@example.org",
        "title": "Chemokine gradients guide the assembly of the developing lymph node",
        "summary": (
            "Lymph nodes form before birth as stromal and haematopoietic cells gather at "
            "precise sites. We map chemokine gradients in the developing node by imaging of "
            "cleared tissue and ask how disturbing them, one chemokine at a time, changes "
            "where lymphoid tissue inducer cells settle and how the node is organised."
        ),
        "submitted": datetime(2021, 8, 11, 9, 5, tzinfo=UTC),
    },
    {
        "email": "tomas.herrera@example.org",
        "first_name": "Tomás",
        "last_name": "Herrera",
        "institution": "Example Medical University",
        "country": "ES",
        "career_stage": CareerStage.MEDICAL_STUDENT,
        "interests": "IL-17 and neutrophils in chronic inflammation",
        "title": "IL-17 controls neutrophil recruitment in chronic mucosal inflammation",
        "summary": (
            "Neutrophils accumulate in chronically inflamed mucosa, but what keeps them coming "
            "is unclear. In a model of chronic mucosal inflammation we compare mice lacking "
            "IL-17 signalling in epithelial or stromal cells, and relate the chemokines each "
            "compartment makes to the number and behaviour of the neutrophils recruited."
        ),
        "submitted": datetime(2021, 8, 14, 22, 41, tzinfo=UTC),
    },
    {
        "email": "grace.mensah@example.org",
        "first_name": "Grace",
        "last_name": "Mensah",
        "institution": "Example Centre for Infection Research",
        "country": "GH",
        "career_stage": CareerStage.POSTDOC,
        "interests": "Interferon lambda in respiratory viral infection",
        "title": "Interferon lambda limits viral spread without inflammation in the lung",
        "summary": (
            "Interferon lambda acts mainly on epithelial surfaces, which makes it an attractive "
            "antiviral with fewer inflammatory effects than type I interferons. We compare the "
            "two in primary lung epithelial cultures and in infected mice, measuring viral "
            "spread, the genes each induces and the immune cells they bring in."
        ),
        "submitted": datetime(2021, 7, 28, 16, 0, tzinfo=UTC),
    },
]

# The panel: the staff account (so staff can try scoring) and three members of the members
# demo. The chair is the senior investigator.
PANEL = [
    "lucas.moreau@example.org",
    "mei.tanaka@example.org",
    "priya.raman@example.org",
]
PANEL_CHAIR = "lucas.moreau@example.org"

# Reviews two panel members have already submitted: scores in the order of TRAVEL_CRITERIA.
# Whichever of these automatic assignment gave them are submitted; the staff account's own
# assignments are left to do.
SUBMITTED_REVIEWS = {
    "lucas.moreau@example.org": {
        "amara.okafor@example.org": ((5, 4, 5, 4), "A clear question, well-chosen methods."),
        "sofia.lindqvist@example.org": ((4, 5, 4, 4), "Imaginative approach; early results."),
        "tomas.herrera@example.org": ((3, 3, 4, 5), "Promising for a medical student."),
        "grace.mensah@example.org": ((4, 4, 4, 3), "Solid comparison, well argued."),
    },
    "mei.tanaka@example.org": {
        "amara.okafor@example.org": ((4, 4, 5, 4), "Strong candidate with a focused abstract."),
        "sofia.lindqvist@example.org": ((4, 4, 3, 4), "Good work; the aims could be sharper."),
        "grace.mensah@example.org": ((5, 4, 4, 4), "Well designed and clearly written."),
    },
}

TRAVEL_OPENS = datetime(2021, 6, 1, 0, 0, tzinfo=UTC)
TRAVEL_CLOSES = datetime(2021, 8, 15, 23, 59, tzinfo=UTC)
ASSIGNED_AT = datetime(2021, 8, 17, 9, 0, tzinfo=UTC)
REVIEWED_AT = datetime(2021, 8, 27, 15, 30, tzinfo=UTC)


def _rules(cycle: AwardCycle, documents, criteria) -> None:
    for kind, max_pages in documents:
        RequiredDocument.objects.create(cycle=cycle, kind=kind, max_pages=max_pages)
    for ordering, (name, weight) in enumerate(criteria):
        Criterion.objects.create(
            cycle=cycle,
            name=name,
            weight=weight,
            guidance=CRITERION_GUIDANCE.get(name, ""),
            ordering=ordering,
        )


def _applicant(spec: dict):
    """The applicant's account: one of the members demo's people, or a fictional trainee made
    here with a profile (no membership: the travel award does not ask for one)."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=spec["email"]).first()
    if user is not None or "first_name" not in spec:
        return user
    user = User.objects.create_user(
        email=spec["email"],
        password=None,
        first_name=spec["first_name"],
        last_name=spec["last_name"],
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = member_services.profile_ensure(user=user)
    profile.institution = spec["institution"]
    profile.country = spec["country"]
    profile.career_stage = spec["career_stage"]
    profile.research_interests = spec["interests"]
    profile.save()
    return user


def _travel_call(*, meeting, recipients_category: Callable, staff_email: str) -> tuple[int, int]:
    """The Cytokines 2021 travel award, closed, with applications judged in part. Built once,
    with the call; after that it is staff's to change. `meeting` is Cytokines 2021 (None when
    the meetings demo is not loaded), `recipients_category(meeting)` the place its recipients
    get, `staff_email` the demo's staff account, who sits on the panel."""
    program = AwardProgram.objects.filter(slug=TRAVEL_SLUG).first()
    if (
        meeting is None
        or program is None
        or AwardCycle.objects.filter(program=program, year=TRAVEL_YEAR).exists()
    ):
        return 0, 0
    cycle = AwardCycle.objects.create(
        program=program,
        year=TRAVEL_YEAR,
        opens_at=TRAVEL_OPENS,
        closes_at=TRAVEL_CLOSES,
        meeting=meeting,
        registration_category=recipients_category(meeting),
        awards_available=2,
        call_text=(
            "This call brings trainees to **Cytokines 2021**, the 9th Annual Meeting "
            "(17 to 20 October 2021), to present their abstracts."
        ),
        letters_required=0,
        reviews_per_application=3,
    )
    _rules(cycle, [(DocumentKind.CV, 2), (DocumentKind.ABSTRACT, 1)], TRAVEL_CRITERIA)

    User = get_user_model()
    staff = User.objects.filter(email__iexact=staff_email).first()
    reviewers = {}
    for email in [staff_email, *PANEL]:
        reviewer = User.objects.filter(email__iexact=email).first()
        if reviewer is None:
            continue
        PanelMember.objects.create(
            cycle=cycle, reviewer=reviewer, is_chair=email == PANEL_CHAIR, added_at=ASSIGNED_AT
        )
        reviewers[email] = reviewer

    applications = 0
    for spec in APPLICANTS:
        user = _applicant(spec)
        if user is None:
            continue
        profile = getattr(user, "member_profile", None)
        application = Application.objects.create(
            cycle=cycle,
            kind=Application.Kind.APPLICATION,
            created_by=user,
            candidate=user,
            candidate_name=user.get_full_name(),
            candidate_email=user.email,
            candidate_institution=getattr(profile, "institution", ""),
            candidate_career_stage=getattr(profile, "career_stage", ""),
            candidate_degree_year=getattr(profile, "degree_year", None),
            title=spec["title"],
            summary=spec["summary"],
            declaration_confirmed=True,
            status=Application.Status.SUBMITTED,
            submitted_at=spec["submitted"],
        )
        Application.objects.filter(pk=application.pk).update(
            created_at=spec["submitted"] - timedelta(days=3), updated_at=spec["submitted"]
        )
        applications += 1

    if applications and reviewers:
        services.reviews_assign_automatic(cycle=cycle, actor=staff, now=ASSIGNED_AT)
        criteria = list(cycle.criteria.order_by("ordering"))
        for reviewer_email, by_applicant in SUBMITTED_REVIEWS.items():
            reviewer = reviewers.get(reviewer_email)
            if reviewer is None:
                continue
            reviews = Review.objects.filter(
                application__cycle=cycle, reviewer=reviewer
            ).select_related("application")
            for review in reviews:
                given = by_applicant.get(review.application.candidate_email)
                if given is None:
                    continue
                values, comment = given
                services.review_save(
                    review_id=review.pk,
                    reviewer=reviewer,
                    scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
                    comment=comment,
                    submit=True,
                    now=REVIEWED_AT,
                )
    return 1, applications
