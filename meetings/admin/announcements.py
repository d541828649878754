"""Announcements to a meeting's registrants."""

from django import forms
from django.contrib import admin
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin
from icis.core.markup import markdown_to_html
from icis.mail.mailing_admin import MailingAdminMixin
from icis.mail.models import OutboundEmail

from .. import communications
from ..models import Announcement
from ..selectors import registration_categories
from .fields import CategoryChoiceField


class AnnouncementForm(forms.ModelForm):
    category = CategoryChoiceField(
        queryset=registration_categories(),
        required=False,
        help_text="Empty: every confirmed registrant of the meeting.",
    )

    class Meta:
        model = Announcement
        fields = ["meeting", "subject", "body", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "category" in self.fields:
            field = self.fields["category"]
            field.queryset = field.queryset.filter(meeting_id=self.instance.meeting_id)

    def clean(self):
        cleaned = super().clean()
        meeting, category = cleaned.get("meeting"), cleaned.get("category")
        if meeting and category and category.meeting_id != meeting.pk:
            self.add_error("category", f"{category.name} is a category of {category.meeting}.")
        return cleaned


@admin.register(Announcement)
class AnnouncementAdmin(MailingAdminMixin, AuditedModelAdmin):
    """Staff write the text here; sending (a test to themselves, then to everyone) goes through
    the registration services. Once sent, the text is the record of what was sent: read-only."""

    form = AnnouncementForm
    list_display = ["subject", "meeting", "category", "created_at", "sent_at", "recipients"]
    list_filter = ["meeting"]
    search_fields = ["subject", "body"]
    list_select_related = ["meeting", "category"]
    CONTENT = ["meeting", "subject", "body", "category"]
    SENDING = ["sent_at", "sent_by", "recipients"]
    select_related = ("meeting", "category")
    send_title = "Send the announcement"
    recipient_noun = "registrant"
    nobody_message = "Queued 0 emails: there are no confirmed registrants to send it to."

    def get_readonly_fields(self, request, obj=None):
        computed = ["email_subject", "preview", "recipient_count", *self.SENDING]
        if obj is not None and obj.sent_at:
            return [*self.CONTENT, *computed]
        return computed

    def send_test(self, obj: Announcement, *, actor) -> None:
        communications.announcement_send_test(announcement_id=obj.pk, actor=actor)

    def send(self, obj: Announcement, *, actor) -> int:
        return communications.announcement_send(announcement_id=obj.pk, actor=actor)

    def recipient_counts(self, announcement: Announcement) -> tuple[int, int]:
        """(confirmed registrants it goes to, how many of them do not have it yet)."""
        # The service's own recipient list, so the number shown is the number sent.
        recipients = communications.announcement_recipients(announcement)
        prefix = f"announcement:{announcement.pk}:"
        already = OutboundEmail.objects.filter(dedupe_key__startswith=prefix).values("dedupe_key")
        total = recipients.count()
        waiting = (
            recipients.annotate(
                has_it=Exists(
                    already.filter(
                        dedupe_key=Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
                    )
                )
            )
            .filter(has_it=False)
            .count()
        )
        return total, waiting

    @admin.display(description="email subject")
    def email_subject(self, obj: Announcement):
        return f"[{obj.meeting.name}] {obj.subject}"

    @admin.display(description="preview of the saved text")
    def preview(self, obj: Announcement):
        return format_html('<div class="announcement-preview">{}</div>', markdown_to_html(obj.body))

    @admin.display(description="recipients")
    def recipient_count(self, obj: Announcement):
        total, waiting = self.recipient_counts(obj)
        who = f"in {obj.category.name}" if obj.category_id else "in all categories"
        text = f"{total} confirmed registrant{pluralize(total)} {who}"
        if total != waiting:
            text += f"; {total - waiting} already have it"
        return text + "."
