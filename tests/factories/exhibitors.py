"""The exhibitor hall: a booth of a sponsor of a virtual meeting, its staff, resources."""

import factory

from meetings.exhibitors.models import Booth, BoothResource, BoothStaff

from .accounts import UserFactory
from .meetings import SponsorFactory, SponsorTierFactory
from .virtual import VirtualMeetingFactory


class BoothFactory(factory.django.DjangoModelFactory):
    """A booth in the hall of a virtual meeting, for a sponsor in a tier of that meeting."""

    class Meta:
        model = Booth

    class Params:
        meeting = factory.SubFactory(VirtualMeetingFactory)
        tier = factory.LazyAttribute(lambda o: SponsorTierFactory(meeting=o.meeting))
        name = factory.Sequence(lambda n: f"Example Exhibitor {n} (fictional)")

    sponsor = factory.LazyAttribute(
        lambda o: SponsorFactory(meeting=o.meeting, tier=o.tier, name=o.name, is_exhibitor=True)
    )
    description = "Reagents for cytokine research."


class BoothStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothStaff

    booth = factory.SubFactory(BoothFactory)
    user = factory.SubFactory(UserFactory)


class BoothLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothResource

    booth = factory.SubFactory(BoothFactory)
    title = "Product catalogue"
    url = "https://example.org/catalogue"


def booth_staff_of(booth, **user_fields):
    """A new account that staffs `booth` (and does not attend the meeting)."""
    return BoothStaffFactory(booth=booth, user=UserFactory(**user_fields)).user


def pdf_resource(booth, *, title: str = "Product sheet", pages: int = 1):
    """A PDF resource kept the way staff add one (checked, in private storage)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.exhibitors.services import resource_pdf_add
    from tests.awards.conftest import pdf_bytes

    upload = SimpleUploadedFile("sheet.pdf", pdf_bytes(pages), content_type="application/pdf")
    return resource_pdf_add(booth=booth, title=title, upload=upload)
