import io
import os
import socket
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from kombu import pools

from icis.celery import app as celery_app
from members import demo
from members.models import CareerStage, MembershipType
from members.services import membership_checkout
from tests import fast_flush
from tests.demo_snapshot import capture
from tests.factories import (
    FeeFactory,
    FeeWindowFactory,
    MeetingFactory,
    MemberProfileFactory,
    RefundRuleFactory,
    RegistrationCategoryFactory,
    RegistrationSettingsFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser tests
# make between steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def clean_test_redis():
    """The suite's Redis database starts empty: no queued tasks or rate-limit counters from
    an earlier run."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()
    client.close()


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_after_transactional_tests():
    """A transactional test's database is emptied by deleting the rows it added, when that
    gives the same clean database as Django's flush (tests/fast_flush.py)."""
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = fast_flush.fixture_teardown(original)
    yield
    TransactionTestCase._fixture_teardown = original
    if os.environ.get("ICIS_TEST_FLUSH_STATS"):
        print(f"\nflushes: {fast_flush.STATS}")


@pytest.fixture(autouse=True)
def _clear_cache_between_tests():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def page_cache(settings, transactional_db):
    """The page caches on (they are off in tests), reading the generation on every request,
    and empty before and after the test."""
    from icis.core import pagecache, privatecache

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 0
    pagecache.reset()
    privatecache.reset()
    yield settings
    pagecache.reset()
    privatecache.reset()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    """The rows and files `load_demo` makes on the migrated database, loaded once per run."""
    with django_db_blocker.unblock():
        return capture(lambda: call_command("load_demo", stdout=io.StringIO()))


@pytest.fixture
def demo_content(db, _demo_snapshot):
    """The whole demo content (`manage.py load_demo`), there when the test starts: the rows a
    real load writes, copied in (seconds faster than loading it again in every test)."""
    _demo_snapshot.restore()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


def enable_totp(user, secret: str = "JBSWY3DPEHPK3PXP"):  # noqa: S107
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret)


@pytest.fixture
def staff_user_2fa(staff_user):
    enable_totp(staff_user)
    return staff_user


def sign_in_with_two_factor(client, user):
    """Signed in as if with password and authenticator code: the session records the second
    factor, as allauth's sign-in does, so a staff account acts as staff."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def admin_client_2fa(client, staff_user_2fa):
    """A staff member signed in with two-factor: the admin lets them in."""
    return sign_in_with_two_factor(client, staff_user_2fa)


@pytest.fixture
def membership_types(db):
    demo.membership_types_ensure()
    return {t.slug: t for t in MembershipType.objects.all()}


@pytest.fixture
def postdoc(db):
    user = UserFactory(first_name="Rosalind", last_name="Franklin")
    MemberProfileFactory(user=user, career_stage=CareerStage.POSTDOC)
    return user


@pytest.fixture
def trainee_payment(postdoc, membership_types):
    """A postdoc has chosen the Trainee membership ($50.00) and is on the pay page."""
    return membership_checkout(user=postdoc, membership_type=membership_types["trainee"])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    # Drop every pooled connection and producer so the next publish connects to `url`.
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker_down():
    """Celery's broker is unreachable until the test calls the fixture's value (Redis is back)."""
    working = celery_app.conf.broker_url
    _use_broker(f"redis://127.0.0.1:{_closed_port()}/0")
    yield lambda: _use_broker(working)
    _use_broker(working)


@pytest.fixture
def open_meeting(db):
    """A meeting taking registrations: four categories, early and regular prices, a refund
    policy, and places limited by `capacity` (set it on `meeting.registration`)."""
    from meetings.models import Meeting

    today = timezone.localdate()
    meeting = MeetingFactory(
        edition=14,
        name="Cytokines Test Meeting",
        slug="cytokines-test",
        currency="USD",
        start_date=today + timedelta(days=90),
        end_date=today + timedelta(days=93),
        time_zone="Europe/London",
        city="Cardiff",
        country="GB",
        format="hybrid",
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    RegistrationSettingsFactory(
        meeting=meeting, access_details="Stream: https://stream.example.org/live"
    )
    early = FeeWindowFactory(meeting=meeting, name="Early bird", ends_on=today + timedelta(days=30))
    regular = FeeWindowFactory(meeting=meeting, name="Regular", ends_on=today + timedelta(days=89))
    prices = {
        "member": ("Member", True, False, 45000, 55000),
        "non-member": ("Non-member", False, False, 75000, 85000),
        "trainee-member": ("Trainee member", True, True, 15000, 20000),
        "trainee-non-member": ("Trainee non-member", False, True, 30000, 35000),
    }
    for ordering, (slug, (name, member, trainee, early_price, regular_price)) in enumerate(
        prices.items()
    ):
        category = RegistrationCategoryFactory(
            meeting=meeting,
            slug=slug,
            name=name,
            requires_membership=member,
            requires_trainee=trainee,
            ordering=ordering,
        )
        FeeFactory(category=category, window=early, amount=early_price)
        FeeFactory(category=category, window=regular, amount=regular_price)
    RefundRuleFactory(meeting=meeting, until=today + timedelta(days=30), percent=100)
    RefundRuleFactory(meeting=meeting, until=today + timedelta(days=60), percent=50)
    return meeting
