"""The attendee side of the iPoster gallery: posters with their files in private storage,
presenter times, questions, vote categories and votes."""

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from meetings.posters.engagement_models import PosterQuestion, PosterVote, VoteCategory
from meetings.posters.models import Poster, PresenterSlot

from .accounts import UserFactory
from .virtual import PosterFactory, VirtualMeetingFactory

# The smallest PDF a reader opens: one empty page.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 300]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(width: int = 30, height: int = 40, colour: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def poster_files_add(poster: Poster, *, thumbnail: bool = True) -> Poster:
    """Give a poster what the presenter's upload and the preview task would leave: its PDF, a
    PNG preview and a thumbnail, all in private storage."""
    poster.file.save("poster.pdf", ContentFile(PDF_BYTES), save=False)
    poster.file_kind = Poster.FileKind.PDF
    poster.file_name = "my-poster.pdf"
    poster.file_pages = 1
    poster.uploaded_at = timezone.now()
    poster.preview.save("preview.png", ContentFile(png_bytes(300, 400)), save=False)
    poster.preview_width, poster.preview_height = 300, 400
    if thumbnail:
        poster.thumbnail.save("thumb.png", ContentFile(png_bytes(30, 40)), save=False)
    poster.preview_state = Poster.PreviewState.READY
    poster.save()
    return poster


class PosterWithFilesFactory(PosterFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def files(obj, create, extracted, **kwargs):
        if create:
            poster_files_add(obj)


class PresenterSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresenterSlot

    poster = factory.SubFactory(PosterFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    where = "Poster room 2"


class PosterQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PosterQuestion

    poster = factory.SubFactory(PosterFactory)
    asker = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Did you see the same effect in mice? ({n})")
    created_at = factory.LazyFunction(timezone.now)


class VoteCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoteCategory

    meeting = factory.SubFactory(VirtualMeetingFactory)
    name = factory.Sequence(lambda n: f"Best trainee poster {n}")
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class PosterVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PosterVote

    category = factory.SubFactory(VoteCategoryFactory)
    voter = factory.SubFactory(UserFactory)
    poster = factory.LazyAttribute(lambda o: PosterFactory(meeting=o.category.meeting))
    created_at = factory.LazyFunction(timezone.now)
