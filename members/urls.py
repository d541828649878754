from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("membership/", views.membership_index, name="index"),
    path("membership/join/", views.membership_choose, {"mode": "join"}, name="join"),
    path("membership/renew/", views.membership_choose, {"mode": "renew"}, name="renew"),
    path("members/", views.directory, name="directory"),
    path("my/", views.portal, name="portal"),
    path("my/profile/", views.profile_edit, name="profile"),
    path("my/payments/", views.payment_list, name="payments"),
    path("my/auto-renew/", views.auto_renew, name="auto_renew"),
    path("my/auto-renew/card/", views.auto_renew_card, name="auto_renew_card"),
    path("my/auto-renew/card/setup/", views.auto_renew_setup, name="auto_renew_setup"),
    path("my/export.json", views.export_data, name="export"),
    path("my/delete/", views.delete_account, name="delete"),
    path("my/certificate.pdf", views.certificate, name="certificate"),
]
