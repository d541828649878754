"""An abstract's stored search document follows its authors, however they are written: site
search finds it by the names it has now, not by the ones it had."""

import pytest
from django.urls import reverse

from meetings.abstracts.models import Abstract, Author

from .published import published_abstract

pytestmark = pytest.mark.django_db


def _found(client, abstract, q: str) -> bool:
    url = reverse("abstracts:accepted_detail", args=[abstract.call.meeting.slug, abstract.pk])
    return url in client.get(reverse("search"), {"q": q}).content.decode()


def test_an_author_added_renamed_or_removed_later_changes_what_finds_the_abstract(client, call):
    abstract = published_abstract(call, title="Interferon lambda in the gut", authors=())
    assert not _found(client, abstract, "Quaranta")

    Author.objects.bulk_create([Author(abstract=abstract, position=1, name="Ines Quaranta")])
    assert _found(client, abstract, "Quaranta")

    Author.objects.filter(abstract=abstract).update(name="Ines Marchetti")
    assert _found(client, abstract, "Marchetti") and not _found(client, abstract, "Quaranta")

    Author.objects.filter(abstract=abstract).delete()
    assert not _found(client, abstract, "Marchetti")
    assert _found(client, abstract, "lambda")


def test_a_title_changed_by_an_update_is_found_by_its_new_words(client, call):
    abstract = published_abstract(call, title="Interferon lambda in the gut")

    Abstract.objects.filter(pk=abstract.pk).update(title="Interleukin-22 in the skin")

    assert _found(client, abstract, "skin") and not _found(client, abstract, "lambda")
    # The authors, written before, still find it.
    assert _found(client, abstract, "Okafor")
