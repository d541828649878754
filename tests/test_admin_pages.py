"""Every admin list, filter and form that staff can open renders, with data in it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from icis.payments import services as payment_services
from members.services import membership_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_of_everything(postdoc, membership_types, staff_user_2fa):
    payment = membership_checkout(user=postdoc, membership_type=membership_types["trainee"])
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="cheque", reference="42", actor=staff_user_2fa
    )


def test_every_admin_list_and_change_page_opens(admin_client_2fa, some_of_everything):
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_client_2fa.get(changelist)
        assert response.status_code == 200, changelist
        for spec in model_admin.get_list_filter(response.wsgi_request):
            if isinstance(spec, type) and hasattr(spec, "parameter_name"):
                filtered = admin_client_2fa.get(f"{changelist}?{spec.parameter_name}=nonsense")
                assert filtered.status_code == 200, (changelist, spec.parameter_name)
        obj = model_admin.get_queryset(response.wsgi_request).first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert admin_client_2fa.get(change).status_code == 200, change


def test_membership_filters_by_status_and_end_month(admin_client_2fa, some_of_everything):
    url = reverse("admin:members_membership_changelist")
    assert "Franklin" in admin_client_2fa.get(f"{url}?status=active").content.decode()
    assert "Franklin" not in admin_client_2fa.get(f"{url}?status=pending").content.decode()


def test_membership_csv_export(admin_client_2fa, some_of_everything):
    from members.models import Membership

    response = admin_client_2fa.post(
        reverse("admin:members_membership_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Membership.objects.values_list("pk", flat=True)),
        },
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("given_name,family_name,email,type,start,end,status")
    assert "Rosalind,Franklin" in lines[1] and ",active," in lines[1]
