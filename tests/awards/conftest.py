"""Awards fixtures: programs with checkable rules, open calls, members to apply, PDFs to upload.

Everything past the program and call is built through the real services."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import services
from awards.models import DocumentKind, Level
from members.models import CareerStage
from members.services import membership_grant
from tests.factories import (
    AwardCycleFactory,
    AwardProgramFactory,
    CriterionFactory,
    MemberProfileFactory,
    MembershipTypeFactory,
    RegistrationCategoryFactory,
    RequiredDocumentFactory,
    UserFactory,
)


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(pages: int = 1, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def complete_and_submit(application, user):
    """Everything the call asks for (text, statement, each document, the referees), then
    submit, through the services."""
    services.application_save(
        application_id=application.pk,
        user=user,
        title=f"Work of {application.candidate_name}",
        summary="A summary of the work.",
        declaration_confirmed=True,
    )
    documents_and_referees_add(application, user)
    return services.application_submit(application_id=application.pk, user=user)


def documents_and_referees_add(application, user, *, now=None):
    """A one-page PDF for each document the call asks for, and the referees it wants."""
    for requirement in application.cycle.documents.all():
        services.document_upload(
            application_id=application.pk,
            user=user,
            kind=requirement.kind,
            upload=pdf_upload(1, f"{requirement.kind}.pdf"),
            now=now,
        )
    for n in range(application.cycle.letters_required):
        services.referee_request(
            application_id=application.pk,
            user=user,
            name=f"Referee {n}",
            email=f"referee{n}.{application.pk}@example.org",
            now=now,
        )


@pytest.fixture
def regular_type(db):
    return MembershipTypeFactory(slug="regular")


def make_member(
    *,
    first_name="Ada",
    last_name="Member",
    career_stage=CareerStage.POSTDOC,
    degree_year=None,
    institution="University of Example",
    member=True,
    membership_type=None,
):
    user = UserFactory(first_name=first_name, last_name=last_name)
    MemberProfileFactory(
        user=user, institution=institution, career_stage=career_stage, degree_year=degree_year
    )
    if member:
        membership_type = membership_type or MembershipTypeFactory(slug="regular")
        membership_grant(user=user, membership_type=membership_type, actor=None)
    return user


@pytest.fixture
def member_factory(db):
    return make_member


@pytest.fixture
def young_investigator_program(db):
    return AwardProgramFactory(
        name="Young Investigator Award",
        slug="young-investigator",
        level=Level.YOUNG_INVESTIGATOR,
        summary="For members within ten years of their highest degree.",
        value_amount=100000,
        membership_required=True,
        max_years_since_degree=10,
    )


@pytest.fixture
def travel_program(db):
    return AwardProgramFactory(
        name="Trainee Travel Award",
        slug="trainee-travel",
        level=Level.TRAVEL,
        summary="Brings graduate students and postdocs to the annual meeting.",
        career_stages=[CareerStage.GRADUATE_STUDENT, CareerStage.POSTDOC],
        declaration="I will present my abstract at the meeting in person or online.",
        grants_registration=True,
    )


def open_cycle_for(
    program,
    *,
    year=None,
    intake="applications",
    letters=0,
    meeting=None,
    category=None,
    documents=(("cv", 2),),
    criteria=(("Science", 2), ("Promise", 1)),
    per_application=2,
    now=None,
):
    now = now or timezone.now()
    cycle = AwardCycleFactory(
        program=program,
        now=now,
        year=year or now.year,
        intake=intake,
        letters_required=letters,
        meeting=meeting,
        registration_category=category,
        reviews_per_application=per_application,
        awards_available=2,
    )
    for kind, max_pages in documents:
        RequiredDocumentFactory(cycle=cycle, kind=kind, max_pages=max_pages)
    for ordering, (name, weight) in enumerate(criteria):
        CriterionFactory(cycle=cycle, name=name, weight=weight, ordering=ordering)
    return cycle


@pytest.fixture
def yi_cycle(young_investigator_program):
    return open_cycle_for(young_investigator_program, letters=1)


@pytest.fixture
def travel_cycle(travel_program, open_meeting):
    category = RegistrationCategoryFactory(
        meeting=open_meeting, slug="award", name="Award recipient", is_public=False, ordering=9
    )
    return open_cycle_for(
        travel_program,
        meeting=open_meeting,
        category=category,
        documents=((DocumentKind.CV, 2), (DocumentKind.ABSTRACT, 1)),
    )
