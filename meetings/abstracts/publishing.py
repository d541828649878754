"""Reading the published abstracts: those accepted (oral or poster) whose decision has been
released to the authors, on a public meeting. The public list and page, site search and the
abstract book all read them here, so "published" means one thing. `published_sql` says the
same in SQL, for the page cache's trigger (a draft's save keeps the cached public pages);
tests/abstracts/test_published_rule.py checks the two agree for every combination."""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from icis.core.search import SearchSource
from meetings.models import Meeting

from . import markup
from .models import Abstract, AbstractCall, AbstractTopic, Author

ACCEPTED = Abstract.ACCEPTED
KIND_LABELS = {Abstract.Decision.ORAL: "Oral presentations", Abstract.Decision.POSTER: "Posters"}


def published() -> QuerySet:
    """Accepted, released, still submitted, on a meeting that is not a draft."""
    return Abstract.objects.filter(
        status=Abstract.Status.SUBMITTED,
        decision__in=ACCEPTED,
        decision_released_at__isnull=False,
    ).exclude(call__meeting__status=Meeting.Status.DRAFT)


def published_sql(row: str) -> str:
    """`published` as an SQL condition on the abstract row named `row` (NEW or OLD in a
    trigger, or a table's alias)."""
    meta, call, meeting = Abstract._meta, AbstractCall._meta, Meeting._meta
    accepted = ", ".join(f"'{decision}'" for decision in ACCEPTED)
    column = {name: meta.get_field(name).column for name in ("status", "decision", "call")}
    return (
        f"{row}.{column['status']} = '{Abstract.Status.SUBMITTED}' "  # noqa: S608  # nosec B608
        f"AND {row}.{column['decision']} IN ({accepted}) "
        f"AND {row}.{meta.get_field('decision_released_at').column} IS NOT NULL "
        f"AND EXISTS (SELECT 1 FROM {call.db_table} AS published_call "
        f"JOIN {meeting.db_table} AS published_meeting "
        f"ON published_meeting.{meeting.pk.column} = "
        f"published_call.{call.get_field('meeting').column} "
        f"WHERE published_call.{call.pk.column} = {row}.{column['call']} "
        f"AND published_meeting.{meeting.get_field('status').column} "
        f"<> '{Meeting.Status.DRAFT}')"
    )


def of_published_sql(row: str) -> str:
    """An SQL condition on a row of a table of an abstract's parts (authors, affiliations):
    its abstract is published."""
    return (
        f"EXISTS (SELECT 1 FROM {Abstract._meta.db_table} AS published_abstract "  # noqa: S608  # nosec B608
        f"WHERE published_abstract.{Abstract._meta.pk.column} = {row}.abstract_id "
        f"AND {published_sql('published_abstract')})"
    )


def _with_details(queryset: QuerySet, *, affiliations: bool = True) -> QuerySet:
    """With topic, talk, session and day joined; authors (and affiliations) prefetched: three
    queries in all (two without affiliations), whatever the number."""
    queryset = queryset.select_related("topic", "talk__session__day").prefetch_related(
        Prefetch("authors", queryset=Author.objects.order_by("position"))
    )
    return queryset.prefetch_related("affiliations") if affiliations else queryset


def _matching(queryset: QuerySet, q: str) -> QuerySet:
    """Title, keywords, body or an author's name contains the text (any case)."""
    author_named = Author.objects.filter(abstract=OuterRef("pk"), name__icontains=q)
    return queryset.filter(
        Q(title__icontains=q)
        | Q(keywords__icontains=q)
        | Q(body__icontains=q)
        | Q(Exists(author_named))
    )


def _in_order(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(
        F("topic__position").asc(nulls_last=True), "topic_id", "decision", "board_number", "pk"
    )


@dataclass
class TopicGroup:
    topic: AbstractTopic | None
    orals: list[Abstract] = field(default_factory=list)
    posters: list[Abstract] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.topic.name if self.topic else "Other"

    @property
    def kinds(self) -> list[tuple[str, str, list[Abstract]]]:
        """(decision, heading, abstracts) for each type that has any."""
        return [
            (kind, KIND_LABELS[kind], abstracts)
            for kind, abstracts in (
                (Abstract.Decision.ORAL, self.orals),
                (Abstract.Decision.POSTER, self.posters),
            )
            if abstracts
        ]


def by_topic(abstracts: list[Abstract]) -> list[TopicGroup]:
    """Abstracts (in `_in_order`) grouped by topic, orals then posters in each."""
    groups: dict[int | None, TopicGroup] = {}
    for abstract in abstracts:
        group = groups.setdefault(abstract.topic_id, TopicGroup(abstract.topic))
        if abstract.decision == Abstract.Decision.ORAL:
            group.orals.append(abstract)
        else:
            group.posters.append(abstract)
    return list(groups.values())


def accepted_in_call(
    *, call: AbstractCall, q: str = "", topic_id: int | None = None, kind: str = ""
) -> list[Abstract]:
    """The call's published abstracts, by topic then orals before posters, optionally those
    matching `q` only, of one topic, of one type, with their authors (two queries)."""
    queryset = published().filter(call=call)
    if q:
        queryset = _matching(queryset, q)
    if topic_id:
        queryset = queryset.filter(topic_id=topic_id)
    if kind in ACCEPTED:
        queryset = queryset.filter(decision=kind)
    return list(_in_order(_with_details(queryset, affiliations=False)))


def has_accepted(*, call: AbstractCall) -> bool:
    return published().filter(call=call).exists()


def accepted_get(*, call: AbstractCall, abstract_id: int) -> Abstract | None:
    """One published abstract of the call with its details (three queries), or None."""
    return _with_details(published().filter(call=call, pk=abstract_id)).first()


def book_abstracts(*, call_id: int) -> list[Abstract]:
    """What the abstract book and the journal exports print, in the book's order."""
    return list(_in_order(_with_details(published().filter(call_id=call_id))))


def public_url(abstract: Abstract, slug: str) -> str:
    return reverse("abstracts:accepted_detail", kwargs={"slug": slug, "abstract_id": abstract.pk})


def abstracts_search_source() -> SearchSource:
    """Published abstracts. Titles weigh most, then authors and keywords, then the body (the
    stored document, which the database rebuilds when the authors change); the snippet names
    the meeting."""
    names = (
        Author.objects.filter(abstract=OuterRef("pk"))
        .order_by()
        .values("abstract")
        .annotate(names=StringAgg("name", " ", order_by="position"))
        .values("names")
    )
    return SearchSource(
        kind="Abstract",
        rows=published(),
        order_after_rank=("-decision_released_at", "pk"),
        title="title",
        link="call__meeting__slug",
        snippet_fields=("call__meeting__name", "author_names", "body"),
        url=lambda pk, slug: public_url(Abstract(pk=pk), slug),
        details=Abstract.objects.annotate(author_names=Subquery(names)),
        clean_title=markup.plain,
    )
