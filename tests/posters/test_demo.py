"""The demo: Cytokines 2021's accepted poster abstracts become posters, each with a generated
one-page A0 PDF marked as a demo and a meet-the-presenter time, and its previews queued for the
worker as a presenter's upload queues them; loading again makes nothing."""

import io

import pytest
from pypdf import PdfReader

from meetings.abstracts.models import Abstract
from meetings.demo import cytokines_2021
from meetings.posters import demo, previews
from meetings.posters.models import Poster, PresenterSlot

pytestmark = pytest.mark.django_db


def test_the_2021_posters_have_files_and_times_and_a_second_load_makes_nothing(demo_content):
    meeting = cytokines_2021()
    accepted = Abstract.objects.filter(
        call__meeting=meeting, decision=Abstract.Decision.POSTER, status="submitted"
    ).count()

    again = demo.load(meeting)

    assert accepted > 10
    assert again == {"posters": 0, "files": 0, "slots": 0}
    posters = Poster.objects.filter(meeting=meeting)
    assert posters.count() == accepted
    assert not posters.filter(file="").exists()
    assert set(posters.values_list("preview_state", flat=True)) == {Poster.PreviewState.QUEUED}
    assert PresenterSlot.objects.filter(poster__meeting=meeting).count() == accepted
    poster = posters.exclude(board_number="").order_by("board_number").first()
    with poster.file.open("rb") as file:
        pdf = PdfReader(io.BytesIO(file.read()))
    assert len(pdf.pages) == 1
    assert round(float(pdf.pages[0].mediabox.height) / 72 * 25.4) == 1189  # A0, in mm
    text = pdf.pages[0].extract_text()
    assert "DEMO POSTER" in text and poster.board_number in text
    assert poster.presenter_name in text
    assert poster.abstract.authors.first().name in text

    assert previews.preview_make(poster_id=poster.pk, file_name=poster.file.name) == "ready"
    poster.refresh_from_db()
    assert poster.preview_height == 2400
