"""Counting what the site asks of Stripe, and what it writes, while a page is served."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icis.payments import stripe_gateway

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def stripe_calls(monkeypatch):
    """Every request the site makes to Stripe, by the SDK method called."""
    calls = []
    real = stripe_gateway._call

    def counted(function, *args, **kwargs):
        calls.append(getattr(function, "__qualname__", repr(function)))
        return real(function, *args, **kwargs)

    monkeypatch.setattr(stripe_gateway, "_call", counted)
    return calls


class Writes(CaptureQueriesContext):
    """The INSERT, UPDATE and DELETE statements run inside the block."""

    def __init__(self):
        super().__init__(connection)

    @property
    def statements(self) -> list[str]:
        return [query["sql"] for query in self.captured_queries if WRITE.match(query["sql"])]
