"""After the decisions are released, the accepted abstracts are public: a list by topic and
type, searchable, each on its own page; site search finds them. Nothing else is shown."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.abstracts.models import Abstract
from tests.factories import AbstractFactory, AbstractTopicFactory
from tests.querycount import assert_queries_at_sizes

from .published import oral_talk, published_abstract

pytestmark = pytest.mark.django_db

Decision = Abstract.Decision


def _list_url(call, **params) -> str:
    url = reverse("abstracts:accepted", args=[call.meeting.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _page_url(abstract) -> str:
    return reverse("abstracts:accepted_detail", args=[abstract.call.meeting.slug, abstract.pk])


def test_the_list_shows_accepted_released_abstracts_by_topic_and_type(client, call):
    interferons, cancer = call.topics.all()
    published_abstract(call, title="Oral on interferons", decision=Decision.ORAL)
    published_abstract(call, title="Poster on interferons", board_number="P-12")
    published_abstract(call, title="Poster on cancer", topic=cancer, board_number="P-40")
    hidden = {
        "Held decision": {"decision_released_at": None},
        "Rejected one": {"decision": Decision.REJECT},
        "Waiting one": {"decision": Decision.WAITLIST},
        "Withdrawn one": {"status": Abstract.Status.WITHDRAWN},
    }
    for title, changes in hidden.items():
        abstract = published_abstract(call, title=title)
        Abstract.objects.filter(pk=abstract.pk).update(**changes)
    AbstractFactory(call=call, title="A draft")

    page = client.get(_list_url(call))

    text = page.content.decode()
    assert page.status_code == 200
    assert "3 abstracts." in text
    for title in ("Held decision", "Rejected one", "Waiting one", "Withdrawn one", "A draft"):
        assert title not in text
    # Interferons first (position 1): its oral presentations, then its posters; then cancer.
    order = [
        text.index(part)
        for part in (
            interferons.name + "</h2>",
            "<h3>Oral presentations</h3>",
            "Oral on interferons",
            "<h3>Posters</h3>",
            "Poster on interferons",
            cancer.name + "</h2>",
            "Poster on cancer",
        )
    ]
    assert order == sorted(order)
    assert "Poster, board P-12" in text
    assert "Ada Okafor (presenting), Bram de Vries" in text


@pytest.mark.parametrize(
    "q", ["receptor", "okafor", "STAT1 phosphorylation", "macrophages", "RECEPTOR"]
)
def test_the_list_searches_title_authors_keywords_and_body(client, call, q):
    published_abstract(
        call,
        title="Type I interferon receptor signalling",
        authors=(("Ada Okafor", [1], True),),
        keywords="STAT1 phosphorylation",
        body="In macrophages, IL-1\u03b2 rose.",
    )
    published_abstract(call, title="Something else", authors=(("Zed Other", [1], True),))

    text = client.get(_list_url(call, q=q)).content.decode()

    assert "1 abstract found." in text
    assert "Type I interferon receptor signalling" in text
    assert "Something else" not in text


def test_a_search_without_matches_says_so_and_filters_by_topic_and_type(client, call):
    cancer = call.topics.last()
    published_abstract(call, title="Oral one", decision=Decision.ORAL)
    published_abstract(call, title="Cancer poster", topic=cancer, board_number="P-1")

    none = client.get(_list_url(call, q="nothing-like-this")).content.decode()
    assert "No accepted abstract matches" in none

    posters = client.get(_list_url(call, kind="poster")).content.decode()
    assert "Cancer poster" in posters and "Oral one" not in posters
    topic = client.get(_list_url(call, topic=cancer.pk)).content.decode()
    assert "Cancer poster" in topic and "Oral one" not in topic


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a%01b%7F"},
        {"q": "x" * 5000},
        {"topic": "not-a-number"},
        {"topic": "999999"},
        {"kind": "reject"},
        {"q": "%27%3B drop table"},
    ],
)
def test_hostile_search_input_never_fails(client, call, params):
    published_abstract(call, title="Still listed")
    response = client.get(_list_url(call, **params))
    assert response.status_code == 200


def test_a_poster_page_shows_authors_affiliations_markup_keywords_and_board(client, call):
    abstract = published_abstract(
        call,
        title="IL-1\u03b2 and T_{H}17 cells",
        body="Ca^{2+} rose <b>twice</b>.",
        keywords="IL-1\u03b2, calcium",
        board_number="P-12",
    )

    text = client.get(_page_url(abstract)).content.decode()

    assert "IL-1\u03b2 and T<sub>H</sub>17 cells" in text
    assert "Ca<sup>2+</sup> rose &lt;b&gt;twice&lt;/b&gt;." in text
    assert "Ada Okafor<sup>1</sup> <strong>(presenting author)</strong>" in text
    assert "Bram de Vries<sup>1,2</sup>" in text
    assert '<li value="2">Cytokine Unit, Leiden</li>' in text
    assert "IL-1\u03b2, calcium" in text
    assert "Poster, board P-12" in text


def test_an_oral_page_shows_its_session_day_time_and_room(client, call):
    call.meeting.start_date, call.meeting.end_date = date(2027, 10, 12), date(2027, 10, 15)
    call.meeting.save()
    abstract = published_abstract(call, decision=Decision.ORAL, talk=oral_talk(call))

    text = client.get(_page_url(abstract)).content.decode()

    assert (
        "Oral presentation, Tuesday 12 October 2027, 14:00 (talk at 14:30), Hall A: "
        "Interferons in infection" in text
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"decision_released_at": None},
        {"status": Abstract.Status.WITHDRAWN},
        {"decision": Decision.REJECT},
        {"decision": Decision.WAITLIST},
        {"decision": ""},
    ],
)
def test_an_unpublished_abstract_is_not_found(client, call, changes):
    abstract = published_abstract(call)
    assert client.get(_page_url(abstract)).status_code == 200
    Abstract.objects.filter(pk=abstract.pk).update(**changes)
    assert client.get(_page_url(abstract)).status_code == 404


def test_an_abstract_of_another_meeting_is_not_found_under_this_one(client, call):
    other = published_abstract(AbstractTopicFactory().call)
    url = reverse("abstracts:accepted_detail", args=[call.meeting.slug, other.pk])
    assert client.get(url).status_code == 404


def test_the_closed_call_links_to_the_accepted_abstracts_once_released(client, call):
    call.opens_at = timezone.now() - timedelta(days=60)
    call.closes_at = timezone.now() - timedelta(days=30)
    call.save()
    call_url = reverse("abstracts:call", args=[call.meeting.slug])
    abstract = published_abstract(call)
    Abstract.objects.filter(pk=abstract.pk).update(decision_released_at=None)
    assert "browse and search the accepted abstracts" not in client.get(call_url).content.decode()

    Abstract.objects.filter(pk=abstract.pk).update(decision_released_at=timezone.now())

    assert "browse and search the accepted abstracts" in client.get(call_url).content.decode()


def _grow(call):
    def grow(count):
        cancer = call.topics.last()
        for number in range(count):
            if number % 3 == 0:
                published_abstract(call, decision=Decision.ORAL, talk=oral_talk(call))
            else:
                published_abstract(call, topic=cancer)

    return grow


def test_the_list_in_a_fixed_number_of_queries(client, call):
    assert_queries_at_sizes(
        expected=4,
        grow=_grow(call),
        action=lambda: client.get(_list_url(call, q="IL-1")),
        sizes=(30, 270),
    )


def test_an_abstract_page_in_a_fixed_number_of_queries(client, call):
    oral = published_abstract(call, decision=Decision.ORAL, talk=oral_talk(call))
    assert_queries_at_sizes(
        expected=5,
        grow=_grow(call),
        action=lambda: client.get(_page_url(oral)),
        sizes=(30, 270),
    )


def test_site_search_finds_published_abstracts_only(client, call):
    published = published_abstract(
        call, title="Interleukin signalling in zebrafish", authors=(("Ines Quaranta", [1], True),)
    )
    held = published_abstract(call, title="Interleukin signalling in axolotls")
    Abstract.objects.filter(pk=held.pk).update(decision_released_at=None)

    by_title = client.get(reverse("search"), {"q": "zebrafish"}).content.decode()
    by_author = client.get(reverse("search"), {"q": "Quaranta"}).content.decode()
    held_page = client.get(reverse("search"), {"q": "axolotls"}).content.decode()

    assert _page_url(published) in by_title
    assert "Interleukin signalling in zebrafish" in by_title
    assert _page_url(published) in by_author
    assert _page_url(held) not in held_page
