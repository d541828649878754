"""The staff side of awards: programs and calls, the panel, assigning reviewers, the ranking,
decisions and their release, read-only applications and reviews, and recipients."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import (
    Application,
    AwardCycle,
    AwardProgram,
    Conflict,
    Document,
    Level,
    PanelMember,
    Recipient,
    Review,
    Score,
)
from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from meetings.models import Registration
from members.models import CareerStage
from tests.awards.conftest import make_member, open_cycle_for, pdf_bytes
from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import (
    ApplicationFactory,
    AwardProgramFactory,
    ConflictFactory,
    MeetingFactory,
    PanelMemberFactory,
    RecipientFactory,
    RefereeRequestFactory,
    RegistrationCategoryFactory,
    ReviewFactory,
    ScoreFactory,
    UserFactory,
)
from tests.querycount import assert_queries_at_sizes, count_queries

pytestmark = pytest.mark.django_db

User = get_user_model()
DECISION_EMAILS = "awards/email/decision"


# --- Building submitted applications and reviews directly --------------------------------------


def submitted(cycle, *, name, institution="University of Elsewhere", kind="application", by=None):
    """A submitted application, made directly (the service path is tested elsewhere)."""
    first, _, last = name.partition(" ")
    candidate = by or make_member(first_name=first, last_name=last, institution=institution)
    return ApplicationFactory(
        cycle=cycle,
        kind=kind,
        created_by=candidate,
        candidate_name=name,
        candidate_institution=institution,
        title=f"The work of {name}",
        summary="Cytokines.",
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def reviewer_on(cycle, *, name="Rita Reviewer", institution="Reviewers' Institute"):
    first, _, last = name.partition(" ")
    reviewer = make_member(first_name=first, last_name=last, institution=institution, member=False)
    PanelMemberFactory(cycle=cycle, reviewer=reviewer)
    return reviewer


def scored(application, reviewer, score: str | None):
    """An assignment, submitted with this weighted score (or not yet submitted)."""
    review = ReviewFactory(application=application, reviewer=reviewer)
    if score is not None:
        review.weighted_score = Decimal(score)
        review.submitted_at = timezone.now()
        review.save()
        for criterion in application.cycle.criteria.all():
            ScoreFactory(review=review, criterion=criterion, value=round(float(score)))
    return review


def ranking_url(cycle):
    return reverse("admin:awards_awardcycle_ranking", args=[cycle.pk])


def decision_url(cycle, application):
    return reverse("admin:awards_awardcycle_decision", args=[cycle.pk, application.pk])


def release_url(cycle):
    return reverse("admin:awards_awardcycle_release", args=[cycle.pk])


def assign_url(cycle):
    return reverse("admin:awards_awardcycle_assign", args=[cycle.pk])


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def ranking_rows(html: str) -> list[dict]:
    """The ranking table's rows as the page shows them."""
    table = re.search(r'<table id="ranking">(.*?)</table>', html, re.S).group(1)
    rows = []
    for row in re.findall(r'<tr id="application-\d+" class="ranking-row">(.*?)</tr>', table, re.S):

        def cell(name, row=row):
            return re.search(rf'class="{name}">(.*?)</t[dh]>', row, re.S).group(1).strip()

        rows.append(
            {
                "rank": cell("rank"),
                "name": re.sub(r"<[^>]+>", "", cell("candidate")),
                "reviews": cell("reviews"),
                "mean": cell("mean"),
                "median": cell("median"),
                "spread": cell("spread"),
                "std_dev": cell("std-dev"),
                "decision": cell("decision"),
            }
        )
    return rows


@pytest.fixture
def cycle(yi_cycle):
    return yi_cycle


# --- Pages open ---------------------------------------------------------------------------------


def test_every_awards_admin_page_opens(admin_client_2fa, cycle):
    reviewer = reviewer_on(cycle)
    application = submitted(cycle, name="Ada Lovelace")
    review = scored(application, reviewer, "4.50")
    ConflictFactory(application=application, reason="Co-author")
    recipient = RecipientFactory(program=cycle.program, year=2019, name="Marie Curie")
    urls = [
        reverse("admin:awards_awardprogram_changelist"),
        reverse("admin:awards_awardprogram_add"),
        reverse("admin:awards_awardprogram_change", args=[cycle.program.pk]),
        reverse("admin:awards_awardcycle_changelist"),
        reverse("admin:awards_awardcycle_add"),
        reverse("admin:awards_awardcycle_change", args=[cycle.pk]),
        reverse("admin:awards_application_changelist"),
        reverse("admin:awards_application_change", args=[application.pk]),
        reverse("admin:awards_review_changelist"),
        reverse("admin:awards_review_changelist") + "?submitted=yes",
        reverse("admin:awards_review_change", args=[review.pk]),
        reverse("admin:awards_recipient_changelist"),
        reverse("admin:awards_recipient_add"),
        reverse("admin:awards_recipient_change", args=[recipient.pk]),
        ranking_url(cycle),
        assign_url(cycle),
        release_url(cycle),
    ]
    for url in urls:
        assert admin_client_2fa.get(url).status_code == 200, url


def test_the_call_page_links_to_the_judging_pages(admin_client_2fa, cycle):
    html = text(admin_client_2fa.get(reverse("admin:awards_awardcycle_change", args=[cycle.pk])))
    assert f'href="{ranking_url(cycle)}">Ranking and decisions<' in html
    assert f'href="{assign_url(cycle)}">Assign reviewers automatically<' in html
    assert f'href="{release_url(cycle)}">Release decisions<' in html


def test_unknown_ids_are_404(admin_client_2fa, cycle, travel_cycle):
    for url in [
        reverse("admin:awards_awardcycle_ranking", args=[999999]),
        reverse("admin:awards_awardcycle_assign", args=[999999]),
        reverse("admin:awards_awardcycle_release", args=[999999]),
    ]:
        assert admin_client_2fa.get(url).status_code == 404, url
    assert admin_client_2fa.post(decision_url(cycle, Application(pk=999999))).status_code == 404
    # An application of another call is not decided through this one's page.
    elsewhere = submitted(travel_cycle, name="Other Call")
    response = admin_client_2fa.post(decision_url(cycle, elsewhere), {"decision": "awarded"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.decision == ""
    assign = reverse("admin:awards_application_assign", args=[999999])
    assert admin_client_2fa.post(assign, {"reviewer": 1}).status_code == 404


def test_writes_take_post_only(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    assert admin_client_2fa.get(decision_url(cycle, application)).status_code == 405
    assign = reverse("admin:awards_application_assign", args=[application.pk])
    assert admin_client_2fa.get(assign).status_code == 405
    # The confirmation pages change nothing.
    reviewer_on(cycle)
    admin_client_2fa.get(assign_url(cycle))
    admin_client_2fa.get(release_url(cycle))
    assert not Review.objects.exists()


# --- Who may open them --------------------------------------------------------------------------


def test_a_member_who_is_not_staff_is_sent_to_the_admin_sign_in(client, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    application.decision = Application.Decision.AWARDED
    application.save()
    client.force_login(UserFactory())
    for url in [ranking_url(cycle), assign_url(cycle), release_url(cycle)]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    response = client.post(release_url(cycle), {"confirm": "1"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(decision_url(cycle, application), {"decision": "declined"})
    assert response.status_code == 302
    assert not OutboundEmail.objects.filter(template__startswith=DECISION_EMAILS).exists()
    application.refresh_from_db()
    assert application.decision == "awarded"


def test_staff_without_the_permission_to_change_calls_are_refused(client, cycle):
    staff = UserFactory(is_staff=True)
    enable_totp(staff)
    staff.user_permissions.add(Permission.objects.get(codename="view_awardcycle"))
    sign_in_with_two_factor(client, staff)
    application = submitted(cycle, name="Ada Lovelace")
    for url in [ranking_url(cycle), assign_url(cycle), release_url(cycle)]:
        assert client.get(url).status_code == 403, url
    assert client.post(assign_url(cycle)).status_code == 403
    assert client.post(decision_url(cycle, application), {"decision": "awarded"}).status_code == 403
    assign = reverse("admin:awards_application_assign", args=[application.pk])
    assert client.post(assign, {"reviewer": staff.pk}).status_code == 403
    application.refresh_from_db()
    assert application.decision == ""


# --- Programs and calls -------------------------------------------------------------------------


def test_a_program_is_made_with_career_stages_as_checkboxes(admin_client_2fa):
    add = reverse("admin:awards_awardprogram_add")
    html = text(admin_client_2fa.get(add))
    assert 'type="checkbox" name="career_stages" value="postdoc"' in html
    response = admin_client_2fa.post(
        add,
        {
            "name": "Trainee Prize",
            "slug": "trainee-prize",
            "level": Level.TRAINEE,
            "summary": "For trainees.",
            "description": "",
            "is_active": "on",
            "career_stages": [CareerStage.GRADUATE_STUDENT, CareerStage.POSTDOC],
            "declaration": "",
            "value_amount": "50000",
            "currency": "USD",
            "benefits": "A plenary talk",
            "ordering": "100",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    program = AwardProgram.objects.get(slug="trainee-prize")
    assert program.career_stages == ["graduate_student", "postdoc"]
    assert AuditEntry.objects.filter(action="awardprogram.create").exists()
    change = text(
        admin_client_2fa.get(reverse("admin:awards_awardprogram_change", args=[program.pk]))
    )
    assert re.search(r'value="postdoc"[^>]*checked', change)
    assert not re.search(r'value="senior"[^>]*checked', change)


def cycle_form(cycle, **overrides):
    """The call's change form as posted, with its inlines as they are."""
    local = timezone.localtime
    data = {
        "program": cycle.program_id,
        "year": cycle.year,
        "opens_at_0": local(cycle.opens_at).strftime("%Y-%m-%d"),
        "opens_at_1": local(cycle.opens_at).strftime("%H:%M:%S"),
        "closes_at_0": local(cycle.closes_at).strftime("%Y-%m-%d"),
        "closes_at_1": local(cycle.closes_at).strftime("%H:%M:%S"),
        "intake": cycle.intake,
        "awards_available": cycle.awards_available,
        "call_text": "",
        "meeting": cycle.meeting_id or "",
        "registration_category": cycle.registration_category_id or "",
        "letters_required": cycle.letters_required,
        "letter_max_pages": cycle.letter_max_pages,
        "reviews_per_application": cycle.reviews_per_application,
        "decision_note_awarded": "",
        "decision_note_waitlisted": "",
        "decision_note_declined": "",
    }
    for prefix, rows, fields in [
        ("documents", cycle.documents.all(), ["kind", "max_pages", "max_mb", "instructions"]),
        ("criteria", cycle.criteria.all(), ["name", "guidance", "weight", "ordering"]),
        ("panel", cycle.panel.all(), ["reviewer", "is_chair"]),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-cycle"] = cycle.pk
            for field in fields:
                value = getattr(row, f"{field}_id", None) or getattr(row, field)
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{index}-{field}"] = "on"
                else:
                    data[f"{prefix}-{index}-{field}"] = "" if value is None else value
    data.update(overrides)
    return data


def test_staff_add_a_reviewer_to_the_panel_and_it_is_audited(admin_client_2fa, cycle):
    reviewer = make_member(first_name="Paula", last_name="Panel", member=False)
    url = reverse("admin:awards_awardcycle_change", args=[cycle.pk])
    data = cycle_form(cycle)
    data.update(
        {
            "panel-TOTAL_FORMS": 1,
            "panel-0-reviewer": reviewer.pk,
            "panel-0-is_chair": "on",
        }
    )
    response = admin_client_2fa.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member = PanelMember.objects.get(cycle=cycle)
    assert member.reviewer == reviewer and member.is_chair
    assert AuditEntry.objects.filter(action="panelmember.create").exists()
    # The reviewer field searches accounts as they are typed.
    html = text(admin_client_2fa.get(url))
    field = re.search(r'<select name="panel-0-reviewer"[^>]*>', html).group(0)
    assert 'class="admin-autocomplete"' in field and 'data-field-name="reviewer"' in field


def test_a_registration_category_of_another_meeting_is_refused(
    admin_client_2fa, travel_cycle, open_meeting
):
    other = MeetingFactory(start_date=open_meeting.start_date + timedelta(days=365))
    foreign = RegistrationCategoryFactory(meeting=other, slug="award", name="Award")
    url = reverse("admin:awards_awardcycle_change", args=[travel_cycle.pk])
    response = admin_client_2fa.post(
        url, cycle_form(travel_cycle, registration_category=foreign.pk)
    )
    assert response.status_code == 200
    assert "This category belongs to another meeting." in text(response)
    travel_cycle.refresh_from_db()
    assert travel_cycle.registration_category.meeting == open_meeting


def test_the_call_page_names_each_registration_category_with_its_meeting(
    admin_client_2fa, travel_cycle, open_meeting
):
    """Categories of several meetings share names (Member, Trainee): each says whose it is."""
    other = MeetingFactory(
        edition=15,
        name="Cytokines Next",
        slug="cytokines-next",
        start_date=open_meeting.start_date + timedelta(days=365),
        end_date=open_meeting.end_date + timedelta(days=365),
    )
    RegistrationCategoryFactory(meeting=other, slug="award", name="Award")
    url = reverse("admin:awards_awardcycle_change", args=[travel_cycle.pk])

    html = text(admin_client_2fa.get(url))

    field = re.search(r'<select name="registration_category".*?</select>', html, re.S).group(0)
    assert ">Award (Cytokines Next)</option>" in field
    assert f">{travel_cycle.registration_category.name} ({open_meeting.name})</option>" in field


def test_the_list_of_calls_counts_submitted_applications(admin_client_2fa, cycle):
    submitted(cycle, name="Ada Lovelace")
    submitted(cycle, name="Grace Hopper")
    ApplicationFactory(cycle=cycle, created_by=make_member(first_name="Drafty"))
    html = text(admin_client_2fa.get(reverse("admin:awards_awardcycle_changelist")))
    assert '<td class="field-submitted">2</td>' in html


# --- The ranking --------------------------------------------------------------------------------


def test_the_ranking_orders_by_mean_and_shows_median_spread_and_counts(admin_client_2fa, cycle):
    r1, r2, r3 = (reviewer_on(cycle, name=f"Rev {n}") for n in ("One", "Two", "Three"))
    steady = submitted(cycle, name="Steady Sam")
    for reviewer in (r1, r2):
        scored(steady, reviewer, "4.50")
    split = submitted(cycle, name="Split Sue")
    scored(split, r1, "5.00")
    scored(split, r2, "2.00")
    scored(split, r3, "5.00")
    waiting = submitted(cycle, name="Unread Una")
    scored(waiting, r3, None)
    ApplicationFactory(cycle=cycle, created_by=make_member(first_name="Drafty", last_name="Dan"))

    response = admin_client_2fa.get(ranking_url(cycle))
    rows = ranking_rows(text(response))
    assert [row["name"] for row in rows] == ["Steady Sam", "Split Sue", "Unread Una"]
    sam, sue, una = rows
    assert (sam["rank"], sam["mean"], sam["median"], sam["spread"]) == ("1", "4.50", "4.50", "0.00")
    assert sam["reviews"] == "2 / 2"
    assert (sue["rank"], sue["mean"], sue["median"], sue["spread"]) == ("2", "4.00", "5.00", "3.00")
    assert sam["std_dev"] == "0.00"
    assert sue["std_dev"] == "1.73" and sue["reviews"] == "3 / 3"  # of 5, 2 and 5
    assert (una["rank"], una["mean"], una["median"], una["reviews"]) == ("–", "–", "–", "0 / 1")
    assert una["std_dev"] == "–"
    html = text(response)
    assert f'href="{reverse("admin:awards_application_change", args=[split.pk])}"' in html
    panel = re.search(r'<table id="panel-load">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Rev Three</th>\s*<td>2</td>\s*<td>1</td>", panel)
    assert "0 of 2 awards available" in html


def test_the_ranking_downloads_as_csv_in_the_same_order_with_formulas_defused(
    admin_client_2fa, client, cycle
):
    r1, r2 = reviewer_on(cycle, name="Rev One"), reviewer_on(cycle, name="Rev Two")
    steady = submitted(cycle, name="Steady Sam")
    scored(steady, r1, "4.50")
    scored(steady, r2, "4.50")
    sly = submitted(cycle, name="=HYPERLINK(0) Sly", institution="@Evil Institute")
    scored(sly, r1, "3.00")
    submitted(cycle, name="Unread Una")
    services.decision_record(
        application_id=steady.pk,
        decision=Application.Decision.AWARDED,
        citation="For steady work",
        actor=None,
    )
    page = text(admin_client_2fa.get(ranking_url(cycle)))
    csv_url = reverse("admin:awards_awardcycle_ranking_csv", args=[cycle.pk])
    assert f'href="{csv_url}"' in page

    response = admin_client_2fa.get(csv_url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        f"icis-award-ranking-{cycle.program.slug}-{cycle.year}.csv"
        in (response["Content-Disposition"])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["candidate"] for row in rows] == [
        "Steady Sam",
        "'=HYPERLINK(0) Sly",
        "Unread Una",
    ]
    sam, sly_row, una = rows
    assert (sam["rank"], sam["mean"], sam["reviews_submitted"], sam["reviews_assigned"]) == (
        "1",
        "4.50",
        "2",
        "2",
    )
    assert (sam["decision"], sam["citation"], sam["sent"]) == ("Awarded", "For steady work", "")
    assert sly_row["institution"] == "'@Evil Institute" and sly_row["std_dev"] == ""
    assert (una["rank"], una["mean"], una["decision"]) == ("", "", "")
    # Only staff who may change awards download it.
    client.force_login(make_member())
    assert client.get(csv_url).status_code == 302


def test_a_decision_is_recorded_through_the_row_form_and_nothing_is_sent(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    response = admin_client_2fa.post(
        decision_url(cycle, application),
        {"decision": "awarded", "citation": "For engines of analysis"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{ranking_url(cycle)}#application-{application.pk}"
    application.refresh_from_db()
    assert application.decision == "awarded"
    assert application.citation == "For engines of analysis"
    assert application.decided_by is not None and application.decision_released_at is None
    assert not OutboundEmail.objects.filter(template__startswith=DECISION_EMAILS).exists()

    page = admin_client_2fa.get(response["Location"])
    assert "Ada Lovelace: awarded. Nothing is sent until you release" in " ".join(messages_of(page))
    row = ranking_rows(text(page))[0]
    assert row["decision"] == "Awarded"
    assert "1 of 2 awards available" in text(page)

    # Cleared again with the blank choice.
    admin_client_2fa.post(decision_url(cycle, application), {"decision": "", "citation": ""})
    application.refresh_from_db()
    assert application.decision == "" and application.decided_at is None


def test_a_nonsense_decision_is_an_error_message(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    response = admin_client_2fa.post(
        decision_url(cycle, application), {"decision": "knighted"}, follow=True
    )
    assert response.status_code == 200
    assert any("Nothing changed" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.decision == ""


def test_a_withdrawn_application_cannot_be_decided(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    response = admin_client_2fa.post(
        decision_url(cycle, application), {"decision": "awarded"}, follow=True
    )
    assert response.status_code == 200
    assert "Only submitted applications can be decided." in messages_of(response)


def test_a_released_decision_cannot_be_changed(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    admin_client_2fa.post(decision_url(cycle, application), {"decision": "declined"})
    admin_client_2fa.post(release_url(cycle), {"confirm": "1"})

    response = admin_client_2fa.post(
        decision_url(cycle, application), {"decision": "awarded"}, follow=True
    )
    assert response.status_code == 200
    assert any("it is final" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.decision == "declined"
    # The row no longer offers a form.
    assert decision_url(cycle, application) not in text(response)


def test_someone_on_the_waiting_list_can_still_be_awarded_a_free_place(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    admin_client_2fa.post(decision_url(cycle, application), {"decision": "waitlisted"})
    admin_client_2fa.post(release_url(cycle), {"confirm": "1"})
    page = text(admin_client_2fa.get(ranking_url(cycle)))
    assert "Award a free place" in page

    admin_client_2fa.post(decision_url(cycle, application), {"decision": "awarded", "citation": ""})
    admin_client_2fa.post(release_url(cycle), {"confirm": "1"})
    sent = OutboundEmail.objects.filter(template__startswith=DECISION_EMAILS)
    assert sorted(sent.values_list("template", flat=True)) == [
        "awards/email/decision_awarded",
        "awards/email/decision_waitlisted",
    ]
    assert Recipient.objects.filter(application=application).exists()


# --- Assigning reviewers ------------------------------------------------------------------------


def test_automatic_assignment_gives_each_application_n_reviewers_without_conflicts(
    admin_client_2fa, cycle
):
    assert cycle.reviews_per_application == 2
    applications = [
        submitted(cycle, name="Ada Lovelace", institution="Analytical College"),
        submitted(cycle, name="Grace Hopper", institution="Navy University"),
        submitted(cycle, name="Katherine Johnson", institution="Langley Institute"),
        submitted(cycle, name="Dorothy Hodgkin", institution="Oxford"),
    ]
    colleague = reviewer_on(cycle, name="Colleague Close", institution="analytical  college")
    others = [reviewer_on(cycle, name=f"Rev {n}") for n in ("One", "Two", "Three")]

    confirm = text(admin_client_2fa.get(assign_url(cycle)))
    assert "0 made of the 8 wanted" in confirm and "4 reviewers" in confirm

    response = admin_client_2fa.post(assign_url(cycle), follow=True)
    assert "Assigned 8 reviews." in " ".join(messages_of(response))
    for application in applications:
        assert application.reviews.count() == 2
    assert not Review.objects.filter(application=applications[0], reviewer=colleague).exists()
    loads = sorted(
        Review.objects.filter(reviewer__in=[colleague, *others]).values_list(
            "reviewer_id", flat=True
        )
    )
    assert {loads.count(r.pk) for r in [colleague, *others]} == {2}

    again = admin_client_2fa.post(assign_url(cycle), follow=True)
    assert "No new assignments were needed." in messages_of(again)
    assert Review.objects.count() == 8


def test_automatic_assignment_names_applications_left_short(admin_client_2fa, cycle):
    submitted(cycle, name="Ada Lovelace", institution="Analytical College")
    submitted(cycle, name="Grace Hopper", institution="Navy University")
    reviewer_on(cycle, name="Colleague Close", institution="Analytical College")
    response = admin_client_2fa.post(assign_url(cycle), follow=True)
    shown = " ".join(messages_of(response))
    assert "Assigned 1 review." in shown
    assert "2 applications have fewer than 2 reviewers" in shown
    assert "Ada Lovelace (0)" in shown and "Grace Hopper (1)" in shown


def test_staff_assign_a_reviewer_by_hand_and_a_conflict_is_refused(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace", institution="Analytical College")
    colleague = reviewer_on(cycle, name="Colleague Close", institution="Analytical College")
    outsider = reviewer_on(cycle, name="Olive Outsider")
    stranger = make_member(first_name="Not", last_name="Panel", member=False)
    change = reverse("admin:awards_application_change", args=[application.pk])
    assign = reverse("admin:awards_application_assign", args=[application.pk])

    page = text(admin_client_2fa.get(change))
    assert "Assign a reviewer" in page and "Olive Outsider" in page

    refused = admin_client_2fa.post(assign, {"reviewer": colleague.pk}, follow=True)
    assert refused.redirect_chain[-1][0] == change
    assert any("the same institution" in message for message in messages_of(refused))
    not_panel = admin_client_2fa.post(assign, {"reviewer": stranger.pk}, follow=True)
    assert any("Choose a member of the panel" in message for message in messages_of(not_panel))
    assert not Review.objects.exists()

    done = admin_client_2fa.post(assign, {"reviewer": outsider.pk}, follow=True)
    assert "Olive Outsider will review Ada Lovelace." in messages_of(done)
    assert Review.objects.get().reviewer == outsider
    # Whoever is already reviewing it is not offered again.
    assign_section = text(admin_client_2fa.get(change)).split('id="assign-reviewer"')[1]
    assert f'value="{outsider.pk}"' not in assign_section.split('id="record-conflict"')[0]


# --- Releasing decisions ------------------------------------------------------------------------


def test_the_release_preview_counts_and_shows_one_email_per_decision(admin_client_2fa, cycle):
    cycle.decision_note_awarded = "The prize is presented at the annual meeting."
    cycle.save()
    decisions = {
        "Ada Lovelace": "awarded",
        "Grace Hopper": "waitlisted",
        "Katherine Johnson": "declined",
        "Dorothy Hodgkin": "declined",
    }
    for name, decision in decisions.items():
        application = submitted(cycle, name=name)
        admin_client_2fa.post(
            decision_url(cycle, application), {"decision": decision, "citation": "For analysis"}
        )
    submitted(cycle, name="Undecided Una")

    html = text(admin_client_2fa.get(release_url(cycle)))
    counts = re.search(r'<table id="release-counts">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Awarded</th><td>1</td>", counts)
    assert re.search(r"Waiting list</th><td>1</td>", counts)
    assert re.search(r"Not selected</th><td>2</td>", counts)
    assert "1 submitted application has no decision yet" in html
    assert "1 recipient added to the public list of Young Investigator Award" in html
    awarded = re.search(r'id="preview-awarded">(.*?)</div>', html, re.S).group(1)
    assert "[ICIS] Congratulations: the Young Investigator Award" in awarded
    assert "Dear Ada Lovelace" in awarded and "The citation: For analysis" in awarded
    assert "The prize is presented at the annual meeting." in awarded
    assert "Dear Grace Hopper" in html and "Dear Dorothy Hodgkin" in html
    assert 'value="Send 4 decisions"' in html
    assert not OutboundEmail.objects.filter(template__startswith=DECISION_EMAILS).exists()


def test_releasing_twice_sends_each_decision_email_exactly_once(admin_client_2fa, cycle):
    applications = {}
    for name, decision in [
        ("Ada Lovelace", "awarded"),
        ("Grace Hopper", "waitlisted"),
        ("Katherine Johnson", "declined"),
    ]:
        applications[name] = submitted(cycle, name=name)
        admin_client_2fa.post(decision_url(cycle, applications[name]), {"decision": decision})

    first = admin_client_2fa.post(release_url(cycle), {"confirm": "1"}, follow=True)
    assert first.redirect_chain[-1][0] == ranking_url(cycle)
    assert "Released 3 decisions (1 awarded)" in " ".join(messages_of(first))
    second = admin_client_2fa.post(release_url(cycle), {"confirm": "1"}, follow=True)
    assert any("Nothing was sent" in message for message in messages_of(second))

    emails = OutboundEmail.objects.filter(template__startswith=DECISION_EMAILS)
    assert sorted(emails.values_list("to_email", "template")) == sorted(
        [
            (applications["Ada Lovelace"].created_by.email, "awards/email/decision_awarded"),
            (applications["Grace Hopper"].created_by.email, "awards/email/decision_waitlisted"),
            (applications["Katherine Johnson"].created_by.email, "awards/email/decision_declined"),
        ]
    )
    recipient = Recipient.objects.get()
    assert recipient.name == "Ada Lovelace" and recipient.year == cycle.year
    assert "nothing to release" in text(admin_client_2fa.get(release_url(cycle)))
    ranking = ranking_rows(text(second))
    assert {row["decision"] for row in ranking} == {"Awarded", "Waiting list", "Not selected"}


def test_an_awarded_nomination_writes_to_the_nominator_and_the_candidate(admin_client_2fa, cycle):
    cycle.intake = AwardCycle.Intake.BOTH
    cycle.save()
    nominator = make_member(first_name="Nora", last_name="Nominator")
    nomination = ApplicationFactory(
        cycle=cycle,
        kind=Application.Kind.NOMINATION,
        created_by=nominator,
        candidate=None,
        candidate_name="Cand Idate",
        candidate_email="candidate@example.org",
        candidate_institution="Somewhere",
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    admin_client_2fa.post(decision_url(cycle, nomination), {"decision": "awarded"})
    html = text(admin_client_2fa.get(release_url(cycle)))
    assert re.search(r"Awarded</th><td>1</td><td>2</td>", html)
    assert "Dear colleague" in html
    admin_client_2fa.post(release_url(cycle), {"confirm": "1"})
    emails = OutboundEmail.objects.filter(template="awards/email/decision_awarded")
    assert sorted(emails.values_list("to_email", flat=True)) == sorted(
        [nominator.email, "candidate@example.org"]
    )


def test_releasing_a_travel_award_grants_the_registration_it_promises(
    admin_client_2fa, travel_cycle
):
    application = submitted(travel_cycle, name="Tess Traveller")
    admin_client_2fa.post(decision_url(travel_cycle, application), {"decision": "awarded"})
    preview = text(admin_client_2fa.get(release_url(travel_cycle)))
    assert "A complimentary registration for Cytokines Test Meeting (Award recipient)" in preview
    assert "A complimentary registration for Cytokines Test Meeting is in your account" in preview

    admin_client_2fa.post(release_url(travel_cycle), {"confirm": "1"})
    registration = Registration.objects.get(user=application.candidate)
    assert registration.category == travel_cycle.registration_category
    assert registration.is_complimentary


# --- Applications, reviews and recipients -------------------------------------------------------


def test_the_application_page_shows_files_referees_reviews_and_conflicts(admin_client_2fa, cycle):
    application = submitted(cycle, name="Ada Lovelace")
    document = Document(
        application=application, kind="cv", original_name="ada-cv.pdf", size=900, pages=1
    )
    document.file.save("cv.pdf", ContentFile(pdf_bytes()), save=True)
    RefereeRequestFactory(
        application=application,
        name="Charles Babbage",
        email="charles@example.org",
        expires_at=cycle.closes_at,
    )
    reviewer = reviewer_on(cycle, name="Rita Reviewer")
    review = scored(application, reviewer, "4.00")
    review.comment = "Visionary."
    review.save()
    ConflictFactory(
        application=application,
        reviewer=UserFactory(first_name="Con", last_name="Flicted"),
        reason="Former supervisor",
    )

    html = text(
        admin_client_2fa.get(reverse("admin:awards_application_change", args=[application.pk]))
    )
    file_url = reverse("awards:file", kwargs={"document_id": document.pk})
    assert f'<a href="{file_url}">ada-cv.pdf</a>' in html
    assert "Charles Babbage" in html and "charles@example.org" in html
    assert "Science 4 · Promise 4" in html and "Visionary." in html
    assert "Former supervisor" in html
    # Read-only: no save button, and nothing can be posted.
    assert 'name="_save"' not in html
    response = admin_client_2fa.post(
        reverse("admin:awards_application_change", args=[application.pk]),
        {"status": "draft", "decision": "awarded"},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted" and application.decision == ""
    assert admin_client_2fa.get(reverse("admin:awards_application_add")).status_code == 403


def test_applications_are_filtered_and_searched(admin_client_2fa, cycle, travel_cycle):
    submitted(cycle, name="Ada Lovelace", institution="Analytical College")
    submitted(travel_cycle, name="Grace Hopper", institution="Navy University")
    url = reverse("admin:awards_application_changelist")
    found = text(admin_client_2fa.get(f"{url}?q=analytical"))
    assert "Ada Lovelace" in found and "Grace Hopper" not in found
    by_cycle = text(admin_client_2fa.get(f"{url}?cycle={travel_cycle.pk}"))
    assert "Grace Hopper" in by_cycle and "Ada Lovelace" not in by_cycle
    assert "Ada Lovelace" in text(admin_client_2fa.get(f"{url}?status__exact=submitted"))


def test_reviews_are_listed_and_filtered_by_submission(admin_client_2fa, cycle):
    reviewer = reviewer_on(cycle, name="Rita Reviewer")
    scored(submitted(cycle, name="Ada Lovelace"), reviewer, "4.00")
    scored(submitted(cycle, name="Grace Hopper"), reviewer, None)
    url = reverse("admin:awards_review_changelist")
    done = text(admin_client_2fa.get(f"{url}?submitted=yes"))
    assert "Ada Lovelace" in done and "Grace Hopper" not in done
    open_ = text(admin_client_2fa.get(f"{url}?submitted=no"))
    assert "Grace Hopper" in open_ and "Ada Lovelace" not in open_


def test_staff_enter_a_recipient_of_an_earlier_year(admin_client_2fa, young_investigator_program):
    response = admin_client_2fa.post(
        reverse("admin:awards_recipient_add"),
        {
            "program": young_investigator_program.pk,
            "year": 2012,
            "name": "Marie Curie",
            "institution": "Sorbonne",
            "citation": "For radioactivity",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    recipient = Recipient.objects.get()
    assert (recipient.name, recipient.year, recipient.is_public) == ("Marie Curie", 2012, True)
    assert AuditEntry.objects.filter(action="recipient.create").exists()
    listed = text(admin_client_2fa.get(reverse("admin:awards_recipient_changelist") + "?q=curie"))
    assert "Marie Curie" in listed


# --- The ranking page's queries do not grow -----------------------------------------------------

RANKING_QUERIES = 5


def populate(cycle, *, applications: int, reviewers: int, tag: str):
    """`applications` submitted applications, each reviewed by three of `reviewers` panel
    members (two submitted), some decided and some released, built in bulk."""
    now = timezone.now()
    people = User.objects.bulk_create(
        [
            User(email=f"{tag}-person-{n}@example.org", first_name=f"P{n}", last_name=tag)
            for n in range(applications + reviewers)
        ]
    )
    candidates, panel = people[:applications], people[applications:]
    PanelMember.objects.bulk_create([PanelMember(cycle=cycle, reviewer=user) for user in panel])
    decisions = ["", "awarded", "waitlisted", "declined"]
    rows = Application.objects.bulk_create(
        [
            Application(
                cycle=cycle,
                created_by=user,
                candidate=user,
                candidate_name=f"Candidate {tag} {n}",
                candidate_email=user.email,
                candidate_institution=f"Institute {n}",
                status=Application.Status.SUBMITTED,
                submitted_at=now,
                decision=decisions[n % 4],
                decision_released_at=now if n % 8 == 3 else None,
            )
            for n, user in enumerate(candidates)
        ]
    )
    reviews = Review.objects.bulk_create(
        [
            Review(
                application=application,
                reviewer=panel[(n + k) % reviewers],
                weighted_score=Decimal(1 + (n * 7 + k * 3) % 40 / 10) if k < 2 else None,
                submitted_at=now if k < 2 else None,
            )
            for n, application in enumerate(rows)
            for k in range(3)
        ]
    )
    criteria = list(cycle.criteria.all())
    Score.objects.bulk_create(
        [
            Score(review=review, criterion=criterion, value=3)
            for review in reviews
            if review.submitted_at
            for criterion in criteria
        ]
    )


def test_the_ranking_page_runs_the_same_queries_at_any_size(
    admin_client_2fa, young_investigator_program, travel_program
):
    small = open_cycle_for(young_investigator_program)
    large = open_cycle_for(travel_program)
    populate(small, applications=5, reviewers=3, tag="small")
    populate(large, applications=200, reviewers=30, tag="large")

    counts = {}
    for cycle, size in [(small, 5), (large, 200)]:
        url = ranking_url(cycle)

        def load(url=url, size=size):
            response = admin_client_2fa.get(url)
            assert response.status_code == 200
            assert len(ranking_rows(text(response))) == size

        counts[size], queries = count_queries(load)
        assert counts[size] == RANKING_QUERIES, "\n".join(queries)
    assert counts[5] == counts[200]


@pytest.mark.parametrize(
    ("changelist", "expected"),
    [
        ("admin:awards_application_changelist", 8),
        ("admin:awards_review_changelist", 8),
        ("admin:awards_awardcycle_changelist", 9),
        ("admin:awards_recipient_changelist", 7),
    ],
)
def test_the_lists_run_the_same_queries_at_any_size(admin_client_2fa, changelist, expected):
    grown = []

    def grow(n):
        tag = f"grow{len(grown)}"
        program = AwardProgramFactory(name=f"Prize {tag}", slug=tag)
        cycle = open_cycle_for(program)
        populate(cycle, applications=n, reviewers=3, tag=tag)
        Recipient.objects.bulk_create(
            [Recipient(program=program, year=2000 + k, name=f"R{k}") for k in range(n)]
        )
        grown.append(cycle)

    url = reverse(changelist)
    assert_queries_at_sizes(
        expected=expected, grow=grow, action=lambda: admin_client_2fa.get(url).status_code
    )


def test_staff_record_a_conflict_and_the_reviewers_open_assignment_goes(
    admin_client_2fa, travel_cycle
):
    applicant = make_member(member=False)
    application = ApplicationFactory(
        cycle=travel_cycle,
        created_by=applicant,
        candidate_name="Conflicted Candidate",
        status="submitted",
    )
    reviewer = make_member(institution="Far Away Institute")
    PanelMemberFactory(cycle=travel_cycle, reviewer=reviewer)
    services.review_assign(application_id=application.pk, reviewer=reviewer, actor=None)

    response = admin_client_2fa.post(
        reverse("admin:awards_application_conflict", args=[application.pk]),
        {"reviewer": reviewer.pk, "reason": "Former supervisor"},
        follow=True,
    )

    assert "Conflict recorded" in response.content.decode()
    assert Conflict.objects.get(application=application, reviewer=reviewer).reason == (
        "Former supervisor"
    )
    assert not Review.objects.filter(application=application, reviewer=reviewer).exists()
    result = services.reviews_assign_automatic(cycle=travel_cycle, actor=None)
    assert not Review.objects.filter(application=application, reviewer=reviewer).exists()
    assert result.short == [(application, 0)]
