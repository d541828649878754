"""A person's awards when they export their data or delete their account: the applications,
nominations and reviews go with them; an award they received stays on the public list."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from awards import services
from awards.models import (
    Application,
    Document,
    Level,
    PanelMember,
    Recipient,
    Review,
)
from tests.awards.conftest import complete_and_submit, make_member, open_cycle_for
from tests.factories import PASSWORD, AwardProgramFactory, PanelMemberFactory, RecipientFactory

pytestmark = pytest.mark.django_db


def _submitted_with_cv(cycle, user):
    application = complete_and_submit(services.application_start(cycle=cycle, user=user), user)
    return application, application.files.get(kind="cv")


@pytest.fixture
def service_cycle(db):
    program = AwardProgramFactory(
        name="Service Award", slug="service", level=Level.SERVICE, summary="For service."
    )
    return open_cycle_for(program, intake="nominations", documents=(("nomination", 3),))


@pytest.fixture
def busy_member(yi_cycle, service_cycle, staff_user):
    """A member who applied (with a CV and a referee), nominated a colleague, reviews for the
    Young Investigator panel, and received an award before."""
    member = make_member(first_name="Busy", last_name="Member", degree_year=yi_cycle.year - 3)
    own, cv = _submitted_with_cv(yi_cycle, member)
    nomination = services.nomination_start(
        cycle=service_cycle,
        user=member,
        nominee=services.Nominee(name="Nina Nominee", email="nina@example.org", institution="Lab"),
    )
    PanelMemberFactory(cycle=yi_cycle, reviewer=member)
    other_applicant = make_member(
        first_name="Other", institution="Elsewhere", degree_year=yi_cycle.year - 2
    )
    other, _ = _submitted_with_cv(yi_cycle, other_applicant)
    review = services.review_assign(application_id=other.pk, reviewer=member, actor=staff_user)
    RecipientFactory(
        program=yi_cycle.program,
        year=yi_cycle.year - 1,
        name="Busy Member",
        institution="University of Example",
        application=own,
    )
    return {
        "member": member,
        "own": own,
        "cv": cv,
        "nomination": nomination,
        "other": other,
        "review": review,
    }


def test_a_member_with_applications_nominations_and_reviews_deletes_their_account(
    client, busy_member, django_capture_on_commit_callbacks
):
    member = busy_member["member"]
    cv_path = Path(busy_member["cv"].file.path)
    assert cv_path.exists()
    client.force_login(member)
    page = client.get("/my/delete/").content.decode()
    assert "Your award applications and the nominations you made are deleted" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert response.status_code == 200
    assert "Your account has been deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not Application.objects.filter(
        pk__in=[busy_member["own"].pk, busy_member["nomination"].pk]
    ).exists()
    assert not Document.objects.filter(pk=busy_member["cv"].pk).exists()
    assert not cv_path.exists()
    assert not PanelMember.objects.filter(reviewer_id=member.pk).exists()
    # The application they reviewed stays, without their review.
    other = Application.objects.get(pk=busy_member["other"].pk)
    assert not Review.objects.filter(pk=busy_member["review"].pk).exists()
    assert other.status == Application.Status.SUBMITTED
    # Their past award stays on the public list, no longer linked to anything of theirs.
    recipient = Recipient.objects.get(name="Busy Member")
    assert recipient.application is None


def test_export_my_data_lists_the_applications_but_no_letter_or_unsent_decision(
    client, busy_member, staff_user
):
    member = busy_member["member"]
    own = busy_member["own"]
    services.decision_record(
        application_id=own.pk, decision=Application.Decision.AWARDED, actor=staff_user
    )
    client.force_login(member)

    awards = json.loads(client.get("/my/export.json").content)["awards"]

    by_kind = {entry["kind"]: entry for entry in awards["applications"]}
    application = by_kind["application"]
    assert application["title"] == "Work of Busy Member"
    assert application["status"] == "submitted"
    assert application["files"] == ["cv.pdf"]
    assert application["decision"] is None  # recorded, not yet sent
    assert by_kind["nomination"]["candidate"] == "Nina Nominee"
    assert awards["reviews_written"] == 1
