"""When a session's live stream is shown: the one rule, for the session page and anything else
that asks "is it on now?". Times are the session's own, in the meeting's time zone
(`Session.starts_at`/`ends_at`)."""

from datetime import datetime, timedelta
from enum import StrEnum

# The stream opens this long before the session starts, so attendees can join in time.
LIVE_OPENS_BEFORE = timedelta(minutes=15)


class LiveState(StrEnum):
    UPCOMING = "upcoming"  # not open yet: the page says when it starts
    LIVE = "live"  # from LIVE_OPENS_BEFORE the start until the end: the stream is shown
    ENDED = "ended"  # the page points to the recordings


def live_opens_at(session) -> datetime:
    return session.starts_at - LIVE_OPENS_BEFORE


def live_state(session, now: datetime) -> LiveState:
    if now < live_opens_at(session):
        return LiveState.UPCOMING
    if now < session.ends_at:
        return LiveState.LIVE
    return LiveState.ENDED
