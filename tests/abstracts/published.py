"""Published abstracts for the publishing and book tests: accepted (oral or poster), decision
released, with authors and affiliations. The decision fields are set directly."""

from datetime import time, timedelta

from django.utils import timezone

from meetings.abstracts.models import Abstract
from meetings.models import ProgramDay, Talk
from tests.factories import AbstractFactory, AffiliationFactory, AuthorFactory, SessionFactory


def published_abstract(
    call,
    *,
    decision=Abstract.Decision.POSTER,
    board_number="",
    talk=None,
    authors=(("Ada Okafor", [1], True), ("Bram de Vries", [1, 2], False)),
    affiliations=("Institute of Immunology, Cardiff", "Cytokine Unit, Leiden"),
    **fields,
) -> Abstract:
    fields.setdefault("topic", call.topics.first())
    abstract = AbstractFactory(
        call=call,
        status=Abstract.Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=40),
        decision=decision,
        decided_at=timezone.now() - timedelta(days=2),
        decision_released_at=timezone.now() - timedelta(days=1),
        board_number=board_number,
        talk=talk,
        **fields,
    )
    for number, name in enumerate(affiliations, start=1):
        AffiliationFactory(abstract=abstract, number=number, name=name)
    for position, (name, numbers, presenting) in enumerate(authors, start=1):
        AuthorFactory(
            abstract=abstract,
            position=position,
            name=name,
            affiliation_numbers=numbers,
            is_presenting=presenting,
        )
    return abstract


def oral_talk(call, *, room="Hall A", start=time(14, 30)) -> Talk:
    day, _ = ProgramDay.objects.get_or_create(meeting=call.meeting, date=call.meeting.start_date)
    session = SessionFactory(
        day=day,
        title="Interferons in infection",
        start_time=time(14),
        end_time=time(15, 30),
        room=room,
    )
    return Talk.objects.create(session=session, title="A talk", start_time=start)
