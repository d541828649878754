"""News' domain errors; views and the admin show their messages."""


class ResearchNewsError(Exception):
    """A research news request that cannot be carried out; the message says why. `field` names
    the form field it is about, or is None when it is about the whole request."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
