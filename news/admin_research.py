"""Staff review members' research news. Everything on the page is read-only: approving (which
publishes a post) and rejecting happen through their own forms, which call the services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .exceptions import ResearchNewsError
from .models import ResearchNews
from .research_forms import ResearchNewsApproveForm, ResearchNewsRejectForm
from .services import research_news_approve, research_news_reject

Status = ResearchNews.Status


@admin.register(ResearchNews)
class ResearchNewsAdmin(admin.ModelAdmin):
    list_display = ["title", "member", "status", "created_at"]
    list_filter = ["status"]
    search_fields = [
        "title",
        "summary",
        "doi",
        "member__email",
        "member__first_name",
        "member__last_name",
    ]
    list_select_related = ["member"]
    date_hierarchy = "created_at"
    fields = [
        "member",
        "title",
        "summary",
        "paper_link",
        "doi_link",
        "created_at",
        "status",
        "decision",
        "reason",
        "reviewed_by",
        "reviewed_at",
        "post_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "reviewed_by", "post")

    def has_add_permission(self, request):
        return False  # members send research news from their portal

    def has_change_permission(self, request, obj=None):
        return False  # changed only by approving or rejecting

    def has_delete_permission(self, request, obj=None):
        return False  # rejecting keeps the record of what was sent and why it was declined

    def _can_decide(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:research_id>/approve/",
                wrap(self.approve_view),
                name="news_researchnews_approve",
            ),
            path(
                "<int:research_id>/reject/",
                wrap(self.reject_view),
                name="news_researchnews_reject",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="link to the paper")
    def paper_link(self, obj: ResearchNews):
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', obj.paper_url, obj.paper_url
        )

    @admin.display(description="DOI")
    def doi_link(self, obj: ResearchNews):
        if not obj.doi:
            return "None"
        return format_html(
            '<a href="https://doi.org/{}" rel="noopener noreferrer">{}</a>', obj.doi, obj.doi
        )

    @admin.display(description="decision")
    def decision(self, obj: ResearchNews):
        if obj.status != Status.SUBMITTED:
            return "Decided: nothing left to do."
        return format_html(
            '<a class="button" href="{}">Approve and publish</a> '
            '<a class="button" href="{}">Reject</a>',
            reverse("admin:news_researchnews_approve", args=[obj.pk]),
            reverse("admin:news_researchnews_reject", args=[obj.pk]),
        )

    @admin.display(description="post")
    def post_link(self, obj: ResearchNews):
        if obj.post is None:
            return "None"
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">edit the post</a>)',
            obj.post.get_absolute_url(),
            obj.post.title,
            reverse("admin:news_post_change", args=[obj.post.pk]),
        )

    def _decide_view(self, request, research_id, *, form_for, title, submit, perform):
        if not self._can_decide(request):
            raise PermissionDenied
        item = get_object_or_404(ResearchNews.objects.select_related("member"), pk=research_id)
        form = form_for(item)
        if request.method == "POST" and item.status == Status.SUBMITTED and form.is_valid():
            try:
                level, message = perform(item, form.cleaned_data)
            except ResearchNewsError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, str(exc))
            else:
                self.message_user(request, message, level)
                return redirect("admin:news_researchnews_change", item.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": item.title,
            "form": form,
            "item": item,
            "submit": submit,
            "opts": self.opts,
        }
        return TemplateResponse(request, "news/research/admin_decide.html", context)

    @staticmethod
    def _outcome(request, done: ResearchNews, *, success: str) -> tuple[int, str]:
        if done.reviewed_by_id != request.user.pk:
            reviewer = done.reviewed_by or "another member of staff"
            return messages.WARNING, (
                f"{reviewer} decided on “{done.title}” already: "
                f"{done.get_status_display().lower()}. Nothing changed."
            )
        return messages.SUCCESS, success

    def approve_view(self, request, research_id):
        def form_for(item):
            return ResearchNewsApproveForm(
                request.POST or None, initial={"title": item.title, "summary": item.summary}
            )

        def perform(item, data):
            done = research_news_approve(
                research_id=item.pk,
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
            )
            return self._outcome(
                request,
                done,
                success=f"“{done.title}” is published in Members' news, and "
                f"{done.member.get_full_name() or done.member.email} is emailed the link.",
            )

        return self._decide_view(
            request,
            research_id,
            form_for=form_for,
            title="Approve and publish research news",
            submit="Approve and publish",
            perform=perform,
        )

    def reject_view(self, request, research_id):
        def form_for(item):
            return ResearchNewsRejectForm(request.POST or None)

        def perform(item, data):
            done = research_news_reject(
                research_id=item.pk, actor=request.user, reason=data["reason"]
            )
            return self._outcome(
                request,
                done,
                success=f"“{done.title}” is rejected, and "
                f"{done.member.get_full_name() or done.member.email} is emailed the reason.",
            )

        return self._decide_view(
            request,
            research_id,
            form_for=form_for,
            title="Reject research news",
            submit="Reject",
            perform=perform,
        )
