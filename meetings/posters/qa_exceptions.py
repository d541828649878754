class PosterQAError(Exception):
    """A question, answer or vote that cannot be taken; the message says why, for the page."""
