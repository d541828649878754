"""Staff roles (icis/accounts/roles.py, installed by a migration): each role's admin index shows
its sections and nothing else, and a section of another role answers 403. Technical records
are for superusers only, whatever permissions a person holds."""

import pytest
from django.contrib.auth.models import Permission

from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLE_SECTIONS = {
    "Office": {
        "accounts.user",
        "core.examplesetting",
        "mentorship.feedback",
        "mentorship.mentorprofile",
        "mentorship.mentorshiprequest",
        "mentorship.pairing",
        "mentorship.speedseat",
        "mentorship.speedsession",
        "site_pages.contactmessage",
        "site_pages.leadershipterm",
        "exhibitors.booth",
        "mail.outboundemail",
        "meetings.announcement",
        "meetings.cmeclaim",
        "meetings.committee",
        "meetings.meeting",
        "meetings.partner",
        "meetings.person",
        "meetings.programday",
        "meetings.registration",
        "meetings.registrationcategory",
        "meetings.session",
        "meetings.sponsor",
        "meetings.sponsortier",
        "meetings.talk",
        "meetings.waitlistentry",
        "members.memberprofile",
        "members.membership",
        "members.membershiptype",
        "members.renewalnoticesent",
        "news.newsletterissue",
        "news.newslettersubscriber",
        "news.post",
        "news.researchnews",
        "payments.payment",
        "posters.poster",
        "posters.postersettings",
        "posters.votecategory",
        "site_pages.page",
        "tournament.dailyquestion",
        "tournament.prizedraw",
        "tournament.tournament",
        "virtual.recording",
    },
    "Treasurer": {
        "core.auditentry",
        "meetings.meeting",
        "meetings.promocode",
        "meetings.registration",
        "meetings.registrationcategory",
        "members.membership",
        "members.membershiptype",
        "payments.payment",
    },
    "Awards chair": {
        "accounts.user",
        "awards.application",
        "awards.awardcycle",
        "awards.awardprogram",
        "awards.recipient",
        "awards.review",
    },
    "Program committee": {
        "abstracts.abstract",
        "abstracts.abstractcall",
        "abstracts.abstractcriterion",
        "abstracts.abstractpanelmember",
        "accounts.user",
        "meetings.committee",
        "meetings.meeting",
        "meetings.person",
        "meetings.programday",
        "meetings.session",
        "meetings.talk",
        "posters.poster",
    },
}

# A section each role must not open: another role's work.
FORBIDDEN = {
    "Office": "/admin/members/membershiptype/add/",
    "Treasurer": "/admin/site_pages/page/",
    "Awards chair": "/admin/members/membership/",
    "Program committee": "/admin/awards/awardprogram/",
}

TECHNICAL = [
    "/admin/django_celery_beat/crontabschedule/",
    "/admin/django_celery_beat/solarschedule/",
    "/admin/django_celery_beat/periodictask/",
    "/admin/socialaccount/socialtoken/",
    "/admin/socialaccount/socialapp/",
    "/admin/mfa/authenticator/",
    "/admin/auth/group/",
]


def _shown(response) -> set[str]:
    return {
        f"{app['app_label']}.{model['object_name'].lower()}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


@pytest.mark.parametrize("role", sorted(ROLE_SECTIONS))
def test_each_role_sees_only_its_sections(role_client, role):
    client = role_client(role)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert _shown(index) == ROLE_SECTIONS[role]
    for label in ROLE_SECTIONS[role]:
        app_label, model = label.split(".")
        assert client.get(f"/admin/{app_label}/{model}/").status_code == 200, label
    assert client.get(FORBIDDEN[role]).status_code == 403
    for path in TECHNICAL:
        assert client.get(path).status_code == 403, path


def test_only_the_treasurer_refunds_or_records_a_payment(role_client, trainee_payment):
    office = role_client("Office")
    assert office.get(f"/admin/payments/payment/{trainee_payment.pk}/record/").status_code == 403
    treasurer = role_client("Treasurer")
    page = treasurer.get(f"/admin/payments/payment/{trainee_payment.pk}/record/")
    assert page.status_code == 200


def test_technical_records_are_hidden_from_staff_with_every_permission(client):
    """Permissions alone do not open them: a non-superuser given every permission (as staff
    used to be) still sees no scheduled tasks, tokens or authenticators."""
    user = UserFactory(is_staff=True, is_superuser=False)
    user.user_permissions.set(Permission.objects.all())
    enable_totp(user)
    client = sign_in_with_two_factor(client, user)
    shown = _shown(client.get("/admin/"))
    assert "meetings.meeting" in shown
    assert not {
        label
        for label in shown
        if label.split(".")[0] in {"django_celery_beat", "socialaccount", "mfa"}
    }
    assert "auth.group" not in shown and "account.emailaddress" not in shown
    for path in TECHNICAL:
        assert client.get(path).status_code == 403, path


def test_a_superuser_still_sees_the_technical_records(admin_client_2fa):
    shown = _shown(admin_client_2fa.get("/admin/"))
    assert {
        "django_celery_beat.crontabschedule",
        "socialaccount.socialtoken",
        "auth.group",
    } <= shown
    for path in TECHNICAL:
        assert admin_client_2fa.get(path).status_code == 200, path
