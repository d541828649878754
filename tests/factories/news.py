"""News: posts, research news, the newsletter's issues, items and subscribers."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from news.models import NewsletterIssue, NewsletterItem, NewsletterSubscriber, Post, ResearchNews

from .accounts import UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    """A published news post, an hour old."""

    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    summary = "A summary."
    body = "Some **news**."
    status = Post.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


def post_create(**fields) -> Post:
    """A published news post, an hour old, with any field given instead."""
    return PostFactory(**fields)


class ResearchNewsFactory(factory.django.DjangoModelFactory):
    """A member's paper, sent in and waiting for staff."""

    class Meta:
        model = ResearchNews

    member = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Research {n}")
    summary = "A new role for **IL-6**."
    paper_url = factory.Sequence(lambda n: f"https://doi.org/10.1000/example{n}")


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    """A draft issue, not yet in the archive, for everyone."""

    class Meta:
        model = NewsletterIssue

    number = factory.Sequence(lambda n: 100 + n)
    date = date(2025, 3, 1)
    title = factory.LazyAttribute(lambda o: f"Issue title {o.number}")


class NewsletterItemFactory(factory.django.DjangoModelFactory):
    """An item of an issue: a text unless `kind` says otherwise (a post, research news)."""

    class Meta:
        model = NewsletterItem

    issue = factory.SubFactory(NewsletterIssueFactory)
    kind = NewsletterItem.Kind.TEXT


class NewsletterSubscriberFactory(factory.django.DjangoModelFactory):
    """Someone on the newsletter list without an account."""

    class Meta:
        model = NewsletterSubscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
