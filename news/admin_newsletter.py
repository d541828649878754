"""Signals+ in the staff area: staff write an issue and its items here, preview it, send a test
to themselves, then send it to everyone (after a confirmation page), all through the services
in `news.services`. The issue stays editable after sending: it is also the archive's page,
and the emails already sent are kept, as sent, in the outbox."""

from django import forms
from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin
from icis.core.admin_markdown import MarkdownPreviewMixin
from icis.core.audit import audit_record
from icis.mail.mailing_admin import MailingAdminMixin

from . import selectors, services
from .audit import NewsAction
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


class NewsletterItemInline(MarkdownPreviewMixin, admin.TabularInline):
    model = NewsletterItem
    form = NewsletterItemForm
    extra = 0
    ordering = ["ordering", "pk"]
    autocomplete_fields = ["post"]
    raw_id_fields = ["research"]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(MailingAdminMixin, AuditedModelAdmin):
    list_display = ["number", "title", "date", "is_published", "is_members_only", "sent_at"]
    list_filter = ["is_published", "is_members_only"]
    search_fields = ["title", "editorial"]
    ordering = ["-number"]
    date_hierarchy = "date"
    inlines = [NewsletterItemInline]
    view_on_site = True
    CONTENT = ["number", "date", "title", "editorial", "is_published", "is_members_only"]
    SENDING = ["sent_at", "sent_by", "delivery"]
    send_title = "Send the newsletter"

    def recipient_counts(self, obj: NewsletterIssue) -> tuple[int, int]:
        return selectors.newsletter_recipient_counts(issue=obj)

    def send_test(self, obj: NewsletterIssue, *, actor) -> None:
        services.newsletter_send_test(issue_id=obj.pk, actor=actor)

    def send(self, obj: NewsletterIssue, *, actor) -> int:
        return services.newsletter_send(issue_id=obj.pk, actor=actor)

    def get_readonly_fields(self, request, obj=None):
        return ["email_subject", "preview", "recipient_count", *self.SENDING]

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
                action=NewsAction.NEWSLETTER_ITEMS_CHANGED,
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
            {"issue": obj, "entries": selectors.issue_entries(issue=obj)},
        )
        return format_html('<div class="newsletter-preview">{}</div>', body)

    @admin.display(description="recipients")
    def recipient_count(self, obj: NewsletterIssue):
        total, waiting = selectors.newsletter_recipient_counts(issue=obj)
        text = f"{total} recipient{pluralize(total)}: members who chose Signals+ and subscribers"
        if total != waiting:
            text += f"; {total - waiting} already have it"
        return text + "."

    @admin.display(description="delivery")
    def delivery(self, obj: NewsletterIssue):
        if obj.sent_at is None:
            return "Not sent yet."
        delivery = selectors.newsletter_delivery(issue=obj)
        return (
            f"{delivery.queued} queued, {delivery.sent} sent, {delivery.failed} failed; "
            f"{delivery.unsubscribes} unsubscribe{pluralize(delivery.unsubscribes)} since it was "
            "sent."
        )


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
    list_display = ["email", "name", "subscribed_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [UnsubscribedFilter]
    search_fields = ["email", "name"]
    date_hierarchy = "subscribed_at"
    readonly_fields = ["subscribed_at", "confirmation_sent_at"]
