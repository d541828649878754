"""Signals+ in the staff area: staff write an issue and its items here, preview it, send a test
to themselves, then send it to everyone (after a confirmation page), all through the services
in `news.newsletter`. The issue stays editable after sending: it is also the archive's page,
and the emails already sent are kept, as sent, in the outbox."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin
from icis.core.audit import audit_record

from . import newsletter
from .models import NewsletterIssue, NewsletterItem, NewsletterSubscriber

Kind = NewsletterItem.Kind


class NewsletterItemForm(forms.ModelForm):
    class Meta:
        model = NewsletterItem
        fields = ["ordering", "kind", "post", "research", "title", "text", "link", "deadline"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needs = {
            Kind.POST: ("post", "Choose the news post."),
            Kind.RESEARCH: ("research", "Choose the members' research news."),
            Kind.DEADLINE: ("deadline", "Give the deadline's date."),
        }
        if kind in needs:
            field, message = needs[kind]
            if not cleaned.get(field):
                self.add_error(field, message)
        untitled = not cleaned.get("title")
        if untitled and (kind == Kind.DEADLINE or (kind == Kind.TEXT and not cleaned.get("text"))):
            self.add_error("title", "Give it a title.")
        return cleaned


class NewsletterItemInline(admin.TabularInline):
    model = NewsletterItem
    form = NewsletterItemForm
    extra = 0
    ordering = ["ordering", "pk"]
    autocomplete_fields = ["post"]
    raw_id_fields = ["research"]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(AuditedModelAdmin):
    list_display = ["number", "title", "date", "is_published", "is_members_only", "sent_at"]
    list_filter = ["is_published", "is_members_only"]
    search_fields = ["title", "editorial"]
    ordering = ["-number"]
    date_hierarchy = "date"
    inlines = [NewsletterItemInline]
    view_on_site = True
    CONTENT = ["number", "date", "title", "editorial", "is_published", "is_members_only"]
    SENDING = ["sent_at", "sent_by", "delivery"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": self.CONTENT})]
        return [
            (None, {"fields": self.CONTENT}),
            ("Preview", {"fields": ["email_subject", "preview", "recipient_count"]}),
            ("Sent", {"fields": self.SENDING}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["email_subject", "preview", "recipient_count", *self.SENDING]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.sent_at:
            return False
        return super().has_delete_permission(request, obj)

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm("news.change_newsletterissue")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changes = {
            "added": len(formset.new_objects),
            "changed": len(formset.changed_objects),
            "deleted": len(formset.deleted_objects),
        }
        if any(changes.values()):
            audit_record(
                actor=request.user,
                action="newsletterissue.items",
                target=form.instance,
                data=changes,
            )

    @admin.display(description="email subject")
    def email_subject(self, obj: NewsletterIssue):
        return f"Signals+ no. {obj.number}: {obj.title}"

    @admin.display(description="preview of the saved issue")
    def preview(self, obj: NewsletterIssue):
        body = render_to_string(
            "news/newsletter/_issue_body.html",
            {"issue": obj, "entries": newsletter.issue_entries(issue=obj)},
        )
        return format_html('<div class="newsletter-preview">{}</div>', body)

    @admin.display(description="recipients")
    def recipient_count(self, obj: NewsletterIssue):
        total, waiting = newsletter.newsletter_recipient_counts(issue=obj)
        text = f"{total} recipient{pluralize(total)}: members who chose Signals+ and subscribers"
        if total != waiting:
            text += f"; {total - waiting} already have it"
        return text + "."

    @admin.display(description="delivery")
    def delivery(self, obj: NewsletterIssue):
        if obj.sent_at is None:
            return "Not sent yet."
        delivery = newsletter.newsletter_delivery(issue=obj)
        return (
            f"{delivery.queued} queued, {delivery.sent} sent, {delivery.failed} failed; "
            f"{delivery.unsubscribes} unsubscribe{pluralize(delivery.unsubscribes)} since it was "
            "sent."
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if issue is not None:
            total, _ = newsletter.newsletter_recipient_counts(issue=issue)
            extra_context = {
                **extra_context,
                "recipient_total": total,
                "has_send_permission": self.has_send_permission(request),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:issue_id>/test/",
                wrap(self.send_test_view),
                name="news_newsletterissue_test",
            ),
            path(
                "<int:issue_id>/send/",
                wrap(self.send_view),
                name="news_newsletterissue_send",
            ),
            *super().get_urls(),
        ]

    def send_test_view(self, request, issue_id: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_send_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(NewsletterIssue, pk=issue_id)
        newsletter.newsletter_send_test(issue_id=issue.pk, actor=request.user)
        self.message_user(
            request,
            f"A test of “{self.email_subject(issue)}” is queued to {request.user.email}.",
            messages.SUCCESS,
        )
        return redirect("admin:news_newsletterissue_change", issue.pk)

    def send_view(self, request, issue_id: int):
        """GET (or a POST without confirm): what is about to happen. POST confirm: send."""
        if not self.has_send_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(NewsletterIssue, pk=issue_id)
        if request.method == "POST" and "confirm" in request.POST:
            queued = newsletter.newsletter_send(issue_id=issue.pk, actor=request.user)
            message = f"Queued {queued} email{pluralize(queued)}."
            if not queued:
                total, _ = newsletter.newsletter_recipient_counts(issue=issue)
                message = (
                    "Queued 0 emails: everyone has it already."
                    if total
                    else "Queued 0 emails: there is nobody to send it to."
                )
            self.message_user(request, message, messages.SUCCESS if queued else messages.WARNING)
            return redirect("admin:news_newsletterissue_change", issue.pk)
        total, waiting = newsletter.newsletter_recipient_counts(issue=issue)
        context = {
            **self.admin_site.each_context(request),
            "title": "Send the newsletter",
            "issue": issue,
            "email_subject": self.email_subject(issue),
            "recipient_total": total,
            "recipient_waiting": waiting,
            "recipient_already": total - waiting,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/news/newsletterissue/send_confirm.html", context)


class UnsubscribedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "unsubscribed"

    def lookups(self, request, model_admin):
        return [("no", "Subscribed"), ("yes", "Unsubscribed")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(unsubscribed_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(unsubscribed_at__isnull=False)
        return queryset


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(AuditedModelAdmin):
    list_display = ["email", "name", "subscribed_at", "unsubscribed_at"]
    list_filter = [UnsubscribedFilter]
    search_fields = ["email", "name"]
    date_hierarchy = "subscribed_at"
    readonly_fields = ["subscribed_at"]
