"""Members' research news: an active member shares a paper from the portal, staff approve it
(it becomes a post in Members' news and the feed) or reject it with a reason; the member is
emailed either way."""

import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from members.models import CareerStage
from members.services import membership_checkout
from news.exceptions import ResearchNewsError
from news.models import Post, ResearchNews
from news.services import (
    research_news_approve,
    research_news_reject,
    research_news_submit,
)
from tests.factories import MemberProfileFactory, UserFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
URL = "/my/research-news/"
PAPER = "https://www.nature.com/articles/s41590-021-01012-3"


def _member(membership_types, **user_fields):
    user = UserFactory(**user_fields)
    MemberProfileFactory(
        user=user,
        institution="University of Example",
        country="GB",
        career_stage=CareerStage.SENIOR,
    )
    payment = membership_checkout(user=user, membership_type=membership_types["regular"])
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="waived", reference="", actor=None
    )
    return user


@pytest.fixture
def member(membership_types):
    return _member(
        membership_types,
        first_name="Tadamitsu",
        last_name="Kishimoto",
        email="kishimoto@example.org",
    )


@pytest.fixture
def member_client(member):
    """The member's own browser (`client` is the staff member's in the admin tests)."""
    member_client = Client()
    member_client.force_login(member)
    return member_client


def _submit(member, **fields):
    return research_news_submit(
        member=member,
        **{
            "title": "IL-6 signalling in cytokine storms",
            "summary": "We show how IL-6 trans-signalling drives the storm.",
            "paper_url": PAPER,
            "doi": "10.1038/s41590-021-01012-3",
            **fields,
        },
    )


def _admin_url(item, action=""):
    return f"/admin/news/researchnews/{item.pk}/{action + '/' if action else 'change/'}"


def _research_emails(member):
    return OutboundEmail.objects.filter(
        to_email=member.email, template__startswith="news/email/research_"
    )


class _Tags(HTMLParser):
    """Every tag and attribute the browser would build from a page."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _script_in(html: str) -> list[str]:
    found = []
    for tag, attrs in _Tags(html).tags:
        if tag == "iframe" or (tag == "script" and not attrs.get("src", "").startswith("/static/")):
            found.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                found.append(f"{tag} {name}={value}")
    return found


def _text(response) -> str:
    return " ".join(response.content.decode().split())


# The member's page.


def test_a_member_shares_research_news_and_sees_it_awaiting_review(client, member):
    client.force_login(member)
    page = _text(client.get(URL))
    assert "Share research news" in page and "Link to the paper" in page

    response = client.post(
        URL,
        {
            "title": "IL-6 signalling in cytokine storms",
            "summary": "We show how IL-6 trans-signalling drives the storm.",
            "paper_url": PAPER,
            "doi": "doi:10.1038/s41590-021-01012-3",
        },
        follow=True,
    )
    assert response.redirect_chain == [(URL, 302)]
    page = _text(response)
    assert "Thank you: your research news is sent." in page
    assert "IL-6 signalling in cytokine storms" in page and "Awaiting review" in page

    item = ResearchNews.objects.get(member=member)
    assert (item.status, item.doi) == (ResearchNews.Status.SUBMITTED, "10.1038/s41590-021-01012-3")
    assert AuditEntry.objects.filter(action="research_news.submit", object_id=str(item.pk)).exists()
    assert not Post.objects.exists()


def test_the_portal_menu_links_to_the_page(client, member):
    client.force_login(member)
    assert f'<a href="{URL}">Share research news</a>' in client.get("/my/").content.decode()


def test_someone_who_is_not_a_member_is_told_how_to_join_and_cannot_submit(client, postdoc):
    client.force_login(postdoc)
    page = _text(client.get(URL))
    assert "Sharing research news is one of the benefits of membership" in page
    assert 'href="/membership/"' in page
    assert '<form method="post" class="panel"' not in page

    response = client.post(URL, {"title": "T", "summary": "S", "paper_url": PAPER})
    assert response.status_code == 403
    assert not ResearchNews.objects.exists()

    with pytest.raises(ResearchNewsError, match="Only members whose membership is active"):
        _submit(postdoc)
    assert not ResearchNews.objects.exists()


def test_signed_out_visitors_are_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", "12.1038/abc", "This does not look like a DOI"),
        ("doi", "10.10/too-short-prefix", "This does not look like a DOI"),
        ("paper_url", "javascript:alert(1)", "Give the full web address of the paper"),
        ("paper_url", "www.nature.com/articles/x", "Give the full web address of the paper"),
        ("paper_url", "ftp://example.org/paper.pdf", "Give the full web address of the paper"),
    ],
)
def test_a_bad_doi_or_link_is_shown_with_its_field(client, member, field, value, message):
    client.force_login(member)
    data = {
        "title": "A title",
        "summary": "A summary.",
        "paper_url": PAPER,
        "doi": "",
        field: value,
    }
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the 1 field marked below." in html
    # In place: the message sits in the field's own block, and the field says it is invalid.
    start = html.index(f'for="id_{field}"')
    block = html[start : html.index(">", html.index(f'name="{field}"', start)) + 1]
    assert message in block
    assert 'aria-invalid="true"' in block
    assert f'value="{value}"' in block  # what the member typed is kept
    assert not ResearchNews.objects.exists()


def test_missing_fields_are_named(client, member):
    client.force_login(member)
    html = client.post(URL, {"title": " ", "summary": "", "paper_url": ""}).content.decode()
    for message in ("Give a title.", "Give a summary.", "Give a link to the paper."):
        assert message in html
    assert not ResearchNews.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "https://doi.org/10.1016/j.immuni.2021.01.002",
        "  HTTPS://DOI.ORG/10.1016/j.immuni.2021.01.002 ",
        "doi:10.1016/j.immuni.2021.01.002",
        "10.1016/j.immuni.2021.01.002",
    ],
)
def test_a_doi_pasted_as_a_link_is_accepted_and_kept_bare(client, member, typed):
    client.force_login(member)
    response = client.post(
        URL, {"title": "T cells", "summary": "S.", "paper_url": PAPER, "doi": typed}
    )
    assert response.status_code == 302
    assert ResearchNews.objects.get().doi == "10.1016/j.immuni.2021.01.002"


def test_the_service_checks_what_it_is_given_too(member):
    with pytest.raises(ResearchNewsError) as caught:
        _submit(member, doi="https://doi.org/not-a-doi")
    assert caught.value.field == "doi"
    with pytest.raises(ResearchNewsError) as caught:
        _submit(member, paper_url="javascript:alert(1)//https://x.org")
    assert caught.value.field == "paper_url"
    with pytest.raises(ResearchNewsError) as caught:
        _submit(member, title="x" * 201)
    assert caught.value.field == "title"
    assert not ResearchNews.objects.exists()


def test_the_page_s_queries_do_not_grow_with_the_member_s_submissions(client, member, staff_user):
    client.force_login(member)

    def grow(n):
        for i in range(n):
            item = _submit(member, title=f"Paper {ResearchNews.objects.count()}")
            if i % 3 == 1:
                research_news_approve(research_id=item.pk, actor=staff_user)
            elif i % 3 == 2:
                research_news_reject(research_id=item.pk, actor=staff_user, reason="Duplicate.")

    # The session, the user, the membership standing, the submissions with posts.
    assert_queries_at_sizes(expected=4, grow=grow, action=lambda: client.get(URL))


# Staff decide.


def test_staff_approve_in_the_admin_and_the_news_is_published_and_the_member_emailed(
    admin_client_2fa, member_client, member
):
    item = _submit(member)
    change = _text(admin_client_2fa.get(_admin_url(item)))
    assert "Approve and publish" in change and "Reject" in change

    form = _text(admin_client_2fa.get(_admin_url(item, "approve")))
    assert 'value="IL-6 signalling in cytokine storms"' in form

    response = admin_client_2fa.post(
        _admin_url(item, "approve"),
        {"title": item.title, "summary": item.summary},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _admin_url(item)
    assert "is published in Members&#x27; news" in response.content.decode()

    post = Post.objects.get()
    assert (post.category, post.status, post.author) == ("members", "published", member)
    assert post.slug == "il-6-signalling-in-cytokine-storms"
    assert f"[Read the paper]({PAPER})" in post.body
    assert "https://doi.org/10.1038/s41590-021-01012-3" in post.body

    members_news = _text(member_client.get("/news/?category=members"))
    assert "IL-6 signalling in cytokine storms" in members_news
    assert f'href="/news/{post.slug}/"' in members_news
    feed = ET.fromstring(member_client.get("/news/feed/").content)  # noqa: S314 - our own feed
    assert [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")] == [
        "IL-6 signalling in cytokine storms"
    ]
    assert feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Tadamitsu Kishimoto"

    detail = member_client.get(f"/news/{post.slug}/").content.decode()
    assert f'<a href="{PAPER}" rel="noopener noreferrer">Read the paper</a>' in detail
    assert "Research news from Tadamitsu Kishimoto." in detail  # the member is credited
    assert detail.count("We show how IL-6 trans-signalling drives the storm.") == 1

    email = _research_emails(member).get()
    assert email.subject == "[ICIS] Your research news is published"
    assert f"{settings.SITE_URL}/news/{post.slug}/" in email.body_text
    assert f'href="{settings.SITE_URL}/news/{post.slug}/"' in email.body_html

    item.refresh_from_db()
    assert item.status == "approved" and item.post == post and item.reviewed_at
    assert AuditEntry.objects.filter(action="research_news.approve", object_id=str(item.pk))

    # The member sees it published, with the link.
    page = _text(member_client.get(URL))
    assert f'Published: <a href="/news/{post.slug}/">' in page


def test_staff_can_edit_the_title_and_summary_while_approving(
    admin_client_2fa, member_client, member
):
    item = _submit(member, title="my paper", summary="we did stuff")
    admin_client_2fa.post(
        _admin_url(item, "approve"),
        {
            "title": "How IL-6 turns a defence into a storm",
            "summary": "Kishimoto's group shows how trans-signalling drives cytokine storms.",
        },
    )
    post = Post.objects.get()
    assert post.title == "How IL-6 turns a defence into a storm"
    assert post.slug == "how-il-6-turns-a-defence-into-a-storm"
    assert "Kishimoto's group shows how trans-signalling drives cytokine storms." in post.body
    assert "we did stuff" not in post.body
    html = _text(member_client.get(f"/news/{post.slug}/"))
    assert "How IL-6 turns a defence into a storm" in html
    email = _research_emails(member).get()
    assert "How IL-6 turns a defence into a storm" in email.body_text
    entry = AuditEntry.objects.get(action="research_news.approve")
    assert entry.data["edited"] == ["title", "summary"]


def test_approving_with_an_empty_title_is_refused_in_place(admin_client_2fa, member):
    item = _submit(member)
    response = admin_client_2fa.post(_admin_url(item, "approve"), {"title": "", "summary": "S"})
    assert response.status_code == 200
    assert "Give a title." in response.content.decode()
    assert not Post.objects.exists()
    assert ResearchNews.objects.get().status == "submitted"


def test_titles_alike_get_slugs_of_their_own(member, staff_user):
    first = research_news_approve(research_id=_submit(member).pk, actor=staff_user)
    second = research_news_approve(research_id=_submit(member).pk, actor=staff_user)
    assert first.post.slug == "il-6-signalling-in-cytokine-storms"
    assert second.post.slug == "il-6-signalling-in-cytokine-storms-2"


def test_staff_reject_with_a_reason_and_the_member_is_told_why(
    admin_client_2fa, member_client, member
):
    item = _submit(member)
    page = _text(admin_client_2fa.get(_admin_url(item, "reject")))
    assert "We show how IL-6 trans-signalling drives the storm." in page

    response = admin_client_2fa.post(
        _admin_url(item, "reject"),
        {"reason": "This was published in 2019; please send news of recent papers."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _admin_url(item)
    assert "is rejected" in response.content.decode()

    assert not Post.objects.exists()
    assert "IL-6 signalling" not in member_client.get("/news/?category=members").content.decode()
    email = _research_emails(member).get()
    assert email.subject == "[ICIS] About your research news"
    assert "This was published in 2019; please send news of recent papers." in email.body_text
    assert "This was published in 2019" in email.body_html
    assert AuditEntry.objects.filter(action="research_news.reject", object_id=str(item.pk))

    page = _text(member_client.get(URL))
    assert "Not published. Reason: This was published in 2019" in page

    # Rejected is final: it cannot be published afterwards.
    response = admin_client_2fa.post(_admin_url(item, "approve"), {"title": "T", "summary": "S"})
    assert "is rejected already" in response.content.decode()
    with pytest.raises(ResearchNewsError, match="rejected already"):
        research_news_approve(research_id=item.pk, actor=None)
    assert not Post.objects.exists()


def test_rejecting_without_a_reason_is_refused_in_place(admin_client_2fa, member, staff_user):
    item = _submit(member)
    response = admin_client_2fa.post(_admin_url(item, "reject"), {"reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the member a reason for rejecting." in html
    assert ResearchNews.objects.get().status == "submitted"
    assert not _research_emails(member).exists()

    with pytest.raises(ResearchNewsError, match="reason"):
        research_news_reject(research_id=item.pk, actor=staff_user, reason="")
    assert ResearchNews.objects.get().status == "submitted"


def test_approving_twice_publishes_once(admin_client_2fa, member, staff_user):
    item = _submit(member)
    data = {"title": item.title, "summary": item.summary}
    admin_client_2fa.post(_admin_url(item, "approve"), data)
    second = admin_client_2fa.post(_admin_url(item, "approve"), data)
    assert "is approved already" in second.content.decode()
    assert research_news_approve(research_id=item.pk, actor=staff_user).post == Post.objects.get()

    assert Post.objects.count() == 1
    assert _research_emails(member).count() == 1
    assert AuditEntry.objects.filter(action="research_news.approve").count() == 1
    # Published news cannot be rejected afterwards either.
    with pytest.raises(ResearchNewsError, match="published already"):
        research_news_reject(research_id=item.pk, actor=staff_user, reason="Oops")


@pytest.mark.django_db(transaction=True)
def test_two_staff_approving_at_once_publish_once(membership_types):
    member = _member(membership_types)
    item = _submit(member)
    staff = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    start = threading.Barrier(2)
    outcomes = []

    def approve(actor):
        try:
            start.wait()
            outcomes.append(research_news_approve(research_id=item.pk, actor=actor).reviewed_by)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(actor,)) for actor in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 2 and outcomes[0] == outcomes[1]  # both see the one decision
    assert Post.objects.count() == 1
    assert _research_emails(member).count() == 1
    assert AuditEntry.objects.filter(action="research_news.approve").count() == 1


def test_the_admin_lists_filters_and_searches(admin_client_2fa, member, staff_user):
    waiting = _submit(member, title="Interferon lambda at the barrier")
    rejected = _submit(member, title="Old news about TNF")
    research_news_reject(research_id=rejected.pk, actor=staff_user, reason="Old.")
    listing = _text(admin_client_2fa.get("/admin/news/researchnews/?status=submitted"))
    assert waiting.title in listing and rejected.title not in listing
    found = _text(admin_client_2fa.get("/admin/news/researchnews/?q=TNF"))
    assert rejected.title in found and waiting.title not in found
    # Decided items offer no buttons; the forms say there is nothing to decide.
    change = _text(admin_client_2fa.get(_admin_url(rejected)))
    assert "Approve and publish" not in change and "Old." in change


def test_staff_without_permission_to_change_research_news_cannot_decide(client, member):
    from tests.conftest import enable_totp, sign_in_with_two_factor

    item = _submit(member)
    viewer = UserFactory(is_staff=True)
    enable_totp(viewer)
    sign_in_with_two_factor(client, viewer)
    assert client.get(_admin_url(item, "approve")).status_code == 403
    assert client.post(_admin_url(item, "reject"), {"reason": "No"}).status_code == 403
    assert ResearchNews.objects.get().status == "submitted"


def test_script_in_a_summary_is_not_run_on_the_post_page(client, member, staff_user):
    item = _submit(
        member,
        title="<script>alert(1)</script> Interferons",
        summary=(
            "Hello <script>alert(1)</script> world. "
            '[click me](javascript:alert(1)) <a href="javascript:alert(2)">or me</a> '
            '<img src=x onerror="alert(3)">'
        ),
    )
    post = research_news_approve(research_id=item.pk, actor=staff_user).post
    html = client.get(f"/news/{post.slug}/").content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert "<script" not in article
    assert not _script_in(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Interferons" in html  # shown as text
    assert "click me" in article and "or me" in article  # the words stay, without the links
    assert not _script_in(client.get("/news/?category=members").content.decode())
    feed = ET.fromstring(client.get("/news/feed/").content)  # noqa: S314 - our own feed
    summary = feed.find(f"{ATOM}entry/{ATOM}summary").text
    assert "<script" not in summary and not _script_in(summary)


def test_links_with_parentheses_and_angle_brackets_survive_into_the_post(
    client, member, staff_user
):
    doi = "10.1002/(SICI)1097-4636(199706)35:4<467::AID-JBM7>3.0.CO;2-F"
    paper = "https://www.cell.com/cell/fulltext/S0092-8674(21)00001-1"
    item = _submit(member, paper_url=paper, doi=f"https://doi.org/{doi}")
    post = research_news_approve(research_id=item.pk, actor=staff_user).post
    html = client.get(f"/news/{post.slug}/").content.decode()
    assert (
        '<a href="https://www.cell.com/cell/fulltext/S0092-8674%2821%2900001-1" '
        'rel="noopener noreferrer">Read the paper</a>'
    ) in html
    assert (
        '<a href="https://doi.org/10.1002/%28SICI%291097-4636%28199706%2935:4%3C467::AID-JBM7'
        '%3E3.0.CO;2-F" rel="noopener noreferrer">'
        "10.1002/(SICI)1097-4636(199706)35:4&lt;467::AID-JBM7&gt;3.0.CO;2-F</a>"
    ) in html
