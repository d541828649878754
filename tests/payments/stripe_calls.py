"""Counting what the site asks of Stripe, and what it writes, while a page is served."""

import re
import socket

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


@pytest.fixture
def stripe_unreachable(settings):
    """Stripe does not answer: the site's API address is a port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.STRIPE = {**settings.STRIPE, "api_base": f"http://127.0.0.1:{port}"}
