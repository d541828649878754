"""Prize draws: made once, after the tournament closes, from a seed recorded with the draw.

The eligible list is fixed by a deterministic order (`selectors.draw_eligible`), and the winners
are `random.Random(seed).sample(eligible, n)`: anyone with the seed and the ledger gets the same
winners (`prize_draw_verify`). The seed comes from `secrets`, so nobody can choose it."""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue

from .. import selectors
from ..audit import TournamentAction
from ..exceptions import TournamentError
from ..models import PrizeDraw, PrizeWinner
from .ledger import tournament_closes_at


def winners_pick(eligible: list[int], *, seed: str, count: int) -> list[int]:
    """The winners among `eligible` (in its fixed order) for `seed`, in the order drawn."""
    # Reproducible by design: the seed is secret-random (`secrets`), the pick must be replayable.
    return random.Random(seed).sample(  # noqa: S311  # nosec B311
        eligible, min(count, len(eligible))
    )


@transaction.atomic
def prize_draw_run(
    *,
    draw_id: int,
    actor,
    now: datetime | None = None,
    seed: str | None = None,
    email_winners: bool = True,
) -> PrizeDraw:
    """Draw the winners of a prize, once, and email each of them once. Raises TournamentError
    when the tournament is still open or the prize was drawn before (also by someone else a
    moment ago). `seed` is for replaying a draw made elsewhere (the demo); normally it is new."""
    now = now or timezone.now()
    draw = lock_one(PrizeDraw.objects.select_related("tournament__meeting"), pk=draw_id)
    if draw.drawn_at:
        raise TournamentError(f"“{draw.name}” was drawn on {draw.drawn_at:%d %B %Y at %H:%M}.")
    if now < tournament_closes_at(draw.tournament):
        raise TournamentError("The tournament is still open: draw once it has closed.")
    eligible = selectors.draw_eligible(draw)
    draw.seed = seed or secrets.token_hex(32)
    picked = winners_pick(eligible.user_ids, seed=draw.seed, count=draw.winners_count)
    draw.eligible_count = len(eligible.user_ids)
    draw.eligible_digest = eligible.digest
    draw.drawn_at = now
    draw.drawn_by = actor if getattr(actor, "is_authenticated", False) else None
    draw.save()
    winners = PrizeWinner.objects.bulk_create(
        PrizeWinner(draw=draw, user_id=user_id, position=n, points=eligible.points[user_id])
        for n, user_id in enumerate(picked, start=1)
    )
    audit_record(
        actor=actor,
        action=TournamentAction.PRIZE_DRAWN,
        target=draw,
        data={
            "seed": draw.seed,
            "eligible": draw.eligible_count,
            "eligible_digest": draw.eligible_digest,
            "winners": picked,
        },
        now=now,
    )
    if email_winners:
        for winner in PrizeWinner.objects.filter(pk__in=[w.pk for w in winners]).select_related(
            "user"
        ):
            email_queue(
                to=winner.user.email,
                template="tournament/email/prize_won",
                context={
                    "name": winner.user.get_full_name() or winner.user.email,
                    "prize": draw.name,
                    "meeting": draw.tournament.meeting.name,
                    "points": winner.points,
                },
                dedupe_key=f"tournament-prize-won:{draw.pk}:{winner.user_id}",
                now=now,
            )
    return draw


@dataclass(frozen=True)
class Verification:
    eligible_matches: bool
    winners_match: bool
    recorded: list[int]
    recomputed: list[int]

    @property
    def matches(self) -> bool:
        return self.eligible_matches and self.winners_match


def prize_draw_verify(draw: PrizeDraw) -> Verification:
    """Redo a recorded draw from its stored seed and today's ledger: the same eligible list
    and the same winners, or not."""
    eligible = selectors.draw_eligible(draw)
    recomputed = winners_pick(eligible.user_ids, seed=draw.seed, count=draw.winners_count)
    recorded = list(draw.winners.order_by("position").values_list("user_id", flat=True))
    return Verification(
        eligible_matches=eligible.digest == draw.eligible_digest,
        winners_match=recorded == recomputed,
        recorded=recorded,
        recomputed=recomputed,
    )
