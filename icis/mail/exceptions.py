class MailError(Exception):
    """A request about the outbox that cannot be carried out; the message says why."""
