"""What refuses an abstract. `field` names the form field the message belongs beside (None:
the whole form), so the page shows it in place and keeps the text."""


class AbstractError(Exception):
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        if field is not None:
            self.field = field


class CallClosed(AbstractError):
    """The call takes no abstracts now (closed, or not open yet)."""


class NotEditable(AbstractError):
    """Withdrawn, or not the person's own."""


class Refused(AbstractError):
    """Several things to fix at once, each with the field it belongs beside."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        super().__init__(" ".join(message for _, message in problems))
        self.problems = problems

    def __str__(self) -> str:
        return " ".join(message for _, message in self.problems)
