class MentorshipError(Exception):
    """A mentorship step that cannot be taken; the message says why, in the member's words."""
