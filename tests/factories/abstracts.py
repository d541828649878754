"""Abstracts: a meeting's call (open now unless told), its topics, abstracts with authors."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.abstracts.models import Abstract, AbstractCall, AbstractTopic, Affiliation, Author
from meetings.models import Meeting

from .accounts import UserFactory
from .meetings import MeetingFactory


class AbstractCallFactory(factory.django.DjangoModelFactory):
    """A call open since yesterday, closing in thirty days, on an announced meeting."""

    class Meta:
        model = AbstractCall

    meeting = factory.SubFactory(
        MeetingFactory, status=Meeting.Status.ANNOUNCED, time_zone="Europe/London"
    )
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class AbstractTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbstractTopic

    call = factory.SubFactory(AbstractCallFactory)
    name = factory.Sequence(lambda n: f"Interferons and antiviral immunity {n}")
    position = factory.Sequence(lambda n: n)


class AbstractFactory(factory.django.DjangoModelFactory):
    """A draft; pass status="submitted" (and authors) for a submitted one."""

    class Meta:
        model = Abstract

    call = factory.SubFactory(AbstractCallFactory)
    submitter = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"IL-1\u03b2 signalling in model {n}")
    topic = factory.LazyAttribute(lambda o: AbstractTopicFactory(call=o.call))
    preference = "poster"
    body = "IFN-\u03b3 rose \u2265 2-fold at 10 \u00b5M."
    conflicts = "None"
    publication_consent = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    abstract = factory.SubFactory(AbstractFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = "Institute of Immunology, Cardiff, United Kingdom"


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    abstract = factory.SubFactory(AbstractFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"author{n}@example.org")
