import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The people and objects of tests/security/world.py, built once for the module inside a
    transaction that is rolled back at its end; each test runs in a savepoint inside it."""
    from tests.security.world import build

    # Static files as production serves them, through WhiteNoise, found where they are kept.
    static = override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
    static.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # like Django's TestCase: not the site's own transaction
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            static.disable()
