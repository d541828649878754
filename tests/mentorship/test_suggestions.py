"""Trainees are suggested mentors who share their interests, never at their own institution
unless they ask, never one who declined them; mentors must be members beyond the trainee
stage, and the suggestions take the same queries for 50 mentors as for 2,000."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members import selectors as member_selectors
from members.models import CareerStage
from mentorship import selectors, services
from mentorship.exceptions import MentorshipError
from mentorship.models import Format, Offer
from tests.factories.mentorship import member, mentor, mentors_bulk, trainee
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


def names(suggestions):
    return [suggestion.mentor.user.last_name for suggestion in suggestions]


def test_mentors_sharing_the_trainees_interests_come_first():
    asker = trainee(research_interests="type I interferon signalling in macrophages")
    mentor(last_name="Unrelated", keywords="bone remodelling", research_interests="osteoclasts")
    mentor(last_name="Close", keywords="macrophages", research_interests="interferon signalling")
    mentor(last_name="Partly", keywords="", research_interests="interferon lambda")

    suggestions = selectors.mentor_suggestions(trainee=asker, topics="grant writing")

    assert names(suggestions) == ["Close", "Partly", "Unrelated"]
    assert suggestions[0].shared == ["interferon", "macrophages", "signalling"]


def test_offer_format_and_time_zone_lift_a_mentor_among_equals():
    asker = trainee()
    mentor(last_name="Far", offers=[Offer.CAREER], time_zone="Asia/Tokyo")
    mentor(
        last_name="Near",
        offers=[Offer.REVIEW],
        formats=[Format.PAIRING],
        time_zone="Europe/Paris",
    )

    suggestions = selectors.mentor_suggestions(
        trainee=asker, offer=Offer.REVIEW, format=Format.PAIRING, time_zone="Europe/London"
    )

    assert names(suggestions) == ["Near", "Far"]


def test_a_mentor_at_the_trainees_own_institution_only_when_asked_for():
    asker = trainee(institution="University of Example")
    mentor(last_name="Colleague", institution="university of example")
    mentor(last_name="Elsewhere", institution="Institute of Elsewhere")

    assert names(selectors.mentor_suggestions(trainee=asker)) == ["Elsewhere"]
    assert sorted(
        names(selectors.mentor_suggestions(trainee=asker, include_own_institution=True))
    ) == ["Colleague", "Elsewhere"]


def test_a_mentor_who_declined_the_trainee_is_never_suggested_again_nor_asked():
    asker = trainee()
    declining = mentor(last_name="Declined")
    mentor(last_name="Other")
    sent = services.request_send(
        trainee=asker, mentor_id=declining.pk, goals="Advice", topics="", format=Format.PAIRING
    )
    services.request_decline(request_id=sent.pk, user=declining.user, note="No time this year")

    assert names(selectors.mentor_suggestions(trainee=asker)) == ["Other"]
    with pytest.raises(MentorshipError):
        services.request_send(
            trainee=asker, mentor_id=declining.pk, goals="Again", topics="", format="pairing"
        )


def test_paused_full_lapsed_and_trainee_mentors_are_not_suggested():
    asker = trainee()
    mentor(last_name="Listed")
    mentor(last_name="Paused", is_paused=True)
    full = mentor(last_name="Full")
    other = trainee(first_name="Tom", institution="Elsewhere U")
    sent = services.request_send(
        trainee=other, mentor_id=full.pk, goals="Goals", topics="", format=Format.PAIRING
    )
    services.request_accept(request_id=sent.pk, user=full.user)
    lapsed = mentor(last_name="Lapsed")
    lapsed.user.memberships.update(
        start_date=timezone.localdate() - timedelta(days=800),
        end_date=timezone.localdate() - timedelta(days=400),
    )
    was_senior = mentor(last_name="NowTrainee")
    was_senior.user.member_profile.career_stage = CareerStage.POSTDOC
    was_senior.user.member_profile.save()

    assert names(selectors.mentor_suggestions(trainee=asker)) == ["Listed"]


def test_only_members_beyond_the_trainee_stage_may_mentor():
    postdoc = trainee()
    not_member = member()
    not_member.memberships.all().delete()

    for user in (postdoc, not_member):
        with pytest.raises(MentorshipError):
            services.mentor_profile_save(
                user=user,
                keywords="",
                offers=[Offer.CAREER],
                formats=[Format.PAIRING],
                capacity=1,
                languages="",
                time_zone="UTC",
                is_paused=False,
            )
    senior = member(first_name="Sen")
    assert (
        services.mentor_profile_save(
            user=senior,
            keywords="cytokines",
            offers=[Offer.CAREER],
            formats=[Format.PAIRING],
            capacity=2,
            languages="English",
            time_zone="UTC",
            is_paused=False,
        ).capacity
        == 2
    )


def test_the_suggestions_take_the_same_queries_for_50_and_2000_mentors():
    asker = trainee(research_interests="macrophage biology")
    grown = [0]

    def grow(count):
        mentors_bulk(count - grown[0], start=grown[0])
        grown[0] = count

    results = []
    assert_queries_at_sizes(
        expected=2,
        grow=grow,
        action=lambda: results.append(
            selectors.mentor_suggestions(trainee=asker, topics="grant writing", limit=10)
        ),
        sizes=(50, 2000),
    )
    assert len(results[-1]) == 10
    assert results[-1][0].shared == ["biology", "grant", "macrophage", "writing"]


@pytest.mark.parametrize(("ended_days_ago", "listed"), [(10, True), (40, False)])
def test_a_mentor_in_the_grace_period_is_still_suggested_as_members_count_standing(
    ended_days_ago, listed
):
    asker = trainee()
    in_grace = mentor(last_name="Grace")
    today = timezone.localdate()
    in_grace.user.memberships.update(
        start_date=today - timedelta(days=365 + ended_days_ago),
        end_date=today - timedelta(days=ended_days_ago),
    )

    assert member_selectors.member_is_active(user=in_grace.user) is listed
    assert names(selectors.mentor_suggestions(trainee=asker)) == (["Grace"] if listed else [])
