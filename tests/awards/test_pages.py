"""The awards pages as visitors, applicants, referees and reviewers use them: what each may
open, what the deadline stops, and query counts that do not grow with the data."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import (
    Application,
    AwardCycle,
    Conflict,
    Level,
    PanelMember,
    Recipient,
    Review,
)
from icis.mail.models import OutboundEmail
from tests.awards.conftest import make_member, open_cycle_for, pdf_upload
from tests.factories import (
    AwardProgramFactory,
    ConflictFactory,
    PanelMemberFactory,
    RecipientFactory,
    UserFactory,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def submitted_application(cycle, user, *, title="Interferon signalling in the gut"):
    application = services.application_start(cycle=cycle, user=user)
    services.application_save(
        application_id=application.pk,
        user=user,
        title=title,
        summary="What the work found.",
        declaration_confirmed=True,
    )
    for requirement in cycle.documents.all():
        services.document_upload(
            application_id=application.pk, user=user, kind=requirement.kind, upload=pdf_upload(1)
        )
    for n in range(cycle.letters_required):
        services.referee_request(
            application_id=application.pk,
            user=user,
            name=f"Referee {n}",
            email=f"referee{n}-{user.pk}@example.org",
        )
    return services.application_submit(application_id=application.pk, user=user)


def test_awards_page_lists_open_calls_first_with_the_deadline_as_a_machine_readable_time(
    client, travel_cycle, young_investigator_program
):
    senior = AwardProgramFactory(
        name="Senior Investigator Award",
        slug="senior",
        level=Level.SENIOR,
        summary="For a lifetime of work.",
        ordering=1,
    )
    response = client.get(reverse("awards:index"))
    html = response.content.decode()
    assert response.status_code == 200
    # The open travel call comes before the programs without one, whatever their ordering.
    assert html.index("Trainee Travel Award") < html.index(senior.name)
    assert html.index("Trainee Travel Award") < html.index("Young Investigator Award")
    # To the second, as HTML's datetime attribute allows (never with microseconds).
    closes = travel_cycle.closes_at.replace(microsecond=0).isoformat()
    assert f'datetime="{closes}"' in html and "data-local-deadline" in html
    assert "No call is open at the moment." in html


def test_program_page_shows_rules_the_open_call_and_recipients_by_year(client, travel_cycle):
    program = travel_cycle.program
    RecipientFactory(program=program, year=2019, name="Grace Older", citation="For IL-6")
    RecipientFactory(program=program, year=2020, name="Henry Newer")
    RecipientFactory(program=program, year=2020, name="Hidden One", is_public=False)
    html = client.get(program.get_absolute_url()).content.decode()
    assert (
        "Open to these career stages: Graduate student (PhD or master&#x27;s); "
        "Postdoctoral researcher." in html
    )
    assert "I will present my abstract" in html
    assert f"The {travel_cycle.year} call is open" in html
    assert "CV: PDF, at most 2 pages, up to 2 MB" in html
    assert html.index("Henry Newer") < html.index("Grace Older")  # newest year first
    assert "Hidden One" not in html
    assert client.get("/awards/no-such-award/").status_code == 404


def test_an_ineligible_member_is_told_why_before_starting_and_cannot_start_by_posting(
    client, yi_cycle
):
    applicant = make_member(degree_year=yi_cycle.year - 12)
    client.force_login(applicant)
    url = reverse("awards:apply", args=[yi_cycle.program.slug])
    html = client.get(url).content.decode()
    assert "yours was in" in html and "12 years before" in html
    response = client.post(url, follow=True)
    assert "12 years before" in response.content.decode()
    assert not Application.objects.filter(created_by=applicant).exists()


def test_an_old_link_to_apply_after_the_call_closed_leads_back_to_the_award(client, travel_cycle):
    applicant = make_member(member=False)
    client.force_login(applicant)
    AwardCycle.objects.filter(pk=travel_cycle.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    for name in ("awards:apply", "awards:nominate"):
        response = client.get(reverse(name, args=[travel_cycle.program.slug]), follow=True)
        assert response.redirect_chain[-1][0] == travel_cycle.program.get_absolute_url()
        assert "This award has no open call at the moment." in response.content.decode()
    assert client.post(reverse("awards:apply", args=["no-such-award"])).status_code == 404
    assert not Application.objects.exists()


def test_after_the_deadline_a_kept_open_form_changes_nothing(client, travel_cycle):
    applicant = make_member(member=False)
    client.force_login(applicant)
    application = services.application_start(cycle=travel_cycle, user=applicant)
    url = application.get_absolute_url()
    AwardCycle.objects.filter(pk=travel_cycle.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    for action in ("save", "submit"):
        response = client.post(
            url, {"action": action, "title": "Late", "summary": "Too late", "file_cv": pdf_upload()}
        )
        assert response.status_code == 200
        assert "nothing can be changed" in response.content.decode()
    application.refresh_from_db()
    assert (application.title, application.status, application.files.count()) == ("", "draft", 0)
    # The page no longer offers the form at all.
    assert 'value="submit"' not in client.get(url).content.decode()


def test_an_applicant_cannot_open_anothers_application_or_files(client, travel_cycle):
    owner = make_member(member=False)
    application = submitted_application(travel_cycle, owner)
    cv = application.files.get(kind="cv")
    client.force_login(owner)
    response = client.get(cv.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"

    other = make_member(member=False)
    client.force_login(other)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.get(cv.get_absolute_url()).status_code == 404
    client.post(application.get_absolute_url(), {"action": "withdraw"})
    application.refresh_from_db()
    assert application.status == "submitted"

    client.logout()
    response = client.get(cv.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_files_are_not_reachable_under_the_public_media_address(client, travel_cycle, settings):
    application = submitted_application(travel_cycle, make_member(member=False))
    cv = application.files.get(kind="cv")
    assert cv.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not cv.file.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + cv.file.name).status_code == 404


def test_the_applicant_sees_a_letter_arrive_but_never_its_content(client, yi_cycle):
    applicant = make_member(degree_year=yi_cycle.year - 3)
    application = submitted_application(yi_cycle, applicant)
    referee = application.referees.get()
    services.letter_upload(token=services.referee_token(referee), upload=pdf_upload(1))
    letter = application.files.get(kind="letter")
    client.force_login(applicant)
    html = client.get(application.get_absolute_url()).content.decode()
    assert "letter received" in html
    assert letter.get_absolute_url() not in html
    assert client.get(letter.get_absolute_url()).status_code == 404


def test_a_referee_uploads_once_without_an_account_and_the_link_then_stops_working(
    client, yi_cycle
):
    applicant = make_member(degree_year=yi_cycle.year - 3)
    application = services.application_start(cycle=yi_cycle, user=applicant)
    services.referee_request(
        application_id=application.pk, user=applicant, name="Dr Ref", email="ref@example.org"
    )
    email = OutboundEmail.objects.get(template="awards/email/referee_request")
    link = re.search(r"http://\S+/awards/letters/\S+/", email.body_text).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200 and "Upload the letter" in page.content.decode()

    response = client.post(path, {"file": _named("letter.pdf", b"GIF89a not a pdf at all")})
    assert "This file is not a PDF" in response.content.decode()
    response = client.post(path, {"file": pdf_upload(1, name="letter.pdf")})
    assert "Thank you, Dr Ref" in response.content.decode()

    again = client.post(path, {"file": pdf_upload(1, name="other.pdf")})
    assert again.status_code == 410
    assert "already been received" in again.content.decode()
    assert application.files.filter(kind="letter").count() == 1

    forged = client.get(path[:-3] + "xx/")
    assert forged.status_code == 404 and "not valid" in forged.content.decode()


def test_an_expired_referee_link_is_refused(client, yi_cycle):
    applicant = make_member(degree_year=yi_cycle.year - 3)
    application = services.application_start(cycle=yi_cycle, user=applicant)
    referee = services.referee_request(
        application_id=application.pk, user=applicant, name="Dr Late", email="late@example.org"
    )
    referee.expires_at = timezone.now() - timedelta(seconds=1)
    referee.save()
    path = reverse("awards:letter", args=[services.referee_token(referee)])
    response = client.post(path, {"file": pdf_upload(1)})
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not application.files.filter(kind="letter").exists()


def _named(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _panel(cycle, reviewers):
    for reviewer in reviewers:
        PanelMemberFactory(cycle=cycle, reviewer=reviewer)


def test_a_reviewer_opens_only_assigned_applications_and_not_conflicted_ones(client, travel_cycle):
    application = submitted_application(travel_cycle, make_member(member=False))
    cv = application.files.get(kind="cv")
    assigned, unassigned = (make_member(institution=f"Institute {n}") for n in range(2))
    _panel(travel_cycle, [assigned, unassigned])
    review = services.review_assign(application_id=application.pk, reviewer=assigned, actor=None)

    client.force_login(unassigned)
    assert client.get(review.get_absolute_url()).status_code == 404
    assert client.get(cv.get_absolute_url()).status_code == 404

    client.force_login(assigned)
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get(cv.get_absolute_url()).status_code == 200
    # A conflict recorded by staff shuts the application and its files at once.
    ConflictFactory(application=application, reviewer=assigned, reason="Co-author")
    assert client.get(review.get_absolute_url()).status_code == 404
    assert client.get(cv.get_absolute_url()).status_code == 404


def test_a_reviewer_scores_submits_and_only_then_sees_the_other_reviews(client, travel_cycle):
    application = submitted_application(travel_cycle, make_member(member=False))
    first, second = (make_member(institution=f"Institute {n}") for n in range(2))
    _panel(travel_cycle, [first, second])
    services.reviews_assign_automatic(cycle=travel_cycle, actor=None)
    science, promise = travel_cycle.criteria.all()
    other = Review.objects.get(application=application, reviewer=second)
    services.review_save(
        review_id=other.pk,
        reviewer=second,
        scores={science.pk: 3, promise.pk: 3},
        comment="Solid but narrow.",
        submit=True,
    )
    mine = Review.objects.get(application=application, reviewer=first)
    client.force_login(first)
    assert "Solid but narrow." not in client.get(mine.get_absolute_url()).content.decode()

    response = client.post(
        mine.get_absolute_url(),
        {f"criterion_{science.pk}": "5", "comment": "Excellent", "action": "submit"},
    )
    assert "Score every criterion before submitting: Promise." in response.content.decode()
    response = client.post(
        mine.get_absolute_url(),
        {
            f"criterion_{science.pk}": "5",
            f"criterion_{promise.pk}": "2",
            "comment": "Excellent",
            "action": "submit",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "weighted score <strong>4.00</strong>" in html  # (5 * 2 + 2 * 1) / 3
    assert "Solid but narrow." in html
    assert "Other reviewers" in html


def test_a_reviewer_declares_a_conflict_and_the_application_leaves_their_list(client, travel_cycle):
    application = submitted_application(travel_cycle, make_member(member=False))
    reviewer = make_member(institution="Elsewhere")
    _panel(travel_cycle, [reviewer])
    review = services.review_assign(application_id=application.pk, reviewer=reviewer, actor=None)
    client.force_login(reviewer)
    response = client.post(
        reverse("awards:review_conflict", args=[review.pk]),
        {"reason": "My former student"},
        follow=True,
    )
    assert "taken off your list" in response.content.decode()
    assert application.candidate_name not in client.get(reverse("awards:reviews")).content.decode()
    assert Conflict.objects.get(application=application, reviewer=reviewer).reason == (
        "My former student"
    )


# --- Query counts ------------------------------------------------------------------------------


def _program_with_open_call(n: int):
    program = AwardProgramFactory(
        name=f"Award {n}", slug=f"award-{n}", level=Level.TRAINEE, summary="An award."
    )
    if n % 2:
        open_cycle_for(program)
    return program


def test_awards_page_query_count_does_not_grow_with_programs(client):
    for n in range(3):
        _program_with_open_call(n)
    small, _ = count_queries(lambda: client.get(reverse("awards:index")))
    for n in range(3, 40):
        _program_with_open_call(n)
    large, _ = count_queries(lambda: client.get(reverse("awards:index")))
    assert small == large == 2


def test_program_page_with_twenty_years_of_recipients_takes_a_fixed_number_of_queries(client):
    program = _program_with_open_call(1)
    path = program.get_absolute_url()
    RecipientFactory(program=program, year=2000, name="First Recipient")
    small, _ = count_queries(lambda: client.get(path))
    Recipient.objects.bulk_create(
        Recipient(program=program, year=year, name=f"Recipient {year}-{n}", institution="U")
        for year in range(2001, 2021)
        for n in range(5)
    )
    response = client.get(path)
    assert "Recipient 2020-4" in response.content.decode()
    large, queries = count_queries(lambda: client.get(path))
    assert small == large == 4, queries


def test_the_reviewers_assignment_list_takes_the_same_queries_at_200_applications(client):
    """200 applications, 30 reviewers, 3 reviews each: the list is one query at any size."""
    program = _program_with_open_call(1)
    cycle = program.cycles.get()
    reviewers = [UserFactory() for _ in range(30)]
    PanelMember.objects.bulk_create(PanelMember(cycle=cycle, reviewer=r) for r in reviewers)
    me = reviewers[0]
    client.force_login(me)
    path = reverse("awards:reviews")

    def add_applications(count: int, start: int):
        applicants = [UserFactory() for _ in range(count)]
        applications = Application.objects.bulk_create(
            Application(
                cycle=cycle,
                created_by=applicant,
                candidate=applicant,
                candidate_name=f"Candidate {start + n}",
                title="A title",
                status="submitted",
                submitted_at=timezone.now(),
            )
            for n, applicant in enumerate(applicants)
        )
        Review.objects.bulk_create(
            Review(application=application, reviewer=reviewers[(start + n + k) % 30])
            for n, application in enumerate(applications)
            for k in range(3)
        )

    add_applications(5, 0)
    small, _ = count_queries(lambda: client.get(path))
    add_applications(195, 5)
    assert Review.objects.filter(reviewer=me).count() > 15
    large, queries = count_queries(lambda: client.get(path))
    # The session, the signed-in user, then the list and the abstracts' section of the same
    # page (icis.review.registry): no query per assignment.
    assert small == large, queries
    assert large == 4, queries
