"""An erased account's own abstract is not left printed in a book staff can still download."""

import pytest
from django.core.files.storage import storages

from meetings.abstracts import book as books
from meetings.abstracts.models import Abstract, AbstractBook
from members.services import account_delete
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory

from .published import published_abstract


def _built(call, staff_user) -> AbstractBook:
    started = books.book_build_start(call_id=call.pk, user=staff_user)
    return books.book_build(book_id=started.pk)


@pytest.mark.django_db
def test_erasing_an_author_discards_the_book_that_prints_their_abstract(
    call, staff_user, django_capture_on_commit_callbacks
):
    leaving = UserFactory(first_name="Lena", last_name="Leaving")
    published_abstract(call, submitter=leaving, title="IL-1\u03b2 in leaving cells")
    staying = published_abstract(call, title="IFN-\u03b3 stays")
    elsewhere = AbstractCallFactory()
    AbstractTopicFactory(call=elsewhere)
    published_abstract(elsewhere, title="Elsewhere")
    with django_capture_on_commit_callbacks(execute=True):
        book = _built(call, staff_user)
        other_book = _built(elsewhere, staff_user)
    assert storages["private"].exists(book.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=leaving, actor=leaving)

    assert not AbstractBook.objects.filter(call=call).exists()
    assert not storages["private"].exists(book.file.name)
    assert AbstractBook.objects.filter(pk=other_book.pk).exists()  # prints nothing of theirs
    assert storages["private"].exists(other_book.file.name)
    assert Abstract.objects.filter(pk=staying.pk).exists()
