class TournamentError(Exception):
    """Something the person asked cannot be done; the message says why, for them."""
