import pytest

from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory
from tests.factories.posters import PosterSettingsFactory
from tests.factories.virtual import PosterFactory, VirtualMeetingFactory


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory(
        slug="cytokines-virtual", name="Cytokines Virtual", time_zone="Europe/London"
    )


@pytest.fixture
def call(meeting):
    call = AbstractCallFactory(meeting=meeting)
    AbstractTopicFactory(call=call, name="Interferons and antiviral immunity", position=1)
    AbstractTopicFactory(call=call, name="Cytokines in cancer", position=2)
    return call


@pytest.fixture
def presenter(db):
    return UserFactory(first_name="Ada", last_name="Okafor", email="ada.presenter@example.org")


@pytest.fixture
def poster(meeting, presenter):
    PosterSettingsFactory(meeting=meeting)
    return PosterFactory(
        meeting=meeting,
        presenter=presenter,
        presenter_name="Ada Okafor",
        title="IFN-\u03bb keeps the gut epithelium quiet",
        board_number="P1-7",
    )


@pytest.fixture
def presenter_client(client, presenter):
    client.force_login(presenter)
    return client
