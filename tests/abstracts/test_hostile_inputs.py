"""Hostile values in every field of the abstract form (and its row counts) are refused in
place or kept as text: never a server error, never HTML on the page."""

import pytest
from django.urls import reverse

from meetings.abstracts.models import Abstract
from tests.abstracts.test_pages import form_data
from tests.test_hostile_inputs import HOSTILE, _no_server_error

pytestmark = pytest.mark.django_db

ROW_COUNTS = ["-1", "1000000000", "1e9", "", "abc", "\u00b2", "21", "55"]


def test_the_abstract_form_refuses_hostile_values_in_place(client, call, submitter):
    client.force_login(submitter)
    url = reverse("abstracts:submit", args=[call.meeting.slug])
    good = form_data(call)
    fields = [name for name in good if "FORMS" not in name] + [
        "authors-2-email",
        "authors-2-affiliations",
    ]
    actions = ("save", "submit", "add_author")
    for name in fields:
        for index, value in enumerate(HOSTILE):
            action = actions[index % len(actions)]
            _no_server_error(client, "post", url, good | {name: value, "action": action})
    for prefix in ("authors", "affiliations"):
        for value in ROW_COUNTS:
            for suffix in ("TOTAL_FORMS", "INITIAL_FORMS"):
                data = good | {f"{prefix}-{suffix}": value}
                _no_server_error(client, "post", url, data)
                _no_server_error(client, "post", url, data | {"action": "add_author"})
        missing = {key: value for key, value in good.items() if not key.startswith(prefix)}
        _no_server_error(client, "post", url, missing)
    assert Abstract.objects.count() <= len(HOSTILE) * len(fields)
    for abstract in Abstract.objects.all():
        page = client.get(abstract.get_absolute_url())
        assert page.status_code == 200
        assert "<script>alert(1)" not in page.content.decode()
    assert "<script>alert(1)" not in client.get(reverse("abstracts:mine")).content.decode()
