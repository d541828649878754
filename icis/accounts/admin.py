from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import personal_data
from .models import User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "two_factor",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]

    @admin.display(boolean=True, description="two-factor")
    def two_factor(self, obj: User) -> bool:
        # Read from the prefetched list: one query for the whole page, not one per row.
        return bool(obj.authenticator_set.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authenticator_set")

    # Deleting a user, one or many, is the account's erasure: the same service the member
    # portal's "Delete your account" runs. What the person held elsewhere is erased or
    # anonymised by it, so nothing stands in the way ("protected objects").

    def get_deleted_objects(self, objs, request):
        to_delete = [
            f"{user}: the account and everything the site holds of the person; payments stay "
            "as anonymous financial records"
            for user in objs
        ]
        return to_delete, {User._meta.verbose_name_plural: len(to_delete)}, set(), []

    def log_deletions(self, request, queryset):
        # The admin's history keeps the deletion, not the name of the person erased.
        content_type = ContentType.objects.get_for_model(User, for_concrete_model=False)
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=request.user.pk,
                content_type=content_type,
                object_id=str(user.pk),
                object_repr="erased account",
                action_flag=DELETION,
            )
            for user in queryset
        )

    def delete_model(self, request, obj):
        personal_data.account_delete(user=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for user in list(queryset):
            personal_data.account_delete(user=user, actor=request.user)
