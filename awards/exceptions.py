class AwardError(Exception):
    """An award request that cannot be carried out; the message says why, for the person."""


class CallClosed(AwardError):
    """The call's deadline has passed (or it has not opened): nothing can be changed."""


class NotEligible(AwardError):
    """The candidate does not meet the program's rules; the message lists the reasons."""
