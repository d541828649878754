import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from icis.accounts.roles import roles_install
from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import UserFactory


@pytest.fixture
def role_client(client, db):
    """`role_client("Treasurer")`: a client signed in (with two-factor) as a staff member whose
    only powers are that role's group."""

    def make(role: str):
        # As the migration did (a flushed database has lost the groups).
        roles_install(apps, create_permissions=False)
        user = UserFactory(is_staff=True, is_superuser=False)
        user.groups.add(Group.objects.get(name=role))
        enable_totp(user)
        return sign_in_with_two_factor(client, user)

    return make
