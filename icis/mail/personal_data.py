"""The outbox in the personal-data registry (`icis.accounts.personal_data`): the emails sent
to a person hold their name and address, so they leave the outbox with the account."""

from datetime import datetime

from icis.accounts import personal_data

from .services import emails_forget


def account_erase(*, user, now: datetime) -> None:
    for address in personal_data.account_addresses(user):
        emails_forget(address=address)


def register() -> None:
    personal_data.register("outbox", erase=account_erase, erased=["mail.OutboundEmail"])
