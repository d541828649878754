class MembershipError(Exception):
    """A membership request that cannot be carried out; the message says why, for the member."""
