"""The access table, cell by cell: every address x every role, with another member's objects.

Each cell is one test (`-k "awards:file and staff_no_2fa"` runs one); a cell in
KNOWN_DEFECTS is a strict xfail."""

import pytest

from tests.security.access_table import ARRIVING, KNOWN_DEFECTS, POST_TABLE, TABLE
from tests.security.addresses import STATIC_KEY, patterns, url_for
from tests.security.world import ROLES, SECRETS

# Who may be shown another member's private words: that member, and staff who passed two-factor.
_MAY_READ_SECRETS = {"another_member", "staff_2fa"}


def _cells(table: dict, method: str):
    for key, statuses in table.items():
        for role in ROLES:
            reason = KNOWN_DEFECTS.get((key, role)) if method == "get" else None
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(key, role, statuses[role], id=f"{method} {key} {role}", marks=marks)


def _check(world, key, role, expected, method):
    if key in ARRIVING and key not in patterns():
        pytest.skip(f"{key} is not an address of the site yet")
    url = url_for(key, world)
    response = getattr(world.clients[role], method)(url)
    assert response.status_code == expected, (
        f"{method.upper()} {url} as {role}: {response.status_code}, the table says {expected}"
    )
    if role not in _MAY_READ_SECRETS and not response.streaming:
        body = response.content.decode("utf-8", "replace")
        shown = [secret for secret in SECRETS if secret in body]
        assert not shown, f"{method.upper()} {url} as {role} shows {shown}"


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role", "expected"), list(_cells(TABLE, "get")))
def test_get(world, key, role, expected):
    _check(world, key, role, expected, "get")


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role", "expected"), list(_cells(POST_TABLE, "post")))
def test_post(world, key, role, expected):
    _check(world, key, role, expected, "post")


def test_every_address_has_a_row():
    missing = sorted(set(patterns()) - set(TABLE))
    assert not missing, (
        f"Addresses with no row in tests/security/access_table.py: {missing}. Add each with the "
        "status every role should get."
    )


def test_every_row_is_an_address():
    stale = sorted(set(TABLE) - set(patterns()) - ARRIVING - {STATIC_KEY})
    assert not stale, f"Rows for addresses the site no longer has: {stale}"


def test_arriving_addresses_are_still_to_come():
    arrived = sorted(ARRIVING & set(patterns()))
    assert not arrived, f"{arrived} now exist: take them out of ARRIVING in access_table.py"


def test_every_known_defect_is_a_cell():
    for key, role in KNOWN_DEFECTS:
        assert key in TABLE and role in ROLES, (key, role)


def test_the_table_s_size():
    cells = len(TABLE) * len(ROLES)
    print(f"access table: {len(TABLE)} addresses x {len(ROLES)} roles = {cells} cells (GET)")
    print(f"  and {len(POST_TABLE)} POST-only addresses x {len(ROLES)} roles")
    print(f"  known defects (strict xfail): {len(KNOWN_DEFECTS)}")
    assert len(TABLE) >= 90
