"""Building blocks of the review and decision tests: submitted abstracts with their authors
and affiliations, and a call's panel."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.abstracts.models import (
    Abstract,
    AbstractPanelMember,
    AbstractReview,
    Affiliation,
    Author,
)
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


def submitted_many(call, count: int, *, reviewers=()) -> list[Abstract]:
    """`count` submitted abstracts spread over the call's topics, made in a few bulk inserts:
    each by its own submitter (the presenting author) at one institution, assigned to every
    one of `reviewers`."""
    start = Abstract.objects.count()
    topics = list(call.topics.all())
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            email=f"many{start + n}@example.org", first_name="Author", last_name=str(start + n)
        )
        for n in range(count)
    )
    abstracts = Abstract.objects.bulk_create(
        Abstract(
            call=call,
            submitter=user,
            topic=topics[n % len(topics)],
            status=Abstract.Status.SUBMITTED,
            submitted_at=timezone.now(),
            title=f"IL-1\u03b2 signalling in model {start + n}",
            preference="poster",
            body="IFN-\u03b3 rose \u2265 2-fold at 10 \u00b5M.",
            conflicts="None",
            publication_consent=True,
        )
        for n, user in enumerate(users)
    )
    Affiliation.objects.bulk_create(
        Affiliation(abstract=abstract, number=1, name="Institute of Immunology, Cardiff")
        for abstract in abstracts
    )
    Author.objects.bulk_create(
        Author(
            abstract=abstract,
            position=1,
            name=abstract.submitter.get_full_name(),
            email=abstract.submitter.email,
            user=abstract.submitter,
            affiliation_numbers=[1],
            is_presenting=True,
        )
        for abstract in abstracts
    )
    AbstractReview.objects.bulk_create(
        AbstractReview(abstract=abstract, reviewer=reviewer)
        for abstract in abstracts
        for reviewer in reviewers
    )
    return abstracts


def on_panel(call, reviewer=None, *, topics=(), institution: str = "") -> AbstractPanelMember:
    reviewer = reviewer or UserFactory()
    if institution:
        MemberProfileFactory(user=reviewer, institution=institution)
    member = AbstractPanelMember.objects.create(call=call, reviewer=reviewer)
    member.topics.set(topics)
    return member
