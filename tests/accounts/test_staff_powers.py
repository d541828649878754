"""Staff powers need two-factor passed in this session, outside the admin as in it.

Every view reachable outside /admin/ and every template that grants staff powers is found by
reading the project (the URL resolver's views, the template folders), and each must have a case
here: a staff account without two-factor gets exactly what a plain signed-in user gets on
someone else's object, and staff who passed two-factor get the staff view."""

import ast
import inspect
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from awards import services as award_services
from awards.models import Level
from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from news.models import NewsletterItem
from tests.awards.conftest import make_member, open_cycle_for, pdf_upload
from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import (
    PASSWORD,
    AwardProgramFactory,
    NewsletterIssueFactory,
    NewsletterItemFactory,
    UserFactory,
)
from tests.factories.posterqa import PosterWithFilesFactory
from tests.factories.virtual import VirtualMeetingFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("icis", "members", "meetings", "awards", "news")
TOTP_SECRET = "JBSWY3DPEHPK3PXP"

# Anything that decides on staff rights. Outside the admin only icis/accounts/staff.py may read
# the flags; everything else asks acts_as_staff(request) (or the template variable).
STAFF_CHECK = re.compile(
    r"\.(is_staff|is_superuser)\b|\.has_perms?\(|\bstaff_member_required\b"
    r"|\bpermission_required\b|\buser_passes_test\b"
)
TEMPLATE_STAFF_CHECK = re.compile(r"\b(is_staff|is_superuser|perms)\b")
MENTIONS_STAFF = re.compile(r"acts_as_staff|is_staff|is_superuser|has_perms?\(|\bperms\b")
# Reading the flags is the job of these modules (besides the admin's own modules).
FLAG_READERS = {
    "icis/accounts/staff.py": "the rule itself",
    "icis/accounts/views.py": "/admin/login/ refuses accounts that are not staff at all",
    "icis/core/privatecache.py": "keeps no page of any staff account: it withholds, never grants",
    "icis/site/dashboard/__init__.py": "the dashboard's own permission, asked after the rule",
}


def _is_admin_module(path: Path) -> bool:
    name = path.name
    return (
        name == "admin.py"
        or name.startswith("admin_")
        or name.endswith("_admin.py")
        or "admin" in path.parts[:-1]
    )


def _project_python_files() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _template_files() -> list[Path]:
    folders = [ROOT / "templates", *(ROOT / package / "templates" for package in PACKAGES)]
    return [
        path
        for folder in folders
        if folder.exists()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.suffix in {".html", ".txt"}
        and "admin" not in path.relative_to(folder).parts[:1]
    ]


def _patterns(resolver: URLResolver | None = None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def _view_function(callback):
    """The function or class whose code runs: class-based views by their class, feeds (callable
    instances) by theirs."""
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    return view if inspect.isfunction(view) or inspect.isclass(view) else type(view)


def _staff_views() -> dict[str, str]:
    """Dotted name -> route, for the project's views outside /admin/ whose code mentions staff."""
    found = {}
    for route, callback in _patterns():
        if route.startswith("admin/"):
            continue
        view = _view_function(callback)
        if not view.__module__.startswith(PACKAGES):
            continue
        if MENTIONS_STAFF.search(inspect.getsource(view)):
            found[f"{view.__module__}.{view.__qualname__}"] = route
    return found


def _callers_of_the_rule() -> set[str]:
    """Dotted names of the project's module-level functions and classes that call acts_as_staff,
    outside icis/accounts (where the rule, its middleware and its context processor live)."""
    callers = set()
    for path in _project_python_files():
        relative = path.relative_to(ROOT)
        if relative.parts[:2] == ("icis", "accounts"):
            continue
        module = ".".join(relative.with_suffix("").parts)
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and any(
                isinstance(name, ast.Name) and name.id == "acts_as_staff" for name in ast.walk(node)
            ):
                callers.add(f"{module}.{node.name}")
    return callers


def _staff_templates() -> set[str]:
    found = set()
    for path in _template_files():
        if "acts_as_staff" in path.read_text() or TEMPLATE_STAFF_CHECK.search(path.read_text()):
            found.add(path.relative_to(ROOT).as_posix())
    return found


# --- The objects a staff member could open, belonging to someone else ------------------------


@dataclass
class Case:
    path: str
    staff_view: Callable  # response -> True when it shows what only staff may see


def _award_files():
    program = AwardProgramFactory(
        name="Young Investigator Award",
        slug="young-investigator",
        level=Level.YOUNG_INVESTIGATOR,
        summary="For members within ten years of their highest degree.",
        value_amount=100000,
        membership_required=True,
        max_years_since_degree=10,
    )
    cycle = open_cycle_for(program, letters=1)
    applicant = make_member(degree_year=cycle.year - 3)
    application = award_services.application_start(cycle=cycle, user=applicant)
    award_services.application_save(
        application_id=application.pk,
        user=applicant,
        title="Interferons",
        summary="A summary.",
        declaration_confirmed=True,
    )
    cv = award_services.document_upload(
        application_id=application.pk, user=applicant, kind="cv", upload=pdf_upload(2)
    )
    award_services.referee_request(
        application_id=application.pk, user=applicant, name="Rita", email="rita@example.org"
    )
    award_services.application_submit(application_id=application.pk, user=applicant)
    body = OutboundEmail.objects.get(to_email="rita@example.org").body_text
    token = re.search(r"/awards/letters/([^/\s]+)/", body).group(1)
    letter = award_services.letter_upload(token=token, upload=pdf_upload(1, "letter.pdf"))
    return cv, letter


def _is_pdf(response) -> bool:
    return response.status_code == 200 and b"".join(response).startswith(b"%PDF")


def _applicant_cv(request):
    cv, _ = _award_files()
    return Case(f"/my/awards/files/{cv.pk}/", _is_pdf)


def _referee_letter(request):
    _, letter = _award_files()
    return Case(f"/my/awards/files/{letter.pk}/", _is_pdf)


def _someone_elses_receipt(request):
    payment = request.getfixturevalue("trainee_payment")
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="waived", reference="", actor=None
    )
    return Case(f"/my/payments/{payment.pk}/receipt.pdf", _is_pdf)


def _unpublished_issue(request):
    NewsletterIssueFactory(number=5, date="2025-05-01", title="Not yet out")
    return Case(
        "/newsletter/5/",
        lambda r: r.status_code == 200 and "Staff preview" in r.content.decode(),
    )


def _members_only_issue(request):
    issue = NewsletterIssueFactory(
        number=6,
        date="2025-06-01",
        title="June",
        editorial="Only for readers.",
        is_published=True,
        is_members_only=True,
    )
    NewsletterItemFactory(issue=issue, kind=NewsletterItem.Kind.TEXT, title="Dues due")
    return Case(
        "/newsletter/6/",
        lambda r: r.status_code == 200 and "Only for readers." in r.content.decode(),
    )


def _member_directory(request):
    listed = make_member(first_name="Listed", last_name="Member")
    listed.member_profile.directory_opt_in = True
    listed.member_profile.save()
    return Case(
        "/members/", lambda r: r.status_code == 200 and "Listed Member" in r.content.decode()
    )


def _virtual_platform_page(request):
    meeting = VirtualMeetingFactory()
    return Case(f"/meetings/{meeting.slug}/tournament/", lambda r: r.status_code == 200)


def _someone_elses_poster(request):
    poster = PosterWithFilesFactory()
    return Case(f"/my/posters/{poster.pk}/", lambda r: r.status_code == 200)


def _someone_elses_poster_thumbnail(request):
    poster = PosterWithFilesFactory()
    return Case(f"/my/posters/{poster.pk}/thumbnail.webp", lambda r: r.status_code == 200)


def _dashboard_download(request):
    return Case(
        "/admin/dashboard/members.csv",
        lambda r: r.status_code == 200 and r["Content-Type"].startswith("text/csv"),
    )


def _staff_area_link(request):
    return Case(
        "/", lambda r: r.status_code == 200 and 'href="/admin/">Staff area<' in r.content.decode()
    )


VIEW_CASES = {
    "awards.views.document_download": [_applicant_cv, _referee_letter],
    "icis.payments.views.receipt": [_someone_elses_receipt],
    "news.newsletter_views.issue_detail": [_unpublished_issue, _members_only_issue],
    "members.views.directory": [_member_directory],
    "meetings.posters.presenter_views.detail": [_someone_elses_poster],
    "meetings.posters.presenter_views.thumbnail": [_someone_elses_poster_thumbnail],
}
# Helpers that ask the rule for every view they decorate: each view of the virtual platform is
# marked by its decorator (`attendees_only`, or the exhibitors' `booth_staff_or_attendees`),
# which asks the rule once through `virtual_access`.
RULE_HELPER_CASES = {
    "meetings.virtual.access.virtual_access": [_virtual_platform_page],
    "icis.site.dashboard.__init__.can_view_dashboard": [_dashboard_download],
}
TEMPLATE_CASES = {"templates/base.html": [_staff_area_link]}
CASES = [
    case
    for cases in (*VIEW_CASES.values(), *RULE_HELPER_CASES.values(), *TEMPLATE_CASES.values())
    for case in cases
]


# --- Every staff check goes through the one rule, and every one has a case --------------------


def test_outside_the_admin_only_the_rule_reads_the_staff_flags():
    readers = set()
    for path in _project_python_files():
        relative = path.relative_to(ROOT).as_posix()
        if _is_admin_module(path) or relative in FLAG_READERS:
            continue
        readers |= {
            f"{relative}:{n}: {line.strip()}"
            for n, line in enumerate(path.read_text().splitlines(), 1)
            if STAFF_CHECK.search(line)
        }
    for path in _template_files():
        relative = path.relative_to(ROOT).as_posix()
        readers |= {
            f"{relative}:{n}: {line.strip()}"
            for n, line in enumerate(path.read_text().splitlines(), 1)
            if TEMPLATE_STAFF_CHECK.search(line)
        }
    assert readers == set(), "use icis.accounts.staff.acts_as_staff (or {% if acts_as_staff %})"


def test_the_search_finds_the_checks_it_is_meant_to_find():
    assert STAFF_CHECK.search("if request.user.is_staff:")
    assert STAFF_CHECK.search("user.has_perm('x')")
    assert TEMPLATE_STAFF_CHECK.search("{% if user.is_staff %}")
    assert _is_admin_module(ROOT / "news/admin_research.py")
    assert not _is_admin_module(ROOT / "news/newsletter_views.py")
    assert "templates/base.html" in {p.relative_to(ROOT).as_posix() for p in _template_files()}
    assert not any("templates/admin/" in p.as_posix() for p in _template_files())


def test_every_view_and_template_that_grants_staff_powers_has_a_case_here():
    views = _staff_views()

    assert set(views) == set(VIEW_CASES), (
        "a view outside /admin/ decides on staff rights: add its cases to VIEW_CASES"
    )
    assert views["awards.views.document_download"] == "my/awards/files/<int:document_id>/"
    # A helper that asks the rule on a view's behalf would hide that view from the search above.
    assert _callers_of_the_rule() == set(VIEW_CASES) | set(RULE_HELPER_CASES)
    assert _staff_templates() == set(TEMPLATE_CASES)


# --- What each kind of account gets ------------------------------------------------------------


def _visitors():
    plain = UserFactory()
    bare_staff = UserFactory(is_staff=True, is_superuser=True)
    unconfirmed_staff = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(unconfirmed_staff)
    confirmed_staff = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(confirmed_staff)
    clients = {}
    for name, user in (
        ("plain user", plain),
        ("staff without an authenticator", bare_staff),
        ("staff who did not pass two-factor in this session", unconfirmed_staff),
    ):
        clients[name] = Client()
        clients[name].force_login(user)
    clients["staff who passed two-factor"] = sign_in_with_two_factor(Client(), confirmed_staff)
    return clients


@pytest.mark.parametrize("make_case", CASES, ids=[case.__name__.strip("_") for case in CASES])
def test_staff_without_two_factor_are_treated_as_plain_users(request, make_case):
    case = make_case(request)
    clients = _visitors()
    answers = {name: client.get(case.path) for name, client in clients.items()}

    plain = answers.pop("plain user")
    assert not case.staff_view(plain)
    staff = answers.pop("staff who passed two-factor")
    assert case.staff_view(staff), staff.status_code
    for name, answer in answers.items():
        assert answer.status_code == plain.status_code, name
        assert not case.staff_view(answer), name


@override_settings(STAFF_TWO_FACTOR_EXEMPT_EMAILS=["demo-staff@example.org"])
@pytest.mark.parametrize("make_case", [_referee_letter, _staff_area_link])
def test_the_development_exemption_still_gives_staff_powers(request, client, make_case):
    case = make_case(request)
    client.force_login(UserFactory(email="demo-staff@example.org", is_staff=True))
    assert case.staff_view(client.get(case.path))


def _code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_signing_in_with_password_and_code_gives_staff_powers(request, client):
    case = _someone_elses_receipt(request)
    staff = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(staff)

    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert not case.staff_view(client.get(case.path))  # the code is not given yet
    client.post("/accounts/2fa/authenticate/", {"code": _code()})

    assert case.staff_view(client.get(case.path))
    assert client.get("/admin/").status_code == 200


def test_staff_whose_session_has_no_second_factor_confirm_it_before_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(staff)
    client.force_login(staff)

    response = client.get("/admin/payments/payment/?o=1")
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fpayments%2Fpayment%2F%3Fo%3D1"
    )
    confirmed = client.post(response["Location"], {"code": _code()})

    assert confirmed["Location"] == "/admin/payments/payment/?o=1"
    assert client.get("/admin/").status_code == 200


# Transactional: allauth announces the new authenticator once its transaction commits.
@pytest.mark.django_db(transaction=True)
def test_setting_up_an_authenticator_gives_staff_powers_in_the_same_session(request, client):
    case = _member_directory(request)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert not case.staff_view(client.get(case.path))
    assert client.get("/admin/").url == "/accounts/2fa/"

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # asked before a change
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})

    assert case.staff_view(client.get(case.path))
    assert client.get("/admin/").status_code == 200
