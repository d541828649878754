"""Prize draws: once, after closing, from a recorded seed that gives the same winners again;
hidden players take part; each winner is emailed once; staff verify; the ledger is read-only
in the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from icis.core.locks import LockBusy
from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from meetings.tournament import selectors
from meetings.tournament.audit import TournamentAction
from meetings.tournament.exceptions import TournamentError
from meetings.tournament.models import PrizeDraw, PrizeWinner
from meetings.tournament.services import board_hiding_set, prize_draw_run, winners_pick
from tests.concurrency import race
from tests.factories.tournament import PrizeDrawFactory
from tests.factories.virtual import TournamentFactory, VirtualMeetingFactory
from tests.tournament.helpers import players_add


def _closed_tournament():
    tournament = TournamentFactory(closes_at=timezone.now() - timedelta(hours=1))
    start = timezone.now() - timedelta(days=1)
    players = [
        *players_add(tournament, 6, points=30, at=start),
        *players_add(tournament, 6, points=10, at=start),
    ]
    return tournament, players


@pytest.fixture
def closed(db):
    return _closed_tournament()


def _verify(client, draw):
    return client.get(reverse("admin:tournament_prizedraw_verify", args=[draw.pk]))


def test_the_draw_is_redone_from_its_seed_on_the_verify_page(closed, admin_client_2fa):
    tournament, players = closed
    draw = PrizeDrawFactory(tournament=tournament, winners_count=3, threshold=20)

    response = admin_client_2fa.post(reverse("admin:tournament_prizedraw_run", args=[draw.pk]))

    draw.refresh_from_db()
    assert response.status_code == 302
    assert len(draw.seed) == 64 and draw.eligible_count == 6
    winners = list(draw.winners.values_list("user_id", flat=True))
    assert winners == winners_pick(selectors.draw_eligible(draw).user_ids, seed=draw.seed, count=3)
    assert set(winners) <= {user.pk for user in players[:6]}  # 30 points each
    page = _verify(admin_client_2fa, draw).content.decode()
    assert "Verified: the draw redone from its seed gives the same winners." in page
    assert draw.seed in page

    # A recorded winner changed behind the draw's back: the verify page says so.
    first = draw.winners.get(position=1)
    first.user = next(user for user in players[:6] if user.pk not in winners)
    first.save()
    assert "Not verified" in _verify(admin_client_2fa, draw).content.decode()


def test_the_same_seed_gives_the_same_winners_and_another_seed_others():
    eligible = list(range(1, 1001))

    assert winners_pick(eligible, seed="ab" * 32, count=5) == winners_pick(
        list(eligible), seed="ab" * 32, count=5
    )
    assert winners_pick(eligible, seed="ab" * 32, count=5) != winners_pick(
        eligible, seed="cd" * 32, count=5
    )


def test_the_top_n_are_eligible_in_their_order_and_hidden_players_take_part(closed):
    tournament, players = closed
    for user in players[:6]:
        board_hiding_set(tournament=tournament, user=user, hidden=True)
    draw = PrizeDrawFactory(tournament=tournament, rule=PrizeDraw.Rule.TOP, threshold=4)

    eligible = selectors.draw_eligible(draw)

    assert eligible.user_ids == [user.pk for user in players[:4]]  # first to 30 first


def test_a_draw_before_closing_is_refused(db):
    tournament = TournamentFactory()
    players_add(tournament, 3, at=timezone.now())
    draw = PrizeDrawFactory(tournament=tournament)

    with pytest.raises(TournamentError, match="still open"):
        prize_draw_run(draw_id=draw.pk, actor=None)

    assert not PrizeWinner.objects.exists()


def test_each_winner_is_emailed_once_and_the_draw_is_audited(closed, staff_user):
    tournament, _ = closed
    draw = PrizeDrawFactory(tournament=tournament, winners_count=4, threshold=5)

    prize_draw_run(draw_id=draw.pk, actor=staff_user)
    with pytest.raises(TournamentError, match="was drawn on"):
        prize_draw_run(draw_id=draw.pk, actor=staff_user)

    winners = {winner.user.email for winner in draw.winners.select_related("user")}
    emails = OutboundEmail.objects.filter(dedupe_key__startswith=f"tournament-prize-won:{draw.pk}:")
    assert sorted(emails.values_list("to_email", flat=True)) == sorted(winners)
    assert len(winners) == 4
    assert "you won A year's journal subscription" in emails.first().subject
    entry = AuditEntry.objects.get(action=TournamentAction.PRIZE_DRAWN)
    assert entry.data["seed"] == PrizeDraw.objects.get(pk=draw.pk).seed


def test_a_draw_is_made_once_when_two_staff_run_it_at_once(transactional_db):
    tournament, _ = _closed_tournament()
    draw = PrizeDrawFactory(tournament=tournament, winners_count=2, threshold=5)

    outcomes = race([lambda: prize_draw_run(draw_id=draw.pk, actor=None)] * 3)

    drawn = [outcome for outcome in outcomes if isinstance(outcome, PrizeDraw)]
    refused = [o for o in outcomes if isinstance(o, (TournamentError, LockBusy))]
    assert len(drawn) == 1 and len(refused) == 2, outcomes
    assert PrizeWinner.objects.filter(draw=draw).count() == 2
    assert OutboundEmail.objects.filter(dedupe_key__startswith="tournament-prize-won:").count() == 2


def test_a_hidden_winner_is_named_to_staff_on_the_verify_page(closed, admin_client_2fa):
    tournament, players = closed
    for user in players:
        board_hiding_set(tournament=tournament, user=user, hidden=True)
    draw = PrizeDrawFactory(tournament=tournament, winners_count=1, threshold=5)
    prize_draw_run(draw_id=draw.pk, actor=None)
    winner = draw.winners.get().user

    page = _verify(admin_client_2fa, draw).content.decode()

    assert f"({winner.email}) · hidden from the board" in page


@pytest.mark.django_db
def test_the_ledger_is_read_only_in_the_admin(admin_client_2fa):
    _, players = _closed_tournament()
    event = players[0].point_events.get()

    listing = admin_client_2fa.get(reverse("admin:tournament_pointevent_changelist"))
    add = admin_client_2fa.get(reverse("admin:tournament_pointevent_add"))
    delete = admin_client_2fa.post(
        reverse("admin:tournament_pointevent_delete", args=[event.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert add.status_code == 403
    assert delete.status_code == 403
    assert players[0].point_events.exists()


def test_a_recorded_draw_cannot_be_changed_or_deleted_in_the_admin(closed, admin_client_2fa):
    tournament, _ = closed
    draw = PrizeDrawFactory(tournament=tournament, winners_count=1, threshold=5)
    prize_draw_run(draw_id=draw.pk, actor=None)

    admin_client_2fa.post(
        reverse("admin:tournament_prizedraw_change", args=[draw.pk]),
        {"name": "Renamed", "winners_count": "5", "rule": "top", "threshold": "1"},
    )
    delete = admin_client_2fa.post(
        reverse("admin:tournament_prizedraw_delete", args=[draw.pk]), {"post": "yes"}
    )

    draw.refresh_from_db()
    assert draw.name == "A year's journal subscription" and draw.winners_count == 1
    assert delete.status_code == 403


@pytest.mark.django_db
def test_staff_set_up_a_tournament_with_its_rules_and_each_is_audited(admin_client_2fa):
    meeting = VirtualMeetingFactory()

    response = admin_client_2fa.post(
        reverse("admin:tournament_tournament_add"),
        {
            "meeting": meeting.pk,
            "leaderboard_size": "15",
            "rules-TOTAL_FORMS": "1",
            "rules-INITIAL_FORMS": "0",
            "rules-0-action": "poster_open",
            "rules-0-points": "5",
            "rules-0-daily_cap": "10",
        },
    )

    assert response.status_code == 302
    assert meeting.tournament.rules.get().daily_cap == 10
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "tournament.create",
        "pointrule.create",
    }
