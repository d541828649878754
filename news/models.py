from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from icis.core.images import PictureField
from icis.core.models import TimeStampedModel


class PostQuerySet(models.QuerySet):
    def visible(self, now=None):
        """Published, and due: a scheduled post appears by itself once its time has come."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED], publish_at__lte=now
        )


class Post(TimeStampedModel):
    class Category(models.TextChoices):
        SOCIETY = "society", "Society"
        MEETING = "meeting", "Meeting"
        AWARDS = "awards", "Awards"
        MEMBERS = "members", "Members' news"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The address: /news/<slug>/. Emails and the feed link to it.",
    )
    summary = models.CharField(
        max_length=400, help_text="One or two sentences, for lists and the feed."
    )
    body = models.TextField(help_text="Markdown. Scripts, styles and unsafe links are removed.")
    hero_image = PictureField(
        "picture",
        upload_to="news/",
        alt_field="hero_image_alt",
        width_field="hero_image_width",
        height_field="hero_image_height",
        help_text="Optional: JPEG, PNG or WebP, at most 8 MB.",
    )
    hero_image_alt = models.CharField(
        "picture description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for people who cannot see it. Required with one.",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.SOCIETY)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        default=timezone.now,
        help_text="When it appears. A scheduled post appears by itself at this time.",
    )
    is_featured = models.BooleanField("featured on the home page", default=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["is_featured"],
                condition=Q(is_featured=True),
                name="news_one_featured_post",
                violation_error_message="Only one post can be featured; unfeature the other first.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})


class ResearchNews(TimeStampedModel):
    """A member's research news, submitted from the portal and moderated by staff; approved
    items become posts in "Members' news" and candidates for the next newsletter."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="research_news"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    paper_url = models.URLField("link to the paper", max_length=500)
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="Optional, like 10.1038/s41590-021-01012-3."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField("reason for rejecting", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    post = models.OneToOneField(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="research_news"
    )
    form_token = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The token of the form it was sent from: the same form sent twice is one item.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "members' research news"
        verbose_name_plural = "members' research news"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "form_token"], name="research_news_once_per_form"
            )
        ]

    def __str__(self) -> str:
        return self.title


class NewsletterIssue(TimeStampedModel):
    """An issue of Signals+, the society's newsletter."""

    number = models.PositiveIntegerField(unique=True)
    date = models.DateField()
    title = models.CharField(max_length=200)
    editorial = models.TextField(blank=True, help_text="Markdown.")
    is_published = models.BooleanField("shown in the archive", default=False)
    is_members_only = models.BooleanField(
        "members only", default=False, help_text="Only active members can read it on the site."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Signals+ no. {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", kwargs={"number": self.number})


class NewsletterItem(models.Model):
    class Kind(models.TextChoices):
        POST = "post", "News post"
        RESEARCH = "research", "Members' research news"
        DEADLINE = "deadline", "Upcoming deadline"
        TEXT = "text", "Free text"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    research = models.ForeignKey(
        ResearchNews, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="For deadlines and free text; posts use their own title.",
    )
    text = models.TextField(blank=True, help_text="Markdown.")
    link = models.URLField(blank=True)
    deadline = models.DateField(null=True, blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "pk"]

    def __str__(self) -> str:
        return self.title or (self.post.title if self.post else "") or self.get_kind_display()


class NewsletterSubscriber(models.Model):
    """Someone who is not a member but asked for Signals+ (members opt in on their profile).

    Signing up on the site is a double opt-in: the row waits (`confirmed_at` empty) until the
    link emailed to the address is followed. Staff adding someone in the admin confirm it."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    subscribed_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        default=timezone.now,
        help_text="When the address was confirmed. Empty: waiting for the emailed link; "
        "nothing is sent to it until then.",
    )
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last confirmation link was emailed."
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.email
