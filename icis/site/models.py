from django.db import models
from django.urls import reverse

from icis.core.images import PictureField
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


class LeadershipTermQuerySet(models.QuerySet):
    def current_on(self, day):
        """Terms that have begun and not ended on `day` (a term ends at the end of its last day)."""
        return self.filter(term_start__lte=day).filter(
            models.Q(term_end__isnull=True) | models.Q(term_end__gte=day)
        )


class LeadershipTerm(TimeStampedModel):
    """Someone's term in one of the society's offices or on its council, as /about/leadership/
    shows it. Past terms are kept: the page lists them under "Past officers and council"."""

    class Body(models.TextChoices):
        OFFICER = "officer", "Officers"
        COUNCIL = "council", "Council"

    name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=100, help_text="As the society names it: President, Treasurer, Councillor…"
    )
    body = models.CharField(max_length=10, choices=Body.choices, default=Body.OFFICER)
    institution = models.CharField(max_length=300, blank=True)
    term_start = models.DateField("term begins")
    term_end = models.DateField(
        "term ends",
        null=True,
        blank=True,
        help_text="The last day of the term. Leave empty while it has no set end.",
    )
    photo = PictureField(
        upload_to="leadership/",
        alt_field="photo_alt",
        width_field="photo_width",
        height_field="photo_height",
        help_text="Optional: a portrait, JPEG, PNG or WebP, at most 8 MB.",
    )
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="For example: Portrait of Jane Doe. Required with a photo.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    ordering = models.PositiveSmallIntegerField(
        default=100, help_text="Lower comes first within officers or council."
    )

    objects = LeadershipTermQuerySet.as_manager()

    class Meta:
        ordering = ["body", "ordering", "-term_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="site_leadership_term_ends_after_it_begins",
                violation_error_message="A term cannot end before it begins.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"
