"""Every Markdown editor of the admin has a "Preview" button: it posts the form to a staff-only
page that shows the text through the site's own sanitiser, in a new tab without JavaScript
(static/office/markdown-preview.js shows the same beside the editor)."""

import pytest

from icis.core.admin_markdown import MARKDOWN_PREVIEW_MAX
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/markdown-preview/"
BUTTON = (
    'formaction="/admin/markdown-preview/" formtarget="_blank" formmethod="post" formnovalidate'
    ' name="_preview_field" value="{}"'
)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/admin/site_pages/page/add/", "body"),
        ("/admin/news/post/add/", "body"),
        ("/admin/awards/awardprogram/add/", "description"),
        ("/admin/members/membershiptype/add/", "description"),
        ("/admin/meetings/announcement/add/", "body"),
    ],
)
def test_markdown_editors_have_a_preview_button(admin_client_2fa, path, field):
    page = admin_client_2fa.get(path).content.decode()
    assert BUTTON.format(field) in page
    assert "office/markdown-preview.js" in page
    # Save comes first in the form, so Enter in a field saves rather than previews.
    assert page.index('name="_save"') < page.index('name="_preview_field"')


def test_the_meeting_texts_and_their_inlines_have_it(admin_client_2fa):
    meeting = MeetingFactory()
    page = admin_client_2fa.get(
        f"/admin/meetings/meeting/{meeting.pk}/change/?section=content"
    ).content.decode()
    assert BUTTON.format("welcome_text") in page
    assert BUTTON.format("welcome_letter") in page
    assert BUTTON.format("accreditations-__prefix__-statement") in page


def test_the_preview_shows_the_text_as_the_site_does(admin_client_2fa):
    response = admin_client_2fa.post(
        PREVIEW,
        {
            "title": "About",
            "_preview_field": "body",
            "body": "## Our aims\n\nWe **support** research. <script>alert(1)</script>"
            '<a href="javascript:alert(1)">x</a>',
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Our aims</h2>" in html
    assert "<strong>support</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html
    assert "Nothing is saved" in html


def test_the_part_for_the_script_is_the_preview_alone(admin_client_2fa):
    response = admin_client_2fa.post(
        PREVIEW, {"_preview_field": "body", "body": "*Hello*"}, headers={"X-Preview-Part": "1"}
    )
    assert response.content.decode().strip() == (
        '<h2 class="markdown-preview-heading">Preview</h2>'
        '<div class="markdown-preview-body"><p><em>Hello</em></p></div>'
    )


def test_a_text_too_long_is_refused_in_place(admin_client_2fa):
    response = admin_client_2fa.post(
        PREVIEW, {"_preview_field": "body", "body": "a" * (MARKDOWN_PREVIEW_MAX + 1)}
    )
    assert response.status_code == 200
    assert "longer than 100000 characters" in response.content.decode()


def test_only_staff_preview(client, user):
    assert client.post(PREVIEW, {"_preview_field": "body", "body": "x"}).status_code == 302
    client.force_login(user)
    response = client.post(PREVIEW, {"_preview_field": "body", "body": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
