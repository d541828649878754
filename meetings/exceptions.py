class RegistrationError(Exception):
    """A registration request that cannot be carried out; the message says why."""


class SoldOut(RegistrationError):
    """No place is left in the meeting or the category: the waitlist is offered instead."""
