"""Site search: About pages, news, meetings and program sessions in one ranked list."""

import re
from datetime import date, time, timedelta
from html import unescape

import pytest
from django.utils import timezone
from django.utils.html import escape

from icis.site.search import SearchResult, query_clean
from meetings.models import Meeting, Session
from news.models import Post
from tests.factories import (
    AwardProgramFactory,
    MeetingFactory,
    PageFactory,
    ProgramDayFactory,
    SessionFactory,
    post_create,
)
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

# Pages, news, meetings, sessions, abstracts and award programs: one query for all of them
# (it was one per source, 6, before the documents were stored and the statement compiled once).
QUERIES_PER_SEARCH = 1


@pytest.fixture
def demo(demo_content):
    """The demo content, there when the test starts."""


def _meeting(**fields) -> Meeting:
    defaults = {
        "edition": 30,
        "name": "Cytokines 2040",
        "slug": "cytokines-2040",
        "start_date": date(2040, 10, 1),
        "end_date": date(2040, 10, 4),
        "status": Meeting.Status.ANNOUNCED,
    }
    return MeetingFactory(**{**defaults, **fields})


def _search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def _results(html: str) -> list[dict]:
    """The results as a visitor reads them: kind, title, link and snippet (its HTML)."""
    return [
        {"kind": kind, "url": unescape(url), "title": unescape(title), "snippet": snippet}
        for kind, url, title, snippet in re.findall(
            r'<p class="search-result__kind">(.*?)</p>\s*'
            r'<h2><a href="([^"]*)">(.*?)</a></h2>\s*'
            r'(?:<p class="search-result__snippet">(.*?)</p>)?',
            html,
            re.S,
        )
    ]


def _titles(html: str) -> list[str]:
    return [result["title"] for result in _results(html)]


def _heading(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


# --- Finding the society's content --------------------------------------------------------------


def test_finds_an_about_page_by_a_word_of_its_body(client, demo):
    html = _search(client, "biomarkers")

    assert _heading(html) == "1 result for “biomarkers”"
    [result] = _results(html)
    assert result["kind"] == "Page" and result["title"] == "Who we are"
    assert "<mark>biomarkers</mark>" in result["snippet"]
    assert client.get(result["url"], follow=True).status_code == 200


def test_finds_the_demo_post_about_going_virtual(client, demo):
    results = _results(_search(client, "virtual"))

    news = [result for result in results if result["kind"] == "News"]
    assert news[0]["title"] == "Cytokines 2021 is pivoting to fully virtual!"
    assert news[0]["url"] == "/news/cytokines-2021-pivots-to-fully-virtual/"
    assert "<mark>virtually</mark>" in news[0]["snippet"]


def test_finds_a_meeting_by_its_city(client, demo):
    results = _results(_search(client, "Cardiff"))

    meeting = next(result for result in results if result["kind"] == "Meeting")
    assert meeting["title"] == "Cytokines 2021" and meeting["url"] == "/meetings/cytokines-2021/"
    assert "<mark>Cardiff</mark>" in meeting["snippet"]


def test_finds_a_session_and_links_to_it_in_the_program(client, demo):
    session = Session.objects.get(title="Cytokines in cancer")

    results = _results(_search(client, "cancer"))

    found = next(result for result in results if result["kind"] == "Session")
    assert found["title"] == "Cytokines in cancer"
    assert found["url"] == f"/meetings/cytokines-2021/program/#session-{session.pk}"
    program = client.get(found["url"].split("#")[0]).content.decode()
    assert f'id="session-{session.pk}"' in program


def test_finds_an_award_program_and_links_to_its_page(client):
    from awards.models import Level

    AwardProgramFactory(
        name="Trainee Travel Award",
        slug="trainee-travel",
        level=Level.TRAVEL,
        summary="Brings graduate students and postdocs to the annual meeting.",
    )
    AwardProgramFactory(
        name="Retired Travel Award",
        slug="retired",
        level=Level.TRAVEL,
        summary="x",
        is_active=False,
    )

    results = _results(_search(client, "travel"))

    awards = [result for result in results if result["kind"] == "Award"]
    assert [(a["title"], a["url"]) for a in awards] == [
        ("Trainee Travel Award", "/awards/trainee-travel/")
    ]


def test_finds_a_session_by_its_description(client):
    meeting = _meeting()
    day = ProgramDayFactory(meeting=meeting, date=meeting.start_date)
    SessionFactory(
        day=day,
        title="Afternoon symposium",
        description="Interleukin-6 trans-signalling in chronic inflammation.",
        start_time=time(14, 0),
        end_time=time(16, 0),
    )

    [result] = _results(_search(client, "trans-signalling"))

    assert result["kind"] == "Session" and result["title"] == "Afternoon symposium"
    assert "Cytokines 2040" in result["snippet"] and "<mark>" in result["snippet"]


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(client):
    # The post with the word in its title is the older one: newer first would not put it first.
    now = timezone.now()
    post_create(
        title="STAT3 inhibitor results", body="Trials went well.", publish_at=now - timedelta(2)
    )
    post_create(title="A report", body="The new STAT3 inhibitor was tested.", publish_at=now)

    assert _titles(_search(client, "STAT3")) == ["STAT3 inhibitor results", "A report"]


def test_results_from_every_source_are_ranked_together(client):
    # Pages are asked first; the post's title match still ranks above the page's body match.
    PageFactory(title="Our work", body="What the society does for chemokine research.")
    post_create(title="Chemokines in 2040", body="A note.")

    results = _results(_search(client, "chemokines"))

    assert [(result["kind"], result["title"]) for result in results] == [
        ("News", "Chemokines in 2040"),
        ("Page", "Our work"),
    ]


# --- What is not public is not found ------------------------------------------------------------


def test_drafts_future_posts_draft_meetings_and_unpublished_pages_are_not_found(client):
    now = timezone.now()
    post_create(title="Zymosan draft", slug="draft", status=Post.Status.DRAFT)
    post_create(
        title="Zymosan scheduled",
        slug="scheduled",
        status=Post.Status.SCHEDULED,
        publish_at=now + timedelta(days=1),
    )
    post_create(
        title="Zymosan later",
        slug="later",
        status=Post.Status.PUBLISHED,
        publish_at=now + timedelta(days=1),
    )
    meeting = _meeting(name="Zymosan meeting", status=Meeting.Status.DRAFT, city="Zymosan")
    day = ProgramDayFactory(meeting=meeting, date=meeting.start_date)
    SessionFactory(day=day, title="Zymosan session", start_time=time(9, 0), end_time=time(10, 0))
    PageFactory(title="Zymosan page", is_published=False)

    html = _search(client, "zymosan")
    assert _heading(html) == "0 results for “zymosan”" and _results(html) == []

    post_create(title="Zymosan published", slug="published")
    assert _titles(_search(client, "zymosan")) == ["Zymosan published"]


def test_a_scheduled_post_is_found_once_its_time_has_come(client):
    post_create(
        title="Zymosan scheduled",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() - timedelta(minutes=1),
    )

    assert _titles(_search(client, "zymosan")) == ["Zymosan scheduled"]


# --- Snippets -----------------------------------------------------------------------------------


def test_snippets_mark_the_matches_and_never_carry_the_content_s_html(client):
    post_create(
        title="Unsafe",
        body=(
            "<script>alert(1)</script> cytokine <img src=x onerror=alert(2)> "
            "IL-6 < TNF & **bold** [a link](https://example.org) cytokine\x02 stray"
        ),
    )

    html = _search(client, "cytokine")

    [result] = _results(html)
    snippet = result["snippet"]
    assert "<mark>cytokine</mark>" in snippet
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    assert "<script" not in main and "<img" not in main and "onerror" not in main
    assert "IL-6 &lt; TNF &amp; bold a link" in snippet
    # Only <mark> elements, each closed; no stray marker from the content opens another.
    assert set(re.findall(r"</?(\w+)", snippet)) == {"mark"}
    assert snippet.count("<mark>") == snippet.count("</mark>") == 2


def test_a_snippet_is_escaped_before_the_marks_go_in():
    result = SearchResult(
        kind="News", title="t", url="/", headline="\x02IL-6\x03 <b>x</b> & \x02y\x03", rank=1.0
    )

    assert result.snippet == "<mark>IL-6</mark> &lt;b&gt;x&lt;/b&gt; &amp; <mark>y</mark>"


# --- Queries people type ------------------------------------------------------------------------


def test_an_empty_query_shows_the_form_and_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = _search(client, "   ")

    assert _heading(html) == "Search"
    assert 'name="q" value=""' in html and "result" not in _heading(html)
    assert _results(html) == []
    assert "<h1>Search</h1>" in client.get("/search/").content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "' OR 1=1; DROP TABLE news_post; --",
        "<script>alert(1)</script>",
        '"unclosed phrase',
        "a & | ! ( ) :* <-> -- - or",
        "-",
        "the",
        "%_\\",
        "cytokine\x01\x7f",  # a NUL byte is refused before search (tests/core/test_input_guard)
        "𝛼-interferon 🧬",
    ],
)
def test_hostile_and_malformed_queries_get_a_normal_page(client, q):
    post_create(title="Cytokine news", slug="cytokine-news")

    html = _search(client, q)

    cleaned = query_clean(q)
    assert _heading(html).endswith(f"for “{escape(cleaned)}”")
    assert f'name="q" value="{escape(cleaned)}"' in html
    assert "<script>alert" not in html
    assert Post.objects.filter(slug="cytokine-news").exists()


def test_the_query_is_echoed_escaped(client):
    html = _search(client, "<script>alert(1)</script>")

    assert _heading(html) == "0 results for “&lt;script&gt;alert(1)&lt;/script&gt;”"
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_a_very_long_query_is_cut_to_200_characters(client):
    post_create(title="Interferon lambda", body="x")

    html = _search(client, "interferon " + "z" * 5000)

    value = re.search(r'id="search-q" type="search" name="q" value="([^"]*)"', html).group(1)
    assert len(value) == 200 and value.startswith("interferon zzz")


def test_websearch_syntax_works(client):
    post_create(title="Interferon lambda in the gut", slug="lambda")
    post_create(title="Interferon gamma and macrophages", slug="gamma")
    post_create(title="Lambda phage", slug="phage")

    assert _titles(_search(client, "interferon -gamma")) == ["Interferon lambda in the gut"]
    assert set(_titles(_search(client, "macrophages or phage"))) == {
        "Interferon gamma and macrophages",
        "Lambda phage",
    }
    assert _titles(_search(client, '"lambda in the gut"')) == ["Interferon lambda in the gut"]


# --- Pages of results ---------------------------------------------------------------------------


def test_pagination_keeps_the_query(client):
    Post.objects.bulk_create(
        Post(
            title=f"Interferon signalling, part {n}",
            slug=f"part-{n}",
            summary="A summary.",
            body="Text.",
            status=Post.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(25)
    )
    q = "interferon & signalling"

    first = _search(client, q)
    assert _heading(first) == "25 results for “interferon &amp; signalling”"
    assert len(_results(first)) == 10 and "Page 1 of 3" in first
    next_link = unescape(re.search(r'<a href="([^"]*)" rel="next">', first).group(1))
    assert next_link == "?q=interferon%20%26%20signalling&page=2"

    second = client.get("/search/" + next_link).content.decode()
    assert _heading(second) == _heading(first) and "Page 2 of 3" in second
    assert 'value="interferon &amp; signalling"' in second
    assert not set(_titles(first)) & set(_titles(second))
    assert '<ol class="search-results" start="11">' in second

    last = client.get("/search/", {"q": q, "page": 3}).content.decode()
    assert len(_results(last)) == 5 and 'rel="prev"' in last and 'rel="next"' not in last
    assert len(_results(client.get("/search/", {"q": q, "page": "junk"}).content.decode())) == 10


def test_each_source_is_capped(client):
    Post.objects.bulk_create(
        Post(title=f"Chemokine {n}", slug=f"c-{n}", summary="s", body="b", status="published")
        for n in range(60)
    )

    assert _heading(_search(client, "chemokine")) == "50 results for “chemokine”"


# --- Queries ------------------------------------------------------------------------------------


def test_a_search_runs_one_query_whatever_the_number_of_posts(client, demo):
    def grow(count: int) -> None:
        start = Post.objects.count()
        Post.objects.bulk_create(
            Post(
                title=f"Cytokine storm {n}",
                slug=f"storm-{n}",
                summary="What happens in a cytokine storm.",
                body="Cytokine release after **CAR-T** therapy.",
                status=Post.Status.PUBLISHED,
                publish_at=timezone.now() - timedelta(minutes=n),
            )
            for n in range(start, start + count)
        )

    # 10 posts, then 1,000.
    assert_queries_at_sizes(
        expected=QUERIES_PER_SEARCH,
        grow=grow,
        action=lambda: client.get("/search/", {"q": "cytokine"}).status_code,
        sizes=(10, 990),
    )
    assert Post.objects.filter(slug__startswith="storm-").count() == 1000


# --- The header ---------------------------------------------------------------------------------


def test_every_page_s_header_has_the_search_form(client, demo):
    html = client.get("/").content.decode()

    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    form = re.search(r'<form class="site-search" role="search"(.*?)</form>', header, re.S)
    assert form and 'action="/search/" method="get"' in form.group(0)
    assert '<label class="visually-hidden" for="site-search-q">Search the site</label>' in header
    assert 'id="site-search-q" type="search" name="q"' in header
    assert '<button type="submit">Search</button>' in form.group(0)
