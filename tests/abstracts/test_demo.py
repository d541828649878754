"""After the demo loads, the example meeting has an open call and Cytokines 2021 a closed one;
loading it again changes nothing."""

import pytest
from django.core.management import call_command

from meetings.abstracts.models import AbstractCall, AbstractTopic

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_call_and_the_2021_call_closed(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    open_page = client.get("/meetings/example-meeting/abstracts/").content.decode()
    assert "The call is open until" in open_page
    assert "Interferons and antiviral immunity" in open_page
    closed_page = client.get("/meetings/cytokines-2021/abstracts/").content.decode()
    assert "The call for abstracts is closed." in closed_page
    assert "Friday 16 July 2021, 23:59 BST" in closed_page

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (AbstractCall.objects.count(), AbstractTopic.objects.count()) == (2, 8)
