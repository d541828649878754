"""Technical records are for superusers only: scheduled tasks, sign-in providers and their
tokens, authenticators, email addresses' verification records, groups, Stripe's webhook events
and the hosts allowed in the virtual platform's frames. Other staff neither see them on the
admin's index nor open them (403), whatever permissions they were given."""

from django.contrib import admin

TECHNICAL_MODELS = {
    "account.emailaddress",
    "auth.group",
    "django_celery_beat.clockedschedule",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.periodictask",
    "django_celery_beat.solarschedule",
    "mfa.authenticator",
    "payments.webhookevent",
    "socialaccount.socialaccount",
    "socialaccount.socialapp",
    "socialaccount.socialtoken",
    "virtual.embedhost",
}


class SuperuserOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


def technical_models_hide(site: admin.AdminSite = admin.site) -> None:
    """Registers each technical model's admin again, for superusers only (called once every
    app's admin is registered: icis.core's `ready`)."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.label_lower not in TECHNICAL_MODELS or isinstance(
            model_admin, SuperuserOnlyMixin
        ):
            continue
        admin_class = type(model_admin)
        site.unregister(model)
        name = f"SuperuserOnly{admin_class.__name__}"
        site.register(model, type(name, (SuperuserOnlyMixin, admin_class), {}))
