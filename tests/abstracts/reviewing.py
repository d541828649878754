"""Building blocks of the review and decision tests: submitted abstracts with their authors
and affiliations, and a call's panel."""

from django.utils import timezone

from meetings.abstracts.models import Abstract, AbstractPanelMember
from tests.factories import (
    AbstractFactory,
    AffiliationFactory,
    AuthorFactory,
    MemberProfileFactory,
    UserFactory,
)


def submitted(
    call,
    *,
    topic=None,
    submitter=None,
    authors=(),
    affiliations=("Institute of Immunology, Cardiff",),
    title=None,
) -> Abstract:
    """A submitted abstract. `authors` are (name, email, user) tuples, the first presenting;
    without them the submitter is the only (presenting) author."""
    submitter = submitter or UserFactory()
    extra = {"title": title} if title else {}
    abstract = AbstractFactory(
        call=call,
        submitter=submitter,
        topic=topic or call.topics.first(),
        status=Abstract.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **extra,
    )
    for number, name in enumerate(affiliations, start=1):
        AffiliationFactory(abstract=abstract, number=number, name=name)
    authors = authors or [(submitter.get_full_name(), submitter.email, submitter)]
    for position, (name, email, user) in enumerate(authors, start=1):
        AuthorFactory(
            abstract=abstract,
            position=position,
            name=name,
            email=email,
            user=user,
            affiliation_numbers=[1] if affiliations else [],
            is_presenting=position == 1,
        )
    return abstract


def on_panel(call, reviewer=None, *, topics=(), institution: str = "") -> AbstractPanelMember:
    reviewer = reviewer or UserFactory()
    if institution:
        MemberProfileFactory(user=reviewer, institution=institution)
    member = AbstractPanelMember.objects.create(call=call, reviewer=reviewer)
    member.topics.set(topics)
    return member
