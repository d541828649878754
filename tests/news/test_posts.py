"""News posts: the list, a post, the Atom feed, scheduling, and what Markdown may not do."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Post
from tests.factories import post_create
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo(demo_content):
    """The demo content, there when the test starts."""


def test_the_demo_news_is_the_2021_meeting_page_s_latest_news(client, demo):
    html = client.get("/news/").content.decode()
    for title in (
        "Cytokines 2021 is pivoting to fully virtual!",
        "Celtic Cytokines Meeting is CME accredited",
        "Ethical MedTech: the 9th Annual Meeting is compliant",
    ):
        assert title in html
    post = client.get("/news/cytokines-2021-pivots-to-fully-virtual/").content.decode()
    assert "30 August 2021" in post and "<strong>fully virtually</strong>" in " ".join(post.split())


def test_the_home_page_shows_the_featured_post_and_the_latest(client, demo):
    html = client.get("/").content.decode()
    assert 'class="featured"' in html and "Cytokines 2021 is pivoting to fully virtual!" in html
    assert "Celtic Cytokines Meeting is CME accredited" in html


def test_a_meeting_page_lists_its_posts(client, demo):
    html = client.get("/meetings/cytokines-2021/").content.decode()
    assert "News about Cytokines 2021" in html
    assert "Ethical MedTech: the 9th Annual Meeting is compliant" in html


def test_drafts_and_future_posts_stay_hidden_until_their_time(client):
    post_create(slug="draft", status=Post.Status.DRAFT)
    post_create(
        slug="later",
        title="Tomorrow's news",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
    )
    assert client.get("/news/draft/").status_code == 404
    assert client.get("/news/later/").status_code == 404
    assert "Tomorrow's news" not in client.get("/news/").content.decode()
    Post.objects.filter(slug="later").update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/news/later/").status_code == 200  # no task needed


def test_the_category_filter_and_pagination(client):
    for n in range(12):
        post_create(
            category=Post.Category.AWARDS if n % 2 else Post.Category.SOCIETY,
            publish_at=timezone.now() - timedelta(hours=n + 1),
        )
    awards = client.get("/news/?category=awards").content.decode()
    assert awards.count('class="card"') == 6
    assert "Page 1 of 2" in client.get("/news/").content.decode()
    assert client.get("/news/?category=<script>&page=9999").status_code == 200


def test_the_atom_feed_has_ids_updated_times_and_absolute_links(client):
    post = post_create(title="Feed item", body="Body with [a link](https://example.org).")
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert feed.find(f"{ATOM}updated") is not None and feed.find(f"{ATOM}id").text
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Feed item"
    assert (
        entry.find(f"{ATOM}id").text
        == f"tag:cytokinesociety.org,{post.created_at:%Y-%m-%d}:news/{post.pk}"
    )
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/news/{post.slug}/"
    assert entry.find(f"{ATOM}updated").text


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_markdown_cannot_inject_script(client, payload):
    post_create(slug="xss", body=f"Hello {payload} world")
    html = client.get("/news/xss/").content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    for bad in ("<script", "onerror", "javascript:", "<iframe", "onload"):
        assert bad not in article, (payload, bad)


def test_list_and_detail_query_counts_do_not_grow_from_10_to_1000_posts(client):
    def grow(total):
        have = Post.objects.count()
        Post.objects.bulk_create(
            Post(
                title=f"Bulk {n}",
                slug=f"bulk-{n}",
                summary="s",
                body="b",
                status=Post.Status.PUBLISHED,
                publish_at=timezone.now() - timedelta(minutes=n + 1),
            )
            for n in range(have, total)
        )

    counts = []
    for total in (10, 1000):
        grow(total)
        counts.append(
            (
                count_queries(lambda: client.get("/news/"))[0],
                count_queries(lambda: client.get("/news/bulk-5/"))[0],
                count_queries(lambda: client.get("/news/feed/"))[0],
            )
        )
    assert counts[0] == counts[1] == (2, 1, 1)
