"""A kind of reviewed thing: the adapter a domain hands the engine.

A domain (awards today, meeting abstracts next) keeps its own tables, built on the abstract
models of `icis.review.models`, and subclasses `ReviewKind` once, naming its models and
answering the questions below. Every engine service and selector takes the kind as `kind=`;
the domain's own services are thin wrappers that pass it, so they keep their names.

Conventions the engine relies on (the names are the kind's attributes):
- the item (application, abstract) has a foreign key `round_field` to its round (cycle,
  call), and the decision columns `decision` (a choice, "" while undecided), `decided_at`,
  `decided_by` and `decision_released_at`;
- the round has `opens_at` and `closes_at` (its calls in progress on the staff dashboard);
- the panel member and the criterion have a foreign key `round_field` to the round;
- the review and the conflict have a foreign key `item_field` to the item and `reviewer` to
  the user; the score has `review` and `criterion` (related name "scores" on the review).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from .algorithms import ItemFacts, ReviewerFacts
from .exceptions import ReviewError


@dataclass(frozen=True)
class Actions:
    """The audit actions the engine records, from the domain's own `audit.py`."""

    review_assigned: models.TextChoices
    reviews_assigned: models.TextChoices
    conflict_declared: models.TextChoices
    conflict_recorded: models.TextChoices
    review_submitted: models.TextChoices
    decision_recorded: models.TextChoices
    decision_released: models.TextChoices
    decisions_released: models.TextChoices


class ReviewKind:
    name: str  # in dedupe keys: "<name>-reviews-assigned:<first review>"
    item_model: type[models.Model]
    round_model: type[models.Model]
    panel_model: type[models.Model]
    conflict_model: type[models.Model]
    review_model: type[models.Model]
    score_model: type[models.Model]
    criterion_model: type[models.Model]
    item_field: str  # "application"
    round_field: str  # "cycle"
    actions: Actions
    error: type[ReviewError] = ReviewError
    # What is under review: lookups on the item ({"status": "submitted"}).
    under_review: dict = {}
    # The decisions staff may record (besides "" for undecided).
    decisions: tuple[str, ...] = ()
    # The item's columns a release sets besides decision_released_at (see decision_release).
    release_fields: tuple[str, ...] = ()
    # Joined when an item is locked to be decided or released.
    decide_related: tuple[str, ...] = ()
    release_related: tuple[str, ...] = ()
    # What staff and reviewers are told; the kind's words for its items.
    not_under_review = "Only submitted items are reviewed."
    not_decidable = "Only submitted items can be decided."
    no_such_item = "There is no such item."
    decision_invalid = "Choose one of the decisions."

    # --- The tables, by the conventions above --------------------------------------------------

    def items_in(self, round):
        return self.item_model.objects.filter(**{self.round_field: round})

    def items_under_review(self, round):
        return self.items_in(round).filter(**self.under_review)

    def is_under_review(self, item) -> bool:
        return all(getattr(item, name) == value for name, value in self.under_review.items())

    def reviews_in(self, round):
        return self.review_model.objects.filter(**{f"{self.item_field}__{self.round_field}": round})

    def reviews_under_review(self, round):
        lookups = {f"{self.item_field}__{name}": value for name, value in self.under_review.items()}
        return self.reviews_in(round).filter(**lookups)

    def item_round_id(self, item) -> int:
        return getattr(item, f"{self.round_field}_id")

    @property
    def item_reviews(self) -> str:
        """The item's reverse name for its reviews ("reviews")."""
        return self.review_model._meta.get_field(self.item_field).related_query_name()

    @property
    def reviewer_reviews(self) -> str:
        """The user's reverse name for their reviews of this kind ("award_reviews")."""
        return self.review_model._meta.get_field("reviewer").related_query_name()

    # --- Reading the domain ---------------------------------------------------------------------

    def label(self, item) -> str:
        """How messages name an item: the candidate, the abstract's title."""
        return str(item)

    def reviews_wanted(self, round) -> int:
        raise NotImplementedError

    def item_facts(self, items: list, *, round) -> dict[int, ItemFacts]:
        """Each item's interests (who may not judge it), institutions and topics."""
        raise NotImplementedError

    def reviewer_facts(self, reviewers: list, *, round) -> list[ReviewerFacts]:
        """Each reviewer's email, institution and topics (None: every topic), in order."""
        raise NotImplementedError

    def review_closed(self, item) -> str:
        """Why reviews of this item can no longer be saved ("" when they can): withdrawn,
        decided and sent."""
        return ""

    def is_blind(self, item) -> bool:
        """Whether reviewers are shown the item without its authors and affiliations; the
        domain's reviewer page asks this."""
        return False

    # --- Telling people ---------------------------------------------------------------------------

    def assignment_email(
        self, round, reviewer, reviews: list, *, assigned: int
    ) -> tuple[str, dict]:
        """The template and context of the one email telling a reviewer of new assignments."""
        raise NotImplementedError

    # --- Decisions --------------------------------------------------------------------------------

    def decision_reopens(self, item, decision: str) -> bool:
        """Whether a released decision may still change to `decision` (and be sent again)."""
        return False

    def decision_final(self, item) -> str:
        """Why a released decision cannot change."""
        return "This decision has been sent; it is final."

    def decision_details(self, item, **details) -> list[str]:
        """Set the kind's own columns recorded with a decision (a citation); their names."""
        return []

    def decision_release(self, item, *, actor, now: datetime) -> str:
        """Apply what the decision grants and queue its emails (once each: a unique dedupe
        key), inside the release's transaction; set any of `release_fields`. Returns a note
        for staff ("" when all went well)."""
        raise NotImplementedError
