"""A saved text staff send to many, in the admin: a test to themselves, then, after a page
saying how many it will reach, to everyone who does not have it yet. Used by the meetings'
announcements and the Signals+ newsletter; each says who it goes to and how it is sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse


class MailingAdminMixin:
    CONTENT: list[str] = []  # what staff write
    SENDING: list[str] = []  # what sending records
    select_related: tuple[str, ...] = ()
    send_title = "Send"
    recipient_noun = "recipient"
    nobody_message = "Queued 0 emails: there is nobody to send it to."

    # --- What each mailing says for itself -------------------------------------------------

    def recipient_counts(self, obj) -> tuple[int, int]:
        """(everyone it goes to, how many of them do not have it yet)"""
        raise NotImplementedError

    def send_test(self, obj, *, actor) -> None:
        raise NotImplementedError

    def send(self, obj, *, actor) -> int:
        """Queue it to everyone who does not have it; return how many were queued."""
        raise NotImplementedError

    # --- The shared pages ------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": self.CONTENT})]
        return [
            (None, {"fields": self.CONTENT}),
            ("Preview", {"fields": ["email_subject", "preview", "recipient_count"]}),
            ("Sent", {"fields": self.SENDING}),
        ]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.sent_at:
            return False
        return super().has_delete_permission(request, obj)

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            total, _ = self.recipient_counts(obj)
            extra_context = {
                **extra_context,
                "recipient_total": total,
                "recipient_noun": self.recipient_noun,
                "send_test_url": reverse(f"admin:{self._url_name('test')}", args=[obj.pk]),
                "send_url": reverse(f"admin:{self._url_name('send')}", args=[obj.pk]),
                "has_send_permission": self.has_send_permission(request),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/test/", wrap(self.send_test_view), name=self._url_name("test")),
            path("<int:pk>/send/", wrap(self.send_view), name=self._url_name("send")),
            *super().get_urls(),
        ]

    def _mailing(self, request, pk: int):
        if not self.has_send_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.model.objects.select_related(*self.select_related), pk=pk)

    def _back(self, obj):
        return redirect(f"admin:{self._url_name('change')}", obj.pk)

    def send_test_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._mailing(request, pk)
        self.send_test(obj, actor=request.user)
        self.message_user(
            request, f"A test of “{obj}” is queued to {request.user.email}.", messages.SUCCESS
        )
        return self._back(obj)

    def send_view(self, request, pk: int):
        """GET (or a POST without confirm): what is about to happen. POST confirm: send."""
        obj = self._mailing(request, pk)
        if request.method == "POST" and "confirm" in request.POST:
            queued = self.send(obj, actor=request.user)
            message = f"Queued {queued} email{pluralize(queued)}."
            if not queued:
                total, _ = self.recipient_counts(obj)
                message = (
                    "Queued 0 emails: everyone has it already." if total else self.nobody_message
                )
            self.message_user(request, message, messages.SUCCESS if queued else messages.WARNING)
            return self._back(obj)
        total, waiting = self.recipient_counts(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": self.send_title,
            "original": obj,
            "change_url": reverse(f"admin:{self._url_name('change')}", args=[obj.pk]),
            "email_subject": self.email_subject(obj),
            "recipient_noun": self.recipient_noun,
            "recipient_total": total,
            "recipient_waiting": waiting,
            "recipient_already": total - waiting,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/send_confirm.html",
            context,
        )
