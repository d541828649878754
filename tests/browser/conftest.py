"""Headless Chromium (Debian's) driven by Playwright, with axe-core checking every page visited."""

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class CheckedPage:
    """A page whose every load is checked by axe-core before the test goes on, and which
    fails on any Content-Security-Policy violation or script error."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.loaded: list[str] = []
        self.checked: list[str] = []
        self.problems: list[str] = []
        page.on("load", lambda: self.loaded.append(page.url))
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )

    def goto(self, path: str):
        self.page.goto(path if path.startswith("http") else self.base_url + path)
        self.check()

    def check(self) -> None:
        """Runs axe-core on the page as it is now and fails on any WCAG A/AA violation."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            {
                "id": violation["id"],
                "help": violation["help"],
                "nodes": [node["html"] for node in violation["nodes"][:3]],
            }
            for violation in result["violations"]
        ]
        assert not violations, f"{self.page.url}:\n{json.dumps(violations, indent=2)}"
        assert not self.problems, f"{self.page.url}: {self.problems}"
        self.checked.append(self.page.url)

    def unchecked(self) -> list[str]:
        return [url for url in self.loaded if url not in self.checked]


@pytest.fixture(autouse=True)
def localstripe_webhooks_to_live_server(live_server):
    """localstripe sends its signed events to the site under test, as `make run` registers it
    for the development site."""
    data = urllib.parse.urlencode(
        {
            "url": f"{live_server.url}/payments/stripe/webhook/",
            "secret": settings.STRIPE["webhook_secret"],
        }
    ).encode()
    urllib.request.urlopen(
        # One registration per test database, so two suites side by side do not replace
        # each other's.
        f"{settings.STRIPE['api_base']}/_config/webhooks/icis-tests-{connection.settings_dict['NAME']}",
        data,
        timeout=5,
    )


@pytest.fixture
def checked_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    checked = CheckedPage(page, live_server.url)
    yield checked
    context.close()
    assert not checked.unchecked(), f"pages loaded but never checked: {checked.unchecked()}"
