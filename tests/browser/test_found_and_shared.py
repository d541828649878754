"""A search engine's and a link preview's view of the public pages, in Chromium: the home page
describes the society and the meeting page the meeting as JSON-LD data blocks, which the
browser does not run, so the Content-Security-Policy (no 'unsafe-inline' scripts) reports no
violation; every page names its canonical address and its link-preview picture, which is
served; axe-core checks every page."""

import json

import pytest

from meetings import demo as meetings_demo
from news import demo as news_demo

pytestmark = pytest.mark.django_db(transaction=True)

# Recorded from the first moment of every page, before any of its own scripts run.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
"""


def _data_blocks(page) -> list[dict]:
    blocks = page.locator('script[type="application/ld+json"]')
    return [json.loads(blocks.nth(i).text_content()) for i in range(blocks.count())]


def _meta(page, key: str) -> str:
    return page.locator(f'meta[property="{key}"], meta[name="{key}"]').get_attribute("content")


def test_public_pages_describe_themselves_without_breaking_the_csp(checked_page, settings):
    meetings_demo.load()
    news_demo.load(meeting=meetings_demo.cytokines_2021())
    page = checked_page.page
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    origin = settings.SITE_URL

    response = page.goto(checked_page.base_url + "/")
    checked_page.check()
    policy = response.headers["content-security-policy"]
    script_sources = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_sources
    [society] = _data_blocks(page)
    assert society["@type"] == "Organization"
    assert society["name"] == "International Cytokine & Interferon Society"
    assert page.locator('link[rel="canonical"]').get_attribute("href") == f"{origin}/"
    assert page.evaluate("window.__cspViolations") == []
    # The link-preview picture is a real image of the size the tags announce.
    image = _meta(page, "og:image")
    assert image.startswith(origin)
    served = page.request.get(checked_page.base_url + image.removeprefix(origin))
    assert served.ok and served.headers["content-type"] == "image/png"

    checked_page.goto("/meetings/cytokines-2021/")
    [event] = _data_blocks(page)
    assert event["@type"] == "Event" and event["name"] == "Cytokines 2021"
    assert event["startDate"].startswith("2021-10-17T")
    assert event["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert event["location"]["@type"] == "VirtualLocation"
    assert event["organizer"]["name"] == "International Cytokine & Interferon Society"
    assert _meta(page, "og:url") == f"{origin}/meetings/cytokines-2021/"
    assert page.evaluate("window.__cspViolations") == []

    checked_page.goto("/news/cytokines-2021-pivots-to-fully-virtual/?utm_source=newsletter")
    assert _meta(page, "og:type") == "article"
    assert page.locator('link[rel="canonical"]').get_attribute("href") == (
        f"{origin}/news/cytokines-2021-pivots-to-fully-virtual/"
    )
    published = page.locator("article time").first.get_attribute("datetime")
    assert published == "2021-08-30T09:00:00+00:00"
    assert page.evaluate("window.__cspViolations") == []

    # The recorder does see a violation: an inline script added now is refused and reported.
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'),"
        " {textContent: 'window.__ran = true'}))"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__cspViolations")[0].startswith("script-src")
    checked_page.problems.clear()  # the console's report of that refusal, expected here
