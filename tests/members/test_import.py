"""Staff move existing members in from a CSV in the admin: a preview first, then all or nothing."""

import csv
import html
import io
import re
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from icis.core.models import AuditEntry
from members.imports import MemberImportError, members_import, parse_member_csv
from members.models import MemberProfile, Membership
from members.services import member_import_row
from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import MembershipTypeFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

IMPORT_URL = "/admin/members/membership/import/"
CHANGELIST_URL = "/admin/members/membership/"
HEADER = "email,given_name,family_name,membership_type,start_date,end_date"


@pytest.fixture
def types(db):
    return {
        "regular": MembershipTypeFactory(slug="regular", ordering=10),
        "trainee": MembershipTypeFactory(slug="trainee", ordering=20),
        "lifetime": MembershipTypeFactory(
            name="Honorary / Lifetime",
            slug="honorary-lifetime",
            term_months=None,
            is_purchasable=False,
            ordering=30,
        ),
    }


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def _upload(client, data: bytes, name: str = "members.csv"):
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )


def _confirm(client, preview_html: str):
    """Press the preview's "Import N members" button, sending what that form holds."""
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', preview_html).group(1)
    return client.post(IMPORT_URL, {"digest": digest, "confirm": "1"})


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _row(page: str, line: int) -> str:
    """The preview table's row for a line of the CSV, as text."""
    match = re.search(rf'<tr[^>]*id="line-{line}".*?</tr>', page, re.S)
    assert match, f"no preview row for line {line}"
    return _text(match.group(0))


def _nothing_imported() -> bool:
    return (
        not Membership.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="membership.").exists()
    )


# --- The whole journey ------------------------------------------------------------------------


def test_the_preview_lists_every_row_and_writes_nothing_then_confirming_imports_them(
    admin_client_2fa, types, staff_user
):
    data = _csv(
        "ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31",
        "grace@example.org,Grace,Hopper,HONORARY / LIFETIME,2019-06-01,",
        "rosalind@example.org,Rosalind,Franklin,Trainee,2025-09-15,2026-09-14",
    )
    users_before = User.objects.count()

    preview = _upload(admin_client_2fa, data)
    page = preview.content.decode()

    assert preview.status_code == 200
    assert "Preview: nothing has been imported yet" in page
    assert _row(page, 2) == (
        "2 ada@example.org Ada Lovelace Regular 2026-01-01 2026-12-31 New account"
    )
    assert _row(page, 3) == (
        "3 grace@example.org Grace Hopper Honorary / Lifetime 2019-06-01 lifetime New account"
    )
    assert _row(page, 4) == (
        "4 rosalind@example.org Rosalind Franklin Trainee 2025-09-15 2026-09-14 New account"
    )
    assert ">Import 3 members</button>" in page
    assert User.objects.count() == users_before
    assert _nothing_imported()

    done = _confirm(admin_client_2fa, page)

    assert done.status_code == 302 and done.url == CHANGELIST_URL
    changelist = admin_client_2fa.get(done.url).content.decode()
    assert "Imported 3 members." in changelist
    ada = User.objects.get(email="ada@example.org")
    assert (ada.first_name, ada.last_name) == ("Ada", "Lovelace")
    assert not ada.has_usable_password()
    assert EmailAddress.objects.filter(user=ada, email=ada.email, verified=True).exists()
    assert MemberProfile.objects.filter(user__email__in=["ada@example.org"]).count() == 1
    terms = {
        term.user.email: term
        for term in Membership.objects.select_related("user", "membership_type")
    }
    assert len(terms) == 3
    assert (terms["ada@example.org"].start_date, terms["ada@example.org"].end_date) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    grace = terms["grace@example.org"]
    assert (grace.membership_type, grace.start_date, grace.end_date) == (
        types["lifetime"],
        date(2019, 6, 1),
        None,
    )
    rosalind = terms["rosalind@example.org"]
    assert (rosalind.membership_type, rosalind.start_date, rosalind.end_date) == (
        types["trainee"],
        date(2025, 9, 15),
        date(2026, 9, 14),
    )
    assert all(t.is_confirmed and t.source == Membership.Source.IMPORT for t in terms.values())
    audit = AuditEntry.objects.get(action="membership.import")
    assert (audit.actor, audit.data) == (staff_user, {"rows": 3})


def test_an_existing_account_is_reused_and_keeps_its_name(admin_client_2fa, types):
    existing = UserFactory(email="ada.lovelace@example.org", first_name="Augusta", last_name="King")
    data = _csv("Ada.Lovelace@Example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31")

    page = _upload(admin_client_2fa, data).content.decode()

    assert _row(page, 2).endswith("Existing account (its name stays Augusta King)")
    assert "1 new account" not in page

    _confirm(admin_client_2fa, page)

    assert User.objects.filter(email__iexact="ada.lovelace@example.org").count() == 1
    term = Membership.objects.get()
    assert term.user == existing
    existing.refresh_from_db()
    assert (existing.first_name, existing.last_name) == ("Augusta", "King")
    assert existing.has_usable_password()


def test_an_excel_file_with_a_bom_crlf_extra_columns_and_quoted_names_is_read(
    admin_client_2fa, types
):
    data = "\ufeff" + (
        "Member No,Email,Given_Name,Family_Name,Membership_Type,Start_Date,End_Date,Notes\r\n"
        '7,zoe@example.org,Zoë,"Ångström, Jr",regular,2026-02-01,2027-01-31,paid by cheque\r\n'
        "\r\n"
    )

    page = _upload(admin_client_2fa, data.encode()).content.decode()
    assert _row(page, 2).startswith("2 zoe@example.org Zoë Ångström, Jr Regular")
    _confirm(admin_client_2fa, page)

    zoe = User.objects.get(email="zoe@example.org")
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Ångström, Jr")
    assert Membership.objects.get(user=zoe).end_date == date(2027, 1, 31)


# --- Row errors -------------------------------------------------------------------------------


def test_each_row_error_is_shown_on_its_line_and_nothing_is_written(admin_client_2fa, types):
    data = _csv(
        "not-an-email,Ada,Lovelace,regular,2026-01-01,2026-12-31",
        "",
        "bob@example.org,,Builder,regular,2026-01-01,2026-12-31",
        "carol@example.org,Carol,Smith,gold,2026-01-01,2026-12-31",
        "dan@example.org,Dan,Jones,regular,01/03/2026,2026-12-31",
        "eve@example.org,Eve,Stone,regular,2026-06-01,2026-05-31",
        "fay@example.org,Fay,Wray,regular,2026-06-01,",
        "gil@example.org,Gil,Ray,regular,2026-06-01,2027-05-31",
    )

    response = _upload(admin_client_2fa, data)
    page = response.content.decode()

    assert response.status_code == 200
    assert "6 of 7 rows have errors" in _text(page)
    assert 'email "not-an-email" is not a valid email address.' in _row(page, 2)
    assert "given_name is empty." in _row(page, 4)
    assert (
        'membership_type "gold" is not a membership type. Use one of: honorary-lifetime, '
        "regular, trainee." in _row(page, 5)
    )
    assert 'start_date "01/03/2026" is not a date written YYYY-MM-DD.' in _row(page, 6)
    assert "end_date 2026-05-31 is before start_date 2026-06-01." in _row(page, 7)
    assert "end_date is empty, but Regular is not a lifetime membership." in _row(page, 8)
    for line in (2, 4, 5, 6, 7, 8):
        assert f"Error on line {line}:" in _row(page, line)
    assert _row(page, 9).endswith("New account")
    assert 'id="line-3"' not in page  # the blank line is skipped, not reported
    assert 'name="confirm"' not in page
    assert _nothing_imported()
    assert not User.objects.filter(email="gil@example.org").exists()


def test_the_same_email_twice_in_the_file_is_reported(admin_client_2fa, types):
    data = _csv(
        "ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31",
        "bob@example.org,Bob,Builder,regular,2026-01-01,2026-12-31",
        "ADA@example.org,Ada,Lovelace,trainee,2025-01-01,2025-12-31",
    )

    page = _upload(admin_client_2fa, data).content.decode()

    assert "ADA@example.org is also on line 2: each member may appear only once." in _row(page, 4)
    assert "Error" not in _row(page, 2)
    assert 'name="confirm"' not in page
    assert _nothing_imported()


def test_importing_the_same_file_again_reports_the_terms_that_exist(admin_client_2fa, types):
    data = _csv(
        "ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31",
        "grace@example.org,Grace,Hopper,honorary-lifetime,2019-06-01,",
    )
    _confirm(admin_client_2fa, _upload(admin_client_2fa, data).content.decode())
    assert Membership.objects.count() == 2

    page = _upload(admin_client_2fa, data).content.decode()

    assert "ada@example.org already has a term starting 01 January 2026." in _row(page, 2)
    assert "grace@example.org already has a term starting 01 June 2019." in _row(page, 3)
    assert 'name="confirm"' not in page
    assert Membership.objects.count() == 2


# --- Files refused as a whole -----------------------------------------------------------------


def test_a_header_without_the_required_columns_is_refused(admin_client_2fa, types):
    data = _csv(
        "ada@example.org,Ada,Lovelace,regular,2026-01-01",
        header="email,first_name,last_name,membership_type,start_date",
    )

    page = _upload(admin_client_2fa, data).content.decode()

    assert "The header row (line 1) lacks the columns given_name, family_name, end_date." in _text(
        page
    )
    assert "import-preview" not in page
    assert _nothing_imported()


def test_a_semicolon_separated_file_gets_a_hint(admin_client_2fa, types):
    data = _csv(
        "ada@example.org;Ada;Lovelace;regular;2026-01-01;2026-12-31",
        header=HEADER.replace(",", ";"),
    )

    page = _text(_upload(admin_client_2fa, data).content.decode())

    assert "The file seems to separate values with semicolons; save it with commas." in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8\xff", "The file is not UTF-8 text"),
        (
            (HEADER + "\nzoe@example.org,Zoë,Ng,regular,2026-01-01,2026-12-31\n").encode("latin-1"),
            "The file is not UTF-8 text",
        ),
        (b"email,given_name\x00,family_name\n", "The file is not a CSV text file"),
        (b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
        (b"\n\n", "The file is empty."),
    ],
    ids=["binary", "latin-1", "nul-bytes", "too-large", "blank"],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(admin_client_2fa, types, content, message):
    response = _upload(admin_client_2fa, content, name="upload.csv")

    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert "import-preview" not in response.content.decode()


def test_a_file_with_more_than_20000_rows_is_refused(admin_client_2fa, types):
    rows = [f"m{n}@example.org,Given,Family,regular,2026-01-01,2026-12-31" for n in range(20_001)]

    page = _upload(admin_client_2fa, _csv(*rows)).content.decode()

    assert "The file has more than 20,000 member rows." in page
    assert _nothing_imported()


def test_a_file_with_only_a_header_offers_nothing_to_import(admin_client_2fa, types):
    page = _upload(admin_client_2fa, _csv()).content.decode()

    assert "The file has a header row but no member rows." in page
    assert 'name="confirm"' not in page


# --- The confirm step -------------------------------------------------------------------------


def test_confirming_an_old_preview_after_another_upload_imports_nothing(admin_client_2fa, types):
    first = _upload(
        admin_client_2fa, _csv("ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31")
    ).content.decode()
    _upload(admin_client_2fa, _csv("bob@example.org,Bob,Builder,regular,2026-01-01,2026-12-31"))

    response = _confirm(admin_client_2fa, first)

    assert response.status_code == 302 and response.url == IMPORT_URL
    page = admin_client_2fa.get(IMPORT_URL).content.decode()
    assert "This preview is out of date" in page
    assert _nothing_imported()


def test_confirming_without_a_preview_imports_nothing(admin_client_2fa, types):
    response = admin_client_2fa.post(IMPORT_URL, {"digest": "0" * 64, "confirm": "1"})

    assert response.status_code == 302 and response.url == IMPORT_URL
    assert _nothing_imported()


def test_a_term_added_between_preview_and_confirm_stops_the_whole_import(
    admin_client_2fa, types, staff_user
):
    page = _upload(
        admin_client_2fa,
        _csv(
            "ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31",
            "bob@example.org,Bob,Builder,regular,2026-01-01,2026-12-31",
        ),
    ).content.decode()
    member_import_row(
        email="bob@example.org",
        first_name="Bob",
        last_name="Builder",
        membership_type=types["regular"],
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        actor=staff_user,
    )

    response = _confirm(admin_client_2fa, page)
    page = response.content.decode()

    assert response.status_code == 200
    assert "1 row of 2 has errors, so nothing was imported." in page
    assert "bob@example.org already has a term starting 01 January 2026." in _row(page, 3)
    assert not User.objects.filter(email="ada@example.org").exists()
    assert Membership.objects.count() == 1
    assert not AuditEntry.objects.filter(action="membership.import").exists()


def test_a_row_that_fails_during_the_import_rolls_back_the_rows_before_it(types, staff_user):
    plan = parse_member_csv(
        _csv(
            "ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31",
            "bob@example.org,Bob,Builder,regular,2026-01-01,2026-12-31",
        )
    )
    assert not plan.has_errors
    # Another import got there after the plan was checked.
    member_import_row(
        email="bob@example.org",
        first_name="Bob",
        last_name="Builder",
        membership_type=types["regular"],
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        actor=staff_user,
    )

    with pytest.raises(MemberImportError, match="1 row of 2 has errors"):
        members_import(plan=plan, actor=staff_user)

    assert plan.rows[1].errors == ["bob@example.org already has a term starting 01 January 2026."]
    assert not User.objects.filter(email="ada@example.org").exists()
    assert Membership.objects.count() == 1
    assert not AuditEntry.objects.filter(action="membership.import").exists()


def test_a_plan_with_errors_is_never_imported(types, staff_user):
    plan = parse_member_csv(_csv("ada@example.org,Ada,,regular,2026-01-01,2026-12-31"))

    with pytest.raises(MemberImportError, match="nothing was imported"):
        members_import(plan=plan, actor=staff_user)

    assert _nothing_imported()


# --- Who may import ---------------------------------------------------------------------------


def test_the_changelist_offers_the_import(admin_client_2fa, types):
    page = admin_client_2fa.get(CHANGELIST_URL).content.decode()

    assert (
        f'<a href="{reverse("admin:members_membership_import")}">Import members from CSV</a>'
        in (page)
    )


def test_a_member_who_is_not_staff_is_sent_to_sign_in(client, user, types):
    client.force_login(user)

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_staff_without_the_permission_get_403(client, types):
    clerk = UserFactory(is_staff=True)
    enable_totp(clerk)
    sign_in_with_two_factor(client, clerk)
    data = _csv("ada@example.org,Ada,Lovelace,regular,2026-01-01,2026-12-31")

    assert client.get(IMPORT_URL).status_code == 403
    assert _upload(client, data).status_code == 403
    assert client.post(IMPORT_URL, {"digest": "0" * 64, "confirm": "1"}).status_code == 403
    assert _nothing_imported()


# --- Queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 200])
def test_checking_a_file_takes_the_same_queries_whatever_its_length(
    django_assert_num_queries, types, staff_user, size
):
    for n in range(3):
        member_import_row(
            email=f"known{n}@example.org",
            first_name="Known",
            last_name=f"Member {n}",
            membership_type=types["regular"],
            start_date=date(2025, 1, 1),
            end_date=date(2025, 12, 31),
            actor=staff_user,
        )
    known = [f"known{n}@example.org,Known,Member {n},regular,2026-01-01,2026-12-31" for n in (0, 1)]
    repeat = "known2@example.org,Known,Member 2,regular,2025-01-01,2025-12-31"
    new = [
        f"new{n}@example.org,New,Member {n},trainee,2026-01-01,2026-12-31" for n in range(size - 3)
    ]
    data = _csv(*known, repeat, *new)

    # Membership types, the file's existing accounts, and those accounts' terms.
    with django_assert_num_queries(3):
        plan = parse_member_csv(data)

    assert len(plan.rows) == size
    assert [row.existing_account for row in plan.rows[:4]] == [True, True, True, False]
    assert [bool(row.errors) for row in plan.rows[:4]] == [False, False, True, False]


def test_the_export_writes_what_members_typed_as_text_never_as_a_formula(admin_client_2fa, types):
    from members.services import membership_grant

    sly = UserFactory(first_name="=HYPERLINK(0)", last_name="+Sly", email="sly@example.org")
    MemberProfile.objects.create(user=sly, institution="@Evil Institute", country="GB")
    term = membership_grant(user=sly, membership_type=types["regular"], actor=None)

    response = admin_client_2fa.post(
        CHANGELIST_URL, {"action": "export_csv", "_selected_action": [term.pk]}
    )

    assert response["Content-Disposition"] == 'attachment; filename="icis-memberships.csv"'
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (row["given_name"], row["family_name"]) == ("'=HYPERLINK(0)", "'+Sly")
    assert (row["email"], row["institution"], row["type"]) == (
        "sly@example.org",
        "'@Evil Institute",
        "Regular",
    )
