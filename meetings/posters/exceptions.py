class PosterError(Exception):
    """A poster change that cannot be made, with a sentence the person can act on."""
