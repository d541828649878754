import pytest
from django.db import models

from icis.core.audit import audit_actions, audit_record
from icis.core.models import AuditEntry
from icis.site.audit import SiteAdminEdit
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@audit_actions("Tests")
class SweepAction(models.TextChoices):
    OUTBOX_SWEEP = "outbox.sweep", "Outbox swept"


def test_audit_record_names_actor_action_and_object(staff_user):
    page = PageFactory(title="Contact")

    entry = audit_record(
        actor=staff_user, action=SiteAdminEdit.PAGE_CHANGE, target=page, data={"why": "typo"}
    )

    assert entry.actor == staff_user
    assert entry.actor_label == staff_user.email
    assert entry.action == "page.change"
    assert entry.object_label == "Contact"
    assert entry.object_id == str(page.pk)
    assert entry.created_at is not None


def test_system_actions_have_no_actor():
    entry = audit_record(actor=None, action=SweepAction.OUTBOX_SWEEP)
    assert entry.actor is None
    assert str(entry).endswith("system: outbox.sweep")


def test_audit_log_is_read_only_in_the_admin(admin_client_2fa, staff_user):
    entry = audit_record(actor=staff_user, action=SiteAdminEdit.PAGE_CHANGE)

    assert admin_client_2fa.get("/admin/core/auditentry/").status_code == 200
    assert admin_client_2fa.get("/admin/core/auditentry/add/").status_code == 403
    response = admin_client_2fa.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "x"})
    assert response.status_code == 403
    response = admin_client_2fa.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "page.change"
