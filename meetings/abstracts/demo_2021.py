"""The judged example on Cytokines 2021's closed call: fictional abstracts submitted through
the submission service while the call was open, a fictional panel judging them by topic
through the review engine, and the decisions staff recorded and released, so the program has
its oral abstracts and the meeting its posters. Built once, when the call has no abstracts;
after that it is staff's to change.

Like the awards demo, it goes through the real services, so the emails they queue (received,
assigned, decided) wait in the outbox like any others, dated 2021."""

from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from meetings.models import Session

from . import review_services, services
from .demo_2021_data import ABSTRACTS
from .models import Abstract, AbstractCall, AbstractPanelMember
from .models_review import AbstractReview

# Presenting authors, who submit their own abstracts (each has an account).
PRESENTERS = {
    "Imogen Testwell": "imogen.testwell@example.org",
    "Rafferty Placeholder": "rafferty.placeholder@example.org",
    "Lucinda Samplesby": "lucinda.samplesby@example.org",
    "Oswin Mockridge": "oswin.mockridge@example.org",
    "Priyanka Demoshah": "priyanka.demoshah@example.org",
    "Tobias Fictorius": "tobias.fictorius@example.org",
    "Henrietta Exampleton": "henrietta.exampleton@example.org",
    "Kwame Illustro": "kwame.illustro@example.org",
    "Sigrid Notreal": "sigrid.notreal@example.org",
    "Mateo Inventado": "mateo.inventado@example.org",
    "Yuki Kakuuno": "yuki.kakuuno@example.org",
    "Beatrix Dummington": "beatrix.dummington@example.org",
    "Cormac Specimen": "cormac.specimen@example.org",
    "Amelie Trialle": "amelie.trialle@example.org",
    "Desmond Protocolle": "desmond.protocolle@example.org",
    "Farida Modelova": "farida.modelova@example.org",
}

# The panel: each reviewer judges two of the four topics, so every topic has four reviewers.
PANEL = [
    ("Marguerite", "Reviewsworth", "marguerite.reviewsworth@example.org", (0, 1)),
    ("Anselm", "Scorewell", "anselm.scorewell@example.org", (1, 2)),
    ("Delphine", "Rubrique", "delphine.rubrique@example.org", (2, 3)),
    ("Ignatius", "Panelford", "ignatius.panelford@example.org", (3, 0)),
    ("Noor", "Critiqua", "noor.critiqua@example.org", (0, 1)),
    ("Bartholomew", "Assessby", "bartholomew.assessby@example.org", (1, 2)),
    ("Wilhelmina", "Judgely", "wilhelmina.judgely@example.org", (2, 3)),
    ("Emeka", "Referee-Obi", "emeka.referee-obi@example.org", (3, 0)),
]

SUBMITTED_FROM = datetime(2021, 5, 3, 9, 0, tzinfo=UTC)
ASSIGNED_AT = datetime(2021, 7, 20, 9, 0, tzinfo=UTC)
REVIEWED_FROM = datetime(2021, 7, 26, 10, 0, tzinfo=UTC)
DECIDED_AT = datetime(2021, 8, 16, 14, 0, tzinfo=UTC)
RELEASED_AT = datetime(2021, 8, 18, 9, 0, tzinfo=UTC)

# How far each reviewer's scores stray from an abstract's quality, criterion by criterion: the
# panel disagrees a little, so means differ and spreads show.
LEANINGS = [(0, 0, 0), (0, -1, 0), (1, 0, 0), (0, 0, -1), (-1, 0, 1), (0, 1, 0), (0, -1, -1)]

COMMENTS = {
    5: "Clear question, convincing design and an important result; would make a good talk.",
    4: "Sound work with a clear message; the controls could be described more fully.",
    3: "Reasonable study; the conclusions go a little beyond what is shown.",
    2: "Preliminary: the design cannot yet support the conclusion drawn.",
}


def _account(email: str, first_name: str, last_name: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name=first_name, last_name=last_name
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _submit(call: AbstractCall, spec: dict, *, topics: list, position: int) -> Abstract:
    presenter = spec["authors"][0][0]
    first, last = presenter.split(" ", 1)
    submitter = _account(PRESENTERS[presenter], first, last)
    content = services.AbstractContent(
        title=spec["title"],
        topic_id=topics[spec["topic"]].pk,
        preference="either" if position % 3 else "oral",
        body=spec["body"],
        keywords=spec["keywords"],
        conflicts="None.",
        publication_consent=True,
        authors=tuple(
            services.AuthorEntry(
                name=name,
                email=PRESENTERS[name] if n == 0 else "",
                affiliation_numbers=numbers,
                is_presenting=n == 0,
            )
            for n, (name, numbers) in enumerate(spec["authors"])
        ),
        affiliations=tuple(spec["affiliations"]),
    )
    submitted = SUBMITTED_FROM + timedelta(days=2 * position, hours=position % 7)
    abstract = services.abstract_save(
        call_id=call.pk, user=submitter, content=content, submit=True, now=submitted
    )
    # Started as a draft a few days before it was submitted, in 2021.
    Abstract.objects.filter(pk=abstract.pk).update(created_at=submitted - timedelta(days=3))
    return abstract


def _score(quality: int, leaning: tuple[int, int, int]) -> list[int]:
    return [min(5, max(1, quality + step)) for step in leaning]


def load(call: AbstractCall, *, staff) -> dict[str, int]:
    """The abstracts, the panel, the reviews and the released decisions; nothing when the
    call already has abstracts. Returns counts of what was made."""
    made = {"abstracts": 0, "reviews": 0, "released": 0}
    if call.abstracts.exists():
        return made
    topics = list(call.topics.all())
    abstracts = [
        (_submit(call, spec, topics=topics, position=n), spec) for n, spec in enumerate(ABSTRACTS)
    ]
    made["abstracts"] = len(abstracts)

    review_services.rubric_default(call=call)
    panel = []
    for first, last, email, judged in PANEL:
        reviewer = _account(email, first, last)
        member, _ = AbstractPanelMember.objects.get_or_create(
            call=call, reviewer=reviewer, defaults={"added_at": ASSIGNED_AT}
        )
        member.topics.set([topics[n] for n in judged])
        panel.append(reviewer)
    review_services.reviews_assign_automatic(call=call, actor=staff, now=ASSIGNED_AT)

    criteria = list(call.criteria.order_by("ordering", "pk"))
    quality = {abstract.pk: spec["quality"] for abstract, spec in abstracts}
    reviewer_index = {reviewer.pk: n for n, reviewer in enumerate(panel)}
    reviews = AbstractReview.objects.filter(abstract__call=call).select_related("reviewer")
    for n, review in enumerate(reviews.order_by("abstract_id", "reviewer_id")):
        q = quality[review.abstract_id]
        leaning = LEANINGS[(review.abstract_id + reviewer_index[review.reviewer_id]) % 7]
        review_services.review_save(
            review_id=review.pk,
            reviewer=review.reviewer,
            scores={c.pk: v for c, v in zip(criteria, _score(q, leaning), strict=True)},
            comment=COMMENTS[q],
            submit=True,
            now=REVIEWED_FROM + timedelta(hours=5 * n),
        )
        made["reviews"] += 1

    sessions = {
        session.title: session.pk for session in Session.objects.filter(day__meeting=call.meeting)
    }
    for abstract, spec in abstracts:
        decision, session_title = spec["decision"]
        review_services.decision_record(
            abstract_id=abstract.pk,
            decision=decision,
            session_id=sessions.get(session_title) if session_title else None,
            actor=staff,
            now=DECIDED_AT,
        )
    released = review_services.decisions_release(call=call, actor=staff, now=RELEASED_AT)
    made["released"] = released.sent
    return made
