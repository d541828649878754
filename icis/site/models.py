from django.db import models
from django.urls import reverse

from icis.core.models import TimeStampedModel


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(TimeStampedModel):
    """A page of the society's own (who we are, mission, partners, contact), edited by staff."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The page's address: /about/<slug>/. People bookmark it; change it with care.",
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences, shown in lists and search results.",
    )
    body = models.TextField(
        help_text="Markdown. Headings start at ##; links and lists are kept, "
        "scripts and styles are removed."
    )
    ordering = models.PositiveSmallIntegerField(
        default=100, help_text="Lower comes first. The first published page is the About page."
    )
    is_published = models.BooleanField("published", default=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "title"]
        # Not about pages: the site app's own permission, for the dashboard on the admin index.
        permissions = [("view_dashboard", "Can see the society dashboard on the admin index")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("site:page", kwargs={"slug": self.slug})


class ContactMessage(models.Model):
    """A message sent to the office through the contact page: emailed to the office and kept
    here, so nothing is lost if the email goes astray."""

    class Topic(models.TextChoices):
        GENERAL = "general", "A general question"
        MEMBERSHIP = "membership", "Membership"
        MEETING = "meeting", "The Annual Meeting"
        AWARDS = "awards", "Awards"
        NEWSLETTER = "newsletter", "Signals+ and news"
        WEBSITE = "website", "This website"

    created_at = models.DateTimeField(db_index=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    topic = models.CharField(max_length=20, choices=Topic.choices)
    message = models.TextField(max_length=5000)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>: {self.get_topic_display()}"
