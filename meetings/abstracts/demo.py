"""Demo calls for abstracts: an open call on the example meeting, so a newcomer can submit an
abstract after `make run`, and the closed call of Cytokines 2021 with its four topics and its
fictional abstracts, judged by a fictional panel, decided and released (`demo_2021`). Creates
what is missing and never overwrites."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.models import Meeting

from . import demo_2021
from .models import AbstractCall, AbstractTopic

TOPICS_2021 = [
    "Interferons and antiviral immunity",
    "Cytokines in cancer and immunotherapy",
    "Inflammation, autoimmunity and allergy",
    "Cytokine signalling and regulation",
]

EXAMPLE_INTRODUCTION = """\
This is an example call on an example meeting, not a real one: try submitting an abstract.
Write Greek letters and symbols as they are (IL-1\u03b2, IFN-\u03b3, \u2265, \u00b5M);
superscript as Ca^{2+} and subscript as T_{H}17. The counter under the abstract counts as the
server does."""

INTRODUCTION_2021 = """\
The call for abstracts of Cytokines 2021 is closed. Abstracts were reviewed by topic and
presented as talks in the program's sessions or as iPosters. (In this demo the abstracts,
their authors and their reviewers are fictional examples, not real results.)"""


def _call(meeting: Meeting, *, topics: list[str], **fields) -> bool:
    if AbstractCall.objects.filter(meeting=meeting).exists():
        return False
    call = AbstractCall.objects.create(meeting=meeting, **fields)
    AbstractTopic.objects.bulk_create(
        AbstractTopic(call=call, name=name, position=position)
        for position, name in enumerate(topics, start=1)
    )
    return True


def load(
    *, example_slug: str, slug_2021: str, staff_email: str = "", now: datetime | None = None
) -> dict[str, int]:
    """The two calls, and the 2021 call's abstracts judged and decided (by the staff account
    `staff_email`, when there is one); returns how many of each were created."""
    now = now or timezone.now()
    created = 0
    judged = {"abstracts": 0, "reviews": 0, "released": 0}
    example = Meeting.objects.filter(slug=example_slug).first()
    if example is not None:
        closes = datetime.combine(
            max(example.start_date - timedelta(days=45), (now + timedelta(days=14)).date()),
            time(23, 59),
            tzinfo=example.time_zone,
        )
        created += _call(
            example,
            topics=TOPICS_2021,
            introduction=EXAMPLE_INTRODUCTION,
            opens_at=now - timedelta(days=1),
            closes_at=closes,
            late_breaking_opens_at=closes + timedelta(days=7),
            late_breaking_closes_at=closes + timedelta(days=21),
            max_authors=15,
            max_per_presenter=2,
            presenter_registered_by=example.start_date - timedelta(days=30),
        )
    meeting_2021 = Meeting.objects.filter(slug=slug_2021).first()
    if meeting_2021 is not None:
        created += _call(
            meeting_2021,
            topics=TOPICS_2021,
            introduction=INTRODUCTION_2021,
            opens_at=meeting_2021.at(datetime(2021, 4, 6).date(), time(9)),
            closes_at=meeting_2021.at(datetime(2021, 7, 16).date(), time(23, 59)),
            presenter_registered_by=datetime(2021, 9, 1).date(),
        )
        staff = get_user_model().objects.filter(email__iexact=staff_email).first()
        call = AbstractCall.objects.filter(meeting=meeting_2021).first()
        if staff is not None and call is not None:
            judged = demo_2021.load(call, staff=staff)
    return {"calls": created, **judged}
