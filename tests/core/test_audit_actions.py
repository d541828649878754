"""Audit actions are registered enum members: a typo cannot invent one, and the audit log's
admin lists and filters them by their labels."""

import re

import pytest
from django.contrib import admin
from django.db import models
from django.utils import timezone

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin
from icis.core.audit import audit_action, audit_actions, audit_record
from icis.core.models import AuditEntry
from icis.payments.audit import PaymentAction
from meetings.audit import MeetingAction
from tests.factories import PageFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/core/auditentry/"


def test_audit_record_refuses_a_plain_string_even_a_registered_value(staff_user):
    with pytest.raises(TypeError):
        audit_record(actor=staff_user, action="payment.paid")
    with pytest.raises(TypeError):
        audit_record(actor=staff_user, action="payment.payed")
    assert not AuditEntry.objects.exists()


def test_audit_record_refuses_an_enum_nobody_registered(staff_user):
    class Unregistered(models.TextChoices):
        PAID = "payment.paid", "Payment received"

    with pytest.raises(ValueError, match="not a registered audit action"):
        audit_record(actor=staff_user, action=Unregistered.PAID)
    assert not AuditEntry.objects.exists()


def test_a_stored_value_cannot_be_registered_twice():
    class Again(models.TextChoices):
        PAID = "payment.paid", "Paid again"

    with pytest.raises(ValueError, match="already"):
        audit_actions("Elsewhere")(Again)
    assert audit_action("payment.paid") is PaymentAction.PAID


def test_every_model_audited_in_the_admin_has_its_actions_registered(admin_client_2fa):
    """AuditedModelAdmin records `<model>.create/change/delete`: each app lists them."""
    audited = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedModelAdmin):
            audited.append(model)
        if isinstance(model_admin, InlineChangesAuditedMixin):
            audited.extend(inline.model for inline in model_admin.inlines)
    assert len(audited) > 20
    for model in audited:
        for verb in ["create", "change", "delete"]:
            assert audit_action(f"{model._meta.model_name}.{verb}").label


def test_staff_edits_in_the_admin_are_recorded_by_their_registered_action(
    admin_client_2fa, staff_user_2fa
):
    page = PageFactory(title="Contact")
    response = admin_client_2fa.post(
        f"/admin/site_pages/page/{page.pk}/delete/", {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    entry = AuditEntry.objects.get(object_id=str(page.pk))
    assert (entry.action, entry.actor) == ("page.delete", staff_user_2fa)


def _listed(response) -> list[int]:
    return [entry.pk for entry in response.context["cl"].result_list]


def test_the_audit_admin_filters_by_an_actions_label(admin_client_2fa, staff_user_2fa):
    cancelled = audit_record(actor=staff_user_2fa, action=MeetingAction.REGISTRATION_CANCELLED)
    paid = audit_record(actor=None, action=PaymentAction.PAID)
    # Written before its action was renamed: stored text no registered action has.
    older = AuditEntry.objects.create(action="membership.renewed", created_at=timezone.now())

    page = admin_client_2fa.get(CHANGELIST)
    assert page.status_code == 200
    assert sorted(_listed(page)) == sorted([cancelled.pk, paid.pk, older.pk])
    html = page.content.decode()
    link = re.search(r'<a href="(\?action=[^"]+)"[^>]*>Meetings: Registration cancelled</a>', html)
    assert link, "the filter lists the action by its label"
    assert "Payments: Payment received" in html

    filtered = admin_client_2fa.get(CHANGELIST + link.group(1).replace("&amp;", "&"))
    assert _listed(filtered) == [cancelled.pk]

    assert _listed(admin_client_2fa.get(CHANGELIST, {"action": "_other"})) == [older.pk]
    assert _listed(admin_client_2fa.get(CHANGELIST, {"action": "membership.renewed"})) == [older.pk]


def test_the_audit_log_changelist_queries_do_not_grow(admin_client_2fa, staff_user_2fa):
    """The action filter is built from the registry: no query reads every stored action."""
    actions = [MeetingAction.REGISTRATION_CANCELLED, PaymentAction.PAID]

    def grow(n: int) -> None:
        for i in range(n):
            target = PageFactory() if i % 2 else staff_user_2fa
            audit_record(actor=staff_user_2fa, action=actions[i % 2], target=target)

    assert_queries_at_sizes(
        expected=8, grow=grow, action=lambda: admin_client_2fa.get(CHANGELIST), sizes=(2, 30)
    )
