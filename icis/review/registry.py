"""The kinds of reviewed things a reviewer may have to do, so one page (`/my/reviews/`) lists
them all without the engine importing a domain: each domain registers, from its AppConfig's
`ready()`, a function giving one user's section of that page."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReviewRow:
    """One assignment on the reviewer's list."""

    url: str
    title: str  # what is reviewed, as the reviewer may see it (no author on a blind review)
    round: str  # the award cycle, the meeting's call
    detail: str = ""  # a topic, a candidate
    submitted: bool = False
    score: object = None


@dataclass(frozen=True)
class ReviewSection:
    heading: str
    rows: list[ReviewRow] = field(default_factory=list)


_SECTIONS: dict[str, Callable[..., ReviewSection]] = {}


def reviewer_section(name: str, section: Callable[..., ReviewSection]) -> None:
    """Register `section(user=...) -> ReviewSection` under `name` (once; again replaces)."""
    _SECTIONS[name] = section


def reviewer_sections(*, user, exclude: tuple[str, ...] = ()) -> list[ReviewSection]:
    """Every registered kind's section for this user that has rows, in registration order.
    Each section runs a fixed number of queries."""
    sections = [section(user=user) for name, section in _SECTIONS.items() if name not in exclude]
    return [section for section in sections if section.rows]
