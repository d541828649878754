"""What the engine's services share: locking one row, and the conflicts declared in a round."""

from icis.core.locks import lock_one

from ..kinds import ReviewKind


def locked_or_none(queryset, *, of: tuple[str, ...] = (), skip_locked: bool = False, **lookup):
    """The one row `lookup` finds (a primary key or a unique constraint), locked; None when
    there is none (or, with `skip_locked`, when someone else holds it)."""
    model = queryset if isinstance(queryset, type) else queryset.model
    try:
        return lock_one(queryset, of=of, skip_locked=skip_locked, **lookup)
    except model.DoesNotExist:
        return None


def declared_in(kind: ReviewKind, round) -> set[tuple[int, int]]:
    """(item id, reviewer id) of every conflict declared or recorded in the round."""
    return set(
        kind.conflict_model.objects.filter(
            **{f"{kind.item_field}__{kind.round_field}": round}
        ).values_list(f"{kind.item_field}_id", "reviewer_id")
    )
