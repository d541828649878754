"""Pictures in Chromium: the leadership and partners pages, the meeting's banner, and the home
page's sponsor logos, each checked by axe-core, with every picture loaded (none broken) and
drawn at the size its width and height reserve. Screenshots of the home page at 1280 and
390 px wide go to test-results/screenshots/ (home-1280.png, home-390.png)."""

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PICTURES = """() => Array.from(document.querySelectorAll('main img')).map(img => ({
    src: img.currentSrc, alt: img.alt, loading: img.loading, loaded: img.complete,
    natural: img.naturalWidth, width: img.getAttribute('width'),
    height: img.getAttribute('height')}))"""


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def pictures_of(checked_page) -> list[dict]:
    page = checked_page.page
    # Lazy pictures load when they come near the screen: scroll through the page first.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('main img')).every(img => img.complete)"
    )
    return page.evaluate(PICTURES)


def test_pictures_on_the_new_pages_load_with_their_sizes_and_alt_text(checked_page, demo):
    checked_page.goto("/about/leadership/")
    photos = pictures_of(checked_page)
    assert len(photos) >= 6  # the current officers' and council's portraits
    for photo in photos:
        assert photo["natural"] > 0, photo  # loaded, not broken
        assert photo["alt"].startswith("Placeholder portrait of")
        assert photo["width"] and photo["height"] and photo["loading"] == "lazy"
    assert checked_page.page.get_by_role("heading", name="Past officers and council").is_visible()

    checked_page.goto("/about/partners/")
    logos = pictures_of(checked_page)
    assert [logo["alt"] for logo in logos] == [
        "Example Cytokine Foundation (fictional)",
        "Sample Interferon Research Network (fictional)",
        "Demo Journal of Signalling (fictional)",
    ]
    assert all(logo["natural"] > 0 for logo in logos)

    checked_page.goto("/meetings/cytokines-2021/")
    banner, *rest = pictures_of(checked_page)
    assert banner["loading"] == "eager" and banner["natural"] > 0
    assert banner["alt"].startswith("Cytokines 2021")
    assert rest and all(p["loading"] == "lazy" and p["natural"] > 0 for p in rest)
    assert checked_page.page.get_by_role("heading", name="Society Partners").is_visible()


def test_the_home_page_shows_sponsor_logos_at_desktop_and_phone_widths(checked_page, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = checked_page.page
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        checked_page.goto("/")
        logos = pictures_of(checked_page)
        assert logos and all(logo["natural"] > 0 and logo["alt"] for logo in logos)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"home-{width}.png"), full_page=True)
