class ReviewError(Exception):
    """A review request that cannot be carried out; the message says why, for the person.

    A kind may name its own subclass (`ReviewKind.error`), so its views catch what they always
    have."""
