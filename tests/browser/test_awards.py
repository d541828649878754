"""A trainee applies for a travel award with a CV upload, a reviewer scores it, staff award it
and the trainee finds a complimentary registration on their attendee page. In Chromium, every
page checked by axe, the staff's ranking and release pages included."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards import services
from awards.models import (
    Application,
    DocumentKind,
    Level,
    Recipient,
    Review,
)
from icis.mail.models import OutboundEmail
from meetings.models import Registration
from members.models import CareerStage
from tests.awards.conftest import make_member, open_cycle_for, pdf_bytes
from tests.browser.journeys import TOTP_SECRET, sign_in, sign_out
from tests.conftest import enable_totp
from tests.factories import (
    AwardProgramFactory,
    PanelMemberFactory,
    RegistrationCategoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Interferon lambda signalling in the neonatal gut"
SUMMARY = "We follow rotavirus infection in neonatal mice lacking the interferon lambda receptor."
MORE = " Epithelial organoids confirm the finding in human cells."
DECLARATION = "I will present my abstract at the meeting in person or online."
CITATION = "For a clear account of interferon lambda in the neonatal gut."
ATTEND_PATH = "/meetings/cytokines-test/attend/"


def _travel_call(meeting):
    """As tests/awards' `travel_cycle`: an open call asking for a CV (2 pages at most) and an
    abstract (1 page), scored on Science (weight 2) and Promise (weight 1), whose awards come
    with a registration in a category not offered to the public."""
    program = AwardProgramFactory(
        name="Trainee Travel Award",
        slug="trainee-travel",
        level=Level.TRAVEL,
        summary="Brings graduate students and postdocs to the annual meeting.",
        career_stages=[CareerStage.GRADUATE_STUDENT, CareerStage.POSTDOC],
        declaration=DECLARATION,
        grants_registration=True,
    )
    category = RegistrationCategoryFactory(
        meeting=meeting, slug="award", name="Award recipient", is_public=False, ordering=9
    )
    return open_cycle_for(
        program,
        meeting=meeting,
        category=category,
        documents=((DocumentKind.CV, 2), (DocumentKind.ABSTRACT, 1)),
    )


def _pdf(tmp_path: Path, name: str, pages: int) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf_bytes(pages))
    return path


def _click(checked_page, locator):
    locator.click()
    checked_page.check()


def test_a_trainee_applies_a_reviewer_scores_staff_award_and_a_registration_follows(
    checked_page, open_meeting, tmp_path
):
    cycle = _travel_call(open_meeting)
    trainee = make_member(
        first_name="Priya",
        last_name="Raman",
        career_stage=CareerStage.POSTDOC,
        institution="University of Example",
        member=False,
    )
    reviewers = [
        make_member(first_name="Grace", last_name="Okafor", institution="Cardiff University"),
        make_member(first_name="Tomas", last_name="Lindqvist", institution="Karolinska Institutet"),
    ]
    staff = UserFactory(email="awards.office@example.org", is_staff=True, is_superuser=True)
    enable_totp(staff, TOTP_SECRET)
    cv = _pdf(tmp_path, "raman-cv.pdf", 2)
    abstract = _pdf(tmp_path, "raman-abstract.pdf", 1)
    long_abstract = _pdf(tmp_path, "raman-abstract-long.pdf", 3)
    page = checked_page.page

    # 1. The trainee finds the open call and starts an application.
    sign_in(checked_page, trainee.email)
    checked_page.goto("/awards/")
    expect(page.get_by_role("heading", name="Awards", level=1)).to_be_visible()
    listing = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Trainee Travel Award")
    )
    expect(listing).to_contain_text("Open call: applications until")
    _click(checked_page, listing.get_by_role("link", name="Trainee Travel Award"))
    expect(page.get_by_role("heading", name="Trainee Travel Award", level=1)).to_be_visible()
    call = page.get_by_role("region", name=f"The {cycle.year} call is open")
    expect(call).to_contain_text("CV: ")
    expect(call).to_contain_text("Abstract: ")
    expect(page.get_by_text("A complimentary registration for the annual meeting.")).to_be_visible()
    _click(checked_page, call.get_by_role("link", name="Apply"))
    expect(page.get_by_role("heading", name=f"Apply for the {cycle}", level=1)).to_be_visible()
    expect(page.get_by_text("Your profile meets the rules.")).to_be_visible()
    _click(checked_page, page.get_by_role("button", name="Start your application"))
    expect(page.get_by_role("heading", name=f"Your application for the {cycle}")).to_be_visible()
    expect(page.get_by_text("Status: Draft")).to_be_visible()
    todo = page.get_by_role("status").filter(has_text="Still to do before you can submit")
    expect(todo).to_contain_text("Give the application a title.")
    expect(todo).to_contain_text("Upload your abstract.")

    # The draft: text, the statement and both PDFs, saved in one press.
    title = page.get_by_label("Title of your work")
    summary = page.get_by_label("Summary of your work")
    cv_input = page.get_by_label(re.compile(r"^CV:?$"))
    abstract_input = page.get_by_label(re.compile(r"^Abstract:?$"))
    title.fill(TITLE)
    summary.fill(SUMMARY)
    page.get_by_role("checkbox", name=DECLARATION).check()
    cv_input.set_input_files(cv)
    abstract_input.set_input_files(abstract)
    _click(checked_page, page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("status").filter(has_text="Your draft is saved.")).to_be_visible()
    files = page.get_by_role("region", name="Files")
    expect(files.get_by_role("link", name="raman-cv.pdf")).to_be_visible()
    expect(files.get_by_role("link", name="raman-abstract.pdf")).to_be_visible()
    expect(files).to_contain_text("CV: raman-cv.pdf (2 pages")
    expect(files).to_contain_text("Abstract: raman-abstract.pdf (1 page,")
    expect(page.get_by_text("Uploaded: raman-cv.pdf (2 pages)")).to_be_visible()
    expect(title).to_have_value(TITLE)
    expect(page.get_by_role("checkbox", name=DECLARATION)).to_be_checked()

    # An abstract over the page limit is refused at its field; nothing typed is lost.
    summary.fill(SUMMARY + MORE)
    abstract_input.set_input_files(long_abstract)
    _click(checked_page, page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("alert")).to_contain_text("Please correct the 1 field")
    expect(abstract_input).to_have_attribute("aria-invalid", "true")
    field = page.locator(".field").filter(has=abstract_input)
    expect(field).to_contain_text("The PDF has 3 pages; the limit is 1.")
    expect(abstract_input).to_have_accessible_description(
        re.compile(re.escape("The PDF has 3 pages; the limit is 1."))
    )
    expect(title).to_have_value(TITLE)
    expect(summary).to_have_value(SUMMARY + MORE)
    expect(page.get_by_role("checkbox", name=DECLARATION)).to_be_checked()
    expect(files.get_by_role("link", name="raman-abstract.pdf")).to_be_visible()
    expect(files.get_by_role("link", name="raman-abstract-long.pdf")).to_have_count(0)

    _click(checked_page, page.get_by_role("button", name="Submit", exact=True))
    expect(
        page.get_by_role("status").filter(has_text="Your application is submitted.")
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Status: Submitted, submitted "))).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, level=2)).to_be_visible()
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    application = Application.objects.get(cycle=cycle, created_by=trainee)
    assert application.status == Application.Status.SUBMITTED
    assert application.summary == SUMMARY + MORE
    assert {(d.kind, d.original_name, d.pages) for d in application.files.all()} == {
        ("cv", "raman-cv.pdf", 2),
        ("abstract", "raman-abstract.pdf", 1),
    }
    sign_out(checked_page)

    # 2. The office puts two reviewers on the panel and assigns them; one scores it.
    for reviewer in reviewers:
        PanelMemberFactory(cycle=cycle, reviewer=reviewer)
    assert services.reviews_assign_automatic(cycle=cycle, actor=staff).created == 2
    reviewer = reviewers[0]

    sign_in(checked_page, reviewer.email)
    _click(checked_page, page.get_by_role("link", name="My account"))
    nav = page.get_by_role("navigation", name="Your membership")
    _click(checked_page, nav.get_by_role("link", name="Award applications"))
    _click(checked_page, page.get_by_role("link", name="Applications you are reviewing"))
    expect(page.get_by_role("heading", name="Applications to review", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("To do")
    _click(checked_page, row.get_by_role("link", name="Priya Raman"))
    expect(page.get_by_role("heading", name=f"Priya Raman: {cycle}", level=1)).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "raman-cv.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    page.get_by_label("Science (weight 2)").select_option("5")
    page.get_by_label("Promise (weight 1)").select_option("4")
    page.get_by_label("Comment").fill("A careful study, well argued.")
    _click(checked_page, page.get_by_role("button", name="Submit review"))
    expect(page.get_by_role("status").filter(has_text="Your review is submitted.")).to_be_visible()
    yours = page.get_by_role("region", name="Your review")
    # (5 x 2 + 4 x 1) / 3
    expect(yours).to_contain_text("weighted score 4.67 of 5")
    expect(yours).to_contain_text("Science: 5")
    expect(yours).to_contain_text("Promise: 4")
    expect(page.get_by_text("No other reviewer has submitted yet.")).to_be_visible()
    _click(checked_page, page.get_by_role("link", name="Applications to review"))
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text("Submitted (4.67)")
    sign_out(checked_page)

    # 3. Staff rank, award and release on the site's own admin pages, checked by axe like the
    # rest. (The list of calls that links to the ranking is Django's changelist, whose date
    # hierarchy and breadcrumbs axe faults; it is not opened here.)
    sign_in(checked_page, staff.email, totp_secret=TOTP_SECRET)
    expect(page.get_by_role("link", name="Staff area")).to_be_visible()
    checked_page.goto(reverse("admin:awards_awardcycle_ranking", args=[cycle.pk]))
    expect(page.get_by_role("heading", name=f"Ranking and decisions: {cycle}")).to_be_visible()
    expect(page.locator("#decision-counts")).to_contain_text("Undecided")
    ranking = page.get_by_role("table", name="1 submitted application")
    row = ranking.get_by_role("row").filter(has_text="Priya Raman")
    expect(row.locator(".rank")).to_have_text("1")
    expect(row.locator(".reviews")).to_have_text("1 / 2")
    expect(row.locator(".mean")).to_have_text("4.67")
    expect(row.locator(".decision")).to_have_text("Undecided")
    row.get_by_label("Decision on Priya Raman").select_option(label="Awarded")
    row.get_by_label("Citation for Priya Raman").fill(CITATION)
    _click(checked_page, row.get_by_role("button", name="Save"))
    expect(page.locator(".messagelist")).to_contain_text(
        "Priya Raman: awarded. Nothing is sent until you release the decisions."
    )
    expect(row.locator(".decision")).to_have_text("Awarded")
    expect(row.locator(".released")).to_have_text("Not yet")
    expect(row.get_by_label("Citation for Priya Raman")).to_have_value(CITATION)
    assert not OutboundEmail.objects.filter(template="awards/email/decision_awarded").exists()

    _click(checked_page, page.get_by_role("link", name="Release decisions (1)"))
    expect(page.get_by_role("heading", name=f"Release the decisions: {cycle}")).to_be_visible()
    counts = page.get_by_role("table", name="To be sent")
    expect(counts.get_by_role("row", name=re.compile(r"^Awarded"))).to_contain_text("1")
    expect(page.locator("#benefits")).to_contain_text(
        "A complimentary registration for Cytokines Test Meeting (Award recipient) for each"
    )
    preview = page.locator("#preview-awarded")
    expect(preview).to_contain_text(f"The email to {trainee.email} (about Priya Raman)")
    expect(preview).to_contain_text(f"[ICIS] Congratulations: the {cycle}")
    expect(preview).to_contain_text(f"The citation: {CITATION}")
    expect(preview).to_contain_text("A complimentary registration for Cytokines Test Meeting")
    assert not Registration.objects.filter(user=trainee).exists()
    assert not OutboundEmail.objects.filter(template="awards/email/decision_awarded").exists()
    _click(checked_page, page.get_by_role("button", name="Send 1 decision"))
    expect(page.locator(".messagelist")).to_contain_text(
        "Released 1 decision (1 awarded): the emails are on their way and awards' benefits "
        "are applied."
    )
    row = page.get_by_role("table", name="1 submitted application").get_by_role("row")
    row = row.filter(has_text="Priya Raman")
    expect(row).to_contain_text("Final.")
    expect(row.locator(".released")).not_to_have_text("Not yet")
    expect(page.get_by_role("link", name="Release decisions", exact=True)).to_be_visible()
    checked_page.goto("/")
    sign_out(checked_page)

    # 4. The trainee finds the decision, and the registration that came with it.
    sign_in(checked_page, trainee.email)
    _click(checked_page, page.get_by_role("link", name="My account"))
    nav = page.get_by_role("navigation", name="Your membership")
    _click(checked_page, nav.get_by_role("link", name="Award applications"))
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Awarded")
    _click(checked_page, row.get_by_role("link", name=str(cycle)))
    expect(
        page.get_by_text(re.compile(r"^Status: Submitted, .*Decision: Awarded\.$"))
    ).to_be_visible()
    checked_page.goto(ATTEND_PATH)
    expect(page.get_by_role("heading", name="Your registration", level=1)).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts.locator('dt:text-is("Status") + dd')).to_have_text("Confirmed")
    expect(facts.locator('dt:text-is("Category") + dd')).to_have_text(
        "Award recipient (complimentary)"
    )
    expect(facts.locator('dt:text-is("Badge") + dd')).to_contain_text(
        "Priya Raman, University of Example"
    )
    expect(facts.locator('dt:text-is("Payment")')).to_have_count(0)

    registration = Registration.objects.get(user=trainee, meeting=open_meeting)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.is_complimentary
    assert registration.category.slug == "award"
    assert registration.payment_id is None
    application.refresh_from_db()
    assert application.decision == Application.Decision.AWARDED
    assert application.decision_released_at is not None
    assert application.benefits_note == ""
    assert Recipient.objects.get(application=application).citation == CITATION
    assert Review.objects.filter(application=application, submitted_at__isnull=False).count() == 1
    decisions = OutboundEmail.objects.filter(template="awards/email/decision_awarded")
    assert decisions.count() == 1
    email = decisions.get()
    assert email.to_email == trainee.email
    assert CITATION in email.body_text
    assert "A complimentary registration for Cytokines Test Meeting" in email.body_text


def test_an_applicant_reminds_a_late_referee_whose_letter_then_arrives(checked_page, tmp_path):
    program = AwardProgramFactory(
        name="Young Investigator Award",
        slug="young-investigator",
        level=Level.YOUNG_INVESTIGATOR,
        summary="For members within ten years of their highest degree.",
        membership_required=True,
        max_years_since_degree=10,
    )
    cycle = open_cycle_for(program, letters=1)
    applicant = make_member(first_name="Amara", last_name="Okafor", degree_year=cycle.year - 3)
    application = services.application_start(cycle=cycle, user=applicant)
    services.application_save(
        application_id=application.pk,
        user=applicant,
        title=TITLE,
        summary=SUMMARY,
        declaration_confirmed=False,
    )
    services.document_upload(
        application_id=application.pk,
        user=applicant,
        kind=DocumentKind.CV,
        upload=SimpleUploadedFile("cv.pdf", pdf_bytes(1)),
    )
    services.referee_request(
        application_id=application.pk,
        user=applicant,
        name="Rita Levi",
        email="rita.levi@example.org",
        now=timezone.now() - timedelta(days=2),
    )
    services.application_submit(application_id=application.pk, user=applicant)
    not_a_pdf = tmp_path / "letter.pdf"
    not_a_pdf.write_text("Dear panel, I recommend Dr Okafor warmly.")
    letter = _pdf(tmp_path, "levi-letter.pdf", 1)
    page = checked_page.page

    # 1. Two days on, the letter has not come: the applicant sends a reminder.
    sign_in(checked_page, applicant.email)
    _click(checked_page, page.get_by_role("link", name="My account"))
    nav = page.get_by_role("navigation", name="Your membership")
    _click(checked_page, nav.get_by_role("link", name="Award applications"))
    _click(checked_page, page.get_by_role("link", name=str(cycle)))
    letters = page.get_by_role("region", name="Letters of reference")
    expect(letters).to_contain_text("Rita Levi (rita.levi@example.org): asked")
    expect(letters).to_contain_text("not received yet")
    _click(checked_page, letters.get_by_role("button", name="Send a reminder to Rita Levi"))
    expect(page.get_by_role("status").filter(has_text="Rita Levi is reminded")).to_contain_text(
        "their link works again until"
    )
    expect(letters).to_contain_text("a reminder can be sent from")
    expect(letters.get_by_role("button", name=re.compile("Send a reminder"))).to_have_count(0)
    sign_out(checked_page)

    # 2. The referee follows the reminder's link, with no account.
    reminder = OutboundEmail.objects.get(
        to_email="rita.levi@example.org", subject__startswith="[ICIS] Reminder"
    )
    # The email names the site's public address; the same path is opened on the test server.
    letter_path = re.search(r"/awards/letters/\S+/", reminder.body_text).group(0)
    checked_page.goto(letter_path)
    expect(page.get_by_role("heading", name="Upload a letter of reference")).to_be_visible()
    expect(page.get_by_text("Amara Okafor")).to_be_visible()
    page.get_by_label("Your letter (PDF)").set_input_files(not_a_pdf)
    _click(checked_page, page.get_by_role("button", name="Upload the letter"))
    expect(page.get_by_text("This file is not a PDF")).to_be_visible()
    page.get_by_label("Your letter (PDF)").set_input_files(letter)
    _click(checked_page, page.get_by_role("button", name="Upload the letter"))
    expect(page.get_by_role("heading", name="Thank you, Rita Levi")).to_be_visible()
    # A used link is answered "410 Gone", which Chromium logs as an error; nothing else may be.
    page.goto(checked_page.base_url + letter_path)
    checked_page.problems[:] = [p for p in checked_page.problems if "status of 410" not in p]
    checked_page.check()
    expect(page.get_by_text("Your letter has already been received")).to_be_visible()

    # 3. The applicant sees that it arrived, and nothing of what it says.
    sign_in(checked_page, applicant.email)
    checked_page.goto(application.get_absolute_url())
    letters = page.get_by_role("region", name="Letters of reference")
    expect(letters).to_contain_text("Rita Levi (rita.levi@example.org): letter received")
    expect(letters.get_by_role("link")).to_have_count(0)
    assert OutboundEmail.objects.filter(template="awards/email/letter_received").count() == 1
