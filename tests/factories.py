from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from icis.site.models import Page
from news.models import Post

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in: verified primary email, password `PASSWORD`."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"researcher{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    summary = "A page about the society."
    body = "Some **Markdown** text."
    ordering = factory.Sequence(lambda n: 200 + n)


def post_create(**fields):
    """A published news post, an hour old, with any field given instead."""
    from django.utils import timezone

    n = Post.objects.count()
    defaults = {
        "title": f"Post {n}",
        "slug": f"post-{n}",
        "summary": "A summary.",
        "body": "Some **news**.",
        "status": Post.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    return Post.objects.create(**{**defaults, **fields})
