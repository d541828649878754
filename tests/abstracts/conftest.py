import pytest

from meetings.abstracts.services import AbstractContent, AuthorEntry
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory


@pytest.fixture
def call(db):
    """An open call on an announced meeting, with two topics and a 100-character limit."""
    call = AbstractCallFactory(
        meeting__slug="cytokines-2027", meeting__name="Cytokines 2027", body_limit=100
    )
    AbstractTopicFactory(call=call, name="Interferons and antiviral immunity", position=1)
    AbstractTopicFactory(call=call, name="Cytokines in cancer", position=2)
    return call


@pytest.fixture
def submitter(db):
    return UserFactory(first_name="Ada", last_name="Okafor", email="ada@example.org")


def content_for(call, **changes) -> AbstractContent:
    """Complete content a call accepts; `changes` replace any part."""
    values = {
        "title": "IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells",
        "topic_id": call.topics.first().pk,
        "preference": "poster",
        "body": "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}.",
        "keywords": "IL-1\u03b2, interferon",
        "conflicts": "None",
        "publication_consent": True,
        "authors": (
            AuthorEntry(
                name="Ada Okafor",
                email="ada@example.org",
                affiliation_numbers=(1,),
                is_presenting=True,
            ),
            AuthorEntry(name="Bram de Vries", affiliation_numbers=(1, 2)),
        ),
        "affiliations": ("Institute of Immunology, Cardiff", "Virology Unit, Leiden"),
    }
    return AbstractContent(**(values | changes))
