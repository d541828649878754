"""Signals+: the archive, members-only issues, who it goes to, sending it once to each of them
with a one-click unsubscribe, the unsubscribe page, and the staff pages that send it."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.mail.services import email_send
from icis.payments import services as payment_services
from members.models import CareerStage, MemberProfile
from members.services import membership_checkout
from news import selectors, services
from news.models import (
    NewsletterIssue,
    NewsletterItem,
    NewsletterSubscriber,
    Post,
    ResearchNews,
)
from tests.factories import (
    NewsletterIssueFactory,
    NewsletterItemFactory,
    NewsletterSubscriberFactory,
    PostFactory,
    ResearchNewsFactory,
    UserFactory,
)
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db
Kind = NewsletterItem.Kind


def _member(membership_types, *, opt_in=True, email=None, joined=None, **user_fields):
    """A member through the real services: profile, checkout, a waived payment. `joined`
    (a datetime) backdates the whole term, so two years ago makes a lapsed member."""
    user = UserFactory(**({"email": email} if email else {}), **user_fields)
    MemberProfile.objects.update_or_create(
        user=user,
        defaults={
            "institution": "University of Example",
            "country": "GB",
            "career_stage": CareerStage.SENIOR,
            "newsletter_opt_in": opt_in,
        },
    )
    payment = membership_checkout(
        user=user, membership_type=membership_types["regular"], now=joined
    )
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="waived", reference="", actor=None, now=joined
    )
    return user


def _post(slug, title, **fields):
    return PostFactory(
        title=title,
        slug=slug,
        summary=f"Summary of {title}.",
        body="Body.",
        **{
            "status": Post.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(days=1),
            **fields,
        },
    )


def _issue(number=1, *, published=True, members_only=False, title=None):
    return NewsletterIssueFactory(
        number=number,
        date=date(2025, 3, number % 28 + 1),
        title=title or f"Issue title {number}",
        editorial=f"Welcome to **issue {number}**.",
        is_published=published,
        is_members_only=members_only,
    )


@pytest.fixture
def full_issue(db):
    """An issue with one item of each kind, given out of order."""
    issue = _issue(7, title="Spring at the society")
    post = _post("interferon-prize", "The interferon prize")
    author = UserFactory()
    research_post = _post("members-paper", "A member's paper, as a post")
    research = ResearchNewsFactory(
        member=author,
        title="IL-6 in the gut",
        summary="A new role for **IL-6**.",
        paper_url="https://doi.org/10.1000/example",
        status=ResearchNews.Status.APPROVED,
        post=research_post,
    )
    NewsletterItemFactory(
        issue=issue,
        kind=Kind.TEXT,
        title="A word from the treasurer",
        text="Dues are *due*.",
        ordering=40,
    )
    NewsletterItemFactory(issue=issue, kind=Kind.POST, post=post, ordering=10)
    NewsletterItemFactory(issue=issue, kind=Kind.RESEARCH, research=research, ordering=20)
    # Not for readers: a post back in draft, research news that was turned down.
    draft = _post("draft-post", "A draft post", status=Post.Status.DRAFT)
    rejected = ResearchNewsFactory(
        member=author,
        title="Rejected research",
        summary="No.",
        paper_url="https://doi.org/10.1000/rejected",
        status=ResearchNews.Status.REJECTED,
    )
    NewsletterItemFactory(issue=issue, kind=Kind.POST, post=draft, ordering=15)
    NewsletterItemFactory(issue=issue, kind=Kind.RESEARCH, research=rejected, ordering=25)
    NewsletterItemFactory(
        issue=issue,
        kind=Kind.DEADLINE,
        title="Travel awards close",
        deadline=date(2025, 5, 31),
        link="https://example.org/awards",
        ordering=30,
    )
    return issue


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- The archive --------------------------------------------------------------------------------


def test_archive_lists_published_issues_newest_first(client):
    _issue(1, title="The first issue")
    _issue(3, title="The third issue", members_only=True)
    _issue(2, title="The second issue")
    _issue(4, title="A draft issue", published=False)

    html = client.get("/newsletter/").content.decode()

    assert html.index("The third issue") < html.index("The second issue")
    assert html.index("The second issue") < html.index("The first issue")
    assert "A draft issue" not in html
    assert 'href="/newsletter/3/"' in html
    assert "Members only" in html  # the title shows; the body is for members


def test_issue_page_shows_the_editorial_and_items_in_order(client, full_issue):
    html = client.get("/newsletter/7/").content.decode()

    assert "Spring at the society" in html
    assert "Welcome to <strong>issue 7</strong>." in html
    assert '<a href="/news/interferon-prize/">The interferon prize</a>' in html
    assert "Summary of The interferon prize." in html
    assert '<a href="/news/members-paper/">IL-6 in the gut</a>' in html  # research → its post
    assert "A new role for <strong>IL-6</strong>." in html
    assert "31 May 2025" in html
    assert '<a href="https://example.org/awards">Travel awards close</a>' in html
    assert "Dues are <em>due</em>." in html
    order = ["The interferon prize", "IL-6 in the gut", "Travel awards close", "the treasurer"]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "A draft post" not in html and "Rejected research" not in html


def test_unpublished_and_unknown_issues_are_not_found(admin_client_2fa):
    _issue(5, published=False, title="Not yet")
    visitor = Client()
    assert visitor.get("/newsletter/5/").status_code == 404
    assert visitor.get("/newsletter/99/").status_code == 404
    staff_view = admin_client_2fa.get("/newsletter/5/").content.decode()
    assert "Not yet" in staff_view and "Staff preview" in staff_view


def test_members_only_issue_is_hidden_from_visitors_and_non_members(
    client, membership_types, full_issue
):
    full_issue.is_members_only = True
    full_issue.save()
    lapsed = _member(membership_types, joined=timezone.now() - timedelta(days=800))
    never = UserFactory()

    for who in (None, never, lapsed):
        client.logout()
        if who:
            client.force_login(who)
        response = client.get("/newsletter/7/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Spring at the society" in html
        assert "This issue is for members" in html
        assert 'href="/membership/"' in html
        assert "issue 7</strong>" not in html and "The interferon prize" not in html


def test_members_only_issue_is_shown_to_members_and_staff(
    admin_client_2fa, membership_types, full_issue
):
    full_issue.is_members_only = True
    full_issue.save()
    member_client = Client()
    member_client.force_login(_member(membership_types))

    for reader in (member_client, admin_client_2fa):
        html = reader.get("/newsletter/7/").content.decode()
        assert "This issue is for members" not in html
        assert "The interferon prize" in html and "Welcome to <strong>issue 7</strong>." in html


def _grow_issue(issue, author):
    """Adds n posts, each in the issue, with research news and one more issue every ten."""

    def grow(n):
        start = Post.objects.count()
        posts = Post.objects.bulk_create(
            Post(
                title=f"Post {i}",
                slug=f"post-{i}",
                summary=f"About {i}.",
                body="Long body. " * 50,
                status=Post.Status.PUBLISHED,
                publish_at=timezone.now() - timedelta(days=1),
            )
            for i in range(start, start + n)
        )
        research = ResearchNews.objects.bulk_create(
            ResearchNews(
                member=author,
                title=f"Research {post.pk}",
                summary="Findings.",
                paper_url="https://doi.org/10.1000/x",
                status=ResearchNews.Status.APPROVED,
                post=post,
            )
            for post in posts[::10]
        )
        NewsletterItem.objects.bulk_create(
            [
                *(NewsletterItem(issue=issue, kind=Kind.POST, post=post) for post in posts),
                *(NewsletterItem(issue=issue, kind=Kind.RESEARCH, research=r) for r in research),
            ]
        )
        top = NewsletterIssue.objects.order_by("-number").values_list("number", flat=True)[0]
        NewsletterIssue.objects.bulk_create(
            NewsletterIssue(
                number=top + k,
                date=date(2025, 1, 1),
                title=f"No. {top + k}",
                is_published=True,
                is_members_only=k % 2 == 0,
            )
            for k in range(1, n // 10 + 1)
        )

    return grow


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/newsletter/", 2),  # the count and the page
        ("/newsletter/1/", 2),  # the issue, its items with their posts and research news
    ],
)
def test_archive_and_issue_pages_take_fixed_queries_at_10_and_1000_posts(client, path, expected):
    issue = _issue(1)
    assert_queries_at_sizes(
        expected=expected,
        grow=_grow_issue(issue, UserFactory()),
        action=lambda: client.get(path),
        sizes=(10, 990),  # 10 posts, then 1,000
    )
    assert NewsletterItem.objects.filter(issue=issue).count() == 1100


def test_members_only_issue_for_a_member_takes_fixed_queries(client, membership_types):
    issue = _issue(1, members_only=True)
    client.force_login(_member(membership_types))
    # The session, the user, the issue, the member's terms, the items.
    assert_queries_at_sizes(
        expected=5,
        grow=_grow_issue(issue, UserFactory()),
        action=lambda: client.get("/newsletter/1/"),
        sizes=(10, 990),
    )


# --- Recipients ---------------------------------------------------------------------------------


def test_recipients_are_opted_in_active_members_and_subscribers_each_once(membership_types):
    _member(membership_types, email="active@example.org", first_name="Ada", last_name="Active")
    _member(membership_types, email="Both@Example.org")
    _member(membership_types, email="optedout@example.org", opt_in=False)
    _member(
        membership_types, email="lapsed@example.org", joined=timezone.now() - timedelta(days=800)
    )
    inactive = _member(membership_types, email="closed@example.org")
    inactive.is_active = False
    inactive.save()
    UserFactory(email="nomember@example.org")  # an account, no membership
    MemberProfile.objects.filter(user__email="nomember@example.org").update(newsletter_opt_in=True)
    NewsletterSubscriberFactory(email="reader@example.org", name="Rea Der")
    NewsletterSubscriberFactory(email="both@example.org")  # the member, in other case
    NewsletterSubscriberFactory(email="READER2@example.org")
    NewsletterSubscriberFactory(email="gone@example.org", unsubscribed_at=timezone.now())

    recipients = selectors.newsletter_recipients()

    assert sorted(r.email.lower() for r in recipients) == [
        "active@example.org",
        "both@example.org",
        "reader2@example.org",
        "reader@example.org",
    ]
    by_email = {r.email: r.name for r in recipients}
    assert by_email["active@example.org"] == "Ada Active"
    assert by_email["reader@example.org"] == "Rea Der"


# --- Sending ------------------------------------------------------------------------------------


@pytest.fixture
def audience(membership_types):
    """Two members who chose Signals+ and two subscribers."""
    # Members since two days ago, so a send backdated by an hour still finds them at any
    # time of day, midnight included.
    joined = timezone.now() - timedelta(days=2)
    _member(membership_types, email="member1@example.org", joined=joined)
    _member(membership_types, email="member2@example.org", joined=joined)
    NewsletterSubscriberFactory(email="sub1@example.org")
    NewsletterSubscriberFactory(email="Sub2@Example.org")
    return ["member1@example.org", "member2@example.org", "sub1@example.org", "Sub2@Example.org"]


def _sent_for(issue):
    return OutboundEmail.objects.filter(dedupe_key__startswith=f"newsletter:{issue.pk}:")


def test_send_queues_one_email_per_recipient_with_one_click_unsubscribe(
    full_issue, audience, staff_user
):
    now = timezone.now()
    queued = services.newsletter_send(
        issue_id=full_issue.pk, actor=staff_user, now=now, chunk_size=3
    )

    assert queued == 4
    emails = list(_sent_for(full_issue).order_by("to_email"))
    assert sorted(e.to_email for e in emails) == sorted(audience)
    bodies = set()
    for email in emails:
        assert email.subject == "Signals+ no. 7: Spring at the society"
        assert email.dedupe_key == f"newsletter:{full_issue.pk}:{email.to_email.lower()}"
        url = email.headers["List-Unsubscribe"].strip("<>")
        assert url.startswith(f"{settings.SITE_URL}/newsletter/unsubscribe/")
        assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert services.newsletter_unsubscribe_email(token=token) == email.to_email.lower()
        assert url in email.body_text and url in email.body_html  # the footer's link
        assert f"{settings.SITE_URL}/news/interferon-prize/" in email.body_html
        # Rendered once: each copy differs from the others only by its unsubscribe address.
        bodies.add((email.body_text.replace(url, "U"), email.body_html.replace(url, "U")))
    assert len(bodies) == 1
    assert len({e.headers["List-Unsubscribe"] for e in emails}) == 4

    full_issue.refresh_from_db()
    assert full_issue.sent_at == now and full_issue.sent_by == staff_user
    entry = AuditEntry.objects.get(action="newsletter.send")
    assert entry.data == {"queued": 4, "recipients": 4} and entry.actor == staff_user

    # The worker sends it with the headers, so mail clients show their unsubscribe button.
    email_send(email_id=emails[0].pk)
    [sent] = mail.outbox
    assert sent.extra_headers["List-Unsubscribe"] == emails[0].headers["List-Unsubscribe"]
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Travel awards close" in sent.body and "31 May 2025" in sent.body


def test_sending_twice_queues_nobody_twice(full_issue, audience, staff_user):
    first_sent = timezone.now() - timedelta(hours=1)
    assert services.newsletter_send(issue_id=full_issue.pk, actor=staff_user, now=first_sent) == 4
    assert services.newsletter_send(issue_id=full_issue.pk, actor=staff_user) == 0
    assert _sent_for(full_issue).count() == 4

    NewsletterSubscriberFactory(email="late@example.org")
    assert services.newsletter_send(issue_id=full_issue.pk, actor=staff_user) == 1
    assert _sent_for(full_issue).filter(to_email="late@example.org").count() == 1
    assert _sent_for(full_issue).count() == 5
    full_issue.refresh_from_db()
    assert full_issue.sent_at == first_sent  # the first send is when it went out


def test_send_test_goes_to_the_staff_member_only(full_issue, audience, staff_user):
    services.newsletter_send_test(issue_id=full_issue.pk, actor=staff_user)

    email = OutboundEmail.objects.get(dedupe_key__startswith=f"newsletter-test:{full_issue.pk}:")
    assert email.to_email == staff_user.email
    assert email.subject == "[Test] Signals+ no. 7: Spring at the society"
    assert not _sent_for(full_issue).exists()
    full_issue.refresh_from_db()
    assert full_issue.sent_at is None


# --- Unsubscribing ------------------------------------------------------------------------------


def _unsubscribe_path(issue, email):
    """The path of the address in the email's List-Unsubscribe header."""
    header = _sent_for(issue).get(to_email=email).headers["List-Unsubscribe"]
    return header.strip("<>").removeprefix(settings.SITE_URL)


def test_one_click_post_unsubscribes_a_member_and_a_subscriber(full_issue, audience, staff_user):
    services.newsletter_send(issue_id=full_issue.pk, actor=staff_user)
    mail_client = Client(enforce_csrf_checks=True)  # no session, no CSRF token: a mail client

    for email in ("member1@example.org", "Sub2@Example.org"):
        path = _unsubscribe_path(full_issue, email)
        response = mail_client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
        assert "You are unsubscribed" in response.content.decode()

    assert MemberProfile.objects.get(user__email="member1@example.org").newsletter_opt_in is False
    assert NewsletterSubscriber.objects.get(email="Sub2@Example.org").unsubscribed_at is not None
    remaining = sorted(r.email for r in selectors.newsletter_recipients())
    assert remaining == ["member2@example.org", "sub1@example.org"]
    entries = AuditEntry.objects.filter(action="newsletter.unsubscribe")
    assert entries.count() == 2
    assert {e.data["via"] for e in entries} == {"one-click"}

    # Again (a second click, a retrying mail client): still fine, nothing more changes.
    again = mail_client.post(
        _unsubscribe_path(full_issue, "member1@example.org"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 200
    assert AuditEntry.objects.filter(action="newsletter.unsubscribe").count() == 2


def test_unsubscribe_page_asks_first_without_sign_in(client, membership_types):
    _member(membership_types, email="reader@example.org")
    NewsletterSubscriberFactory(email="reader@example.org")
    path = reverse(
        "newsletter:unsubscribe",
        kwargs={"token": services.newsletter_unsubscribe_token(email="reader@example.org")},
    )

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "reader@example.org" in html and ">Unsubscribe</button>" in html
    assert MemberProfile.objects.get(user__email="reader@example.org").newsletter_opt_in is True

    done = client.post(path, {"confirm": "1"})
    assert "You are unsubscribed" in done.content.decode()
    assert MemberProfile.objects.get(user__email="reader@example.org").newsletter_opt_in is False
    assert NewsletterSubscriber.objects.get().unsubscribed_at is not None
    entry = AuditEntry.objects.get(action="newsletter.unsubscribe")  # one person, one entry
    assert entry.data == {"via": "page", "member": True, "subscriber": True}


def test_unsubscribing_a_member_audits_the_change_to_their_profile(client, membership_types):
    member = _member(membership_types, email="reader@example.org", first_name="Ada")
    path = reverse(
        "newsletter:unsubscribe",
        kwargs={"token": services.newsletter_unsubscribe_token(email="reader@example.org")},
    )

    client.post(path, {"confirm": "1"})
    client.post(path, {"confirm": "1"})  # again: nothing more changes

    entry = AuditEntry.objects.get(action="profile.newsletter_opt_out")
    assert (entry.actor, entry.actor_label) == (member, "reader@example.org")
    assert entry.object_id == str(member.member_profile.pk)
    assert entry.object_label == f"Profile of {member}"
    assert entry.data == {"fields": ["newsletter_opt_in"], "newsletter_opt_in": False}


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_or_foreign_token_gives_a_friendly_400(client, method):
    NewsletterSubscriberFactory(email="victim@example.org")
    good = services.newsletter_unsubscribe_token(email="attacker@example.org")
    forged = signing.TimestampSigner(salt="other-purpose").sign_object("victim@example.org")
    for token in (good[:-2] + "xx", "victim@example.org", forged, "nonsense", "a:b:c"):
        response = getattr(client, method)(f"/newsletter/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "couldn't read this unsubscribe link" in response.content.decode()
    assert NewsletterSubscriber.objects.get().unsubscribed_at is None


# --- The staff pages ----------------------------------------------------------------------------


def test_issue_admin_previews_counts_and_offers_the_buttons(admin_client_2fa, full_issue, audience):
    html = admin_client_2fa.get(
        reverse("admin:news_newsletterissue_change", args=[full_issue.pk])
    ).content.decode()
    assert "Welcome to <strong>issue 7</strong>." in html  # the preview
    assert "The interferon prize" in html
    assert "Send to 4 recipients" in html
    assert "Send a test to me" in html
    assert "Not sent yet." in html


def test_issue_admin_sends_a_test_then_to_everyone_after_confirming(
    admin_client_2fa, staff_user_2fa, full_issue, audience
):
    test = admin_client_2fa.post(
        reverse("admin:news_newsletterissue_test", args=[full_issue.pk]), follow=True
    )
    assert f"is queued to {staff_user_2fa.email}" in test.content.decode()
    tests = OutboundEmail.objects.filter(dedupe_key__startswith=f"newsletter-test:{full_issue.pk}:")
    assert [e.to_email for e in tests] == [staff_user_2fa.email]

    send_url = reverse("admin:news_newsletterissue_send", args=[full_issue.pk])
    confirm = admin_client_2fa.get(send_url).content.decode()
    assert 'value="Send to 4 recipients"' in confirm
    assert not _sent_for(full_issue).exists()

    done = admin_client_2fa.post(send_url, {"confirm": "1"}, follow=True).content.decode()
    assert "Queued 4 emails." in done
    assert "4 queued, 0 sent, 0 failed; 0 unsubscribes since it was sent." in _text(done)
    assert _sent_for(full_issue).count() == 4

    again = admin_client_2fa.post(send_url, {"confirm": "1"}, follow=True).content.decode()
    assert "Queued 0 emails: everyone has it already." in again
    assert "Everyone it is for has it already." in admin_client_2fa.get(send_url).content.decode()


def test_issue_admin_shows_delivery_and_unsubscribes_since_sending(
    admin_client_2fa, staff_user_2fa, full_issue, audience
):
    services.newsletter_send(issue_id=full_issue.pk, actor=staff_user_2fa)
    emails = list(_sent_for(full_issue).order_by("pk"))
    email_send(email_id=emails[0].pk)
    OutboundEmail.objects.filter(pk=emails[1].pk).update(status=OutboundEmail.Status.FAILED)
    services.newsletter_unsubscribe(email="sub1@example.org", via="one-click")

    html = admin_client_2fa.get(
        reverse("admin:news_newsletterissue_change", args=[full_issue.pk])
    ).content.decode()
    assert "2 queued, 1 sent, 1 failed; 1 unsubscribe since it was sent." in _text(html)


def test_issue_admin_item_needs_what_its_kind_shows(admin_client_2fa, full_issue):
    prefix = "items"
    data = {
        "number": "7",
        "date": "2025-03-08",
        "title": "Spring at the society",
        "editorial": "",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-kind": "deadline",
        f"{prefix}-0-ordering": "1",
        f"{prefix}-0-title": "",
    }
    response = admin_client_2fa.post(
        reverse("admin:news_newsletterissue_change", args=[full_issue.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the deadline&#x27;s date." in html
    assert "Give it a title." in html


def test_subscriber_admin_filters_by_unsubscribed(admin_client_2fa):
    NewsletterSubscriberFactory(email="still@example.org")
    NewsletterSubscriberFactory(email="left@example.org", unsubscribed_at=timezone.now())
    url = reverse("admin:news_newslettersubscriber_changelist")
    subscribed = admin_client_2fa.get(f"{url}?unsubscribed=no").content.decode()
    assert "still@example.org" in subscribed and "left@example.org" not in subscribed
    left = admin_client_2fa.get(f"{url}?unsubscribed=yes&q=example").content.decode()
    assert "left@example.org" in left and "still@example.org" not in left
