from icis.core.markup import markdown_to_html
from icis.core.money import format_money, to_minor_units


def test_markdown_keeps_structure_and_removes_scripts_styles_and_handlers():
    html = markdown_to_html(
        "## Aims\n\n- **one**\n- two\n\n<script>alert(1)</script>"
        '<p style="color:red" onclick="steal()">text</p>[bad](javascript:alert(1)) [ok](https://example.org)'
    )

    assert "<h2>Aims</h2>" in html
    assert "<strong>one</strong>" in html
    assert "<script" not in html and "alert(1)</script>" not in html
    assert "style=" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in html


def test_money_in_minor_units():
    assert to_minor_units("95.00", "GBP") == 9500
    assert to_minor_units("1000", "JPY") == 1000
    assert format_money(9500, "GBP") == "£95.00"
    assert format_money(123456, "usd") == "$1,234.56"
    assert format_money(9500, "CHF") == "CHF 95.00"
    assert format_money(-500, "EUR") == "-€5.00"


def test_the_same_text_is_converted_once_and_shows_the_same_html(monkeypatch):
    import uuid

    from icis.core import markup

    converted = []
    convert = markup.markdown.markdown
    monkeypatch.setattr(
        markup.markdown,
        "markdown",
        lambda text, **kw: converted.append(text) or convert(text, **kw),
    )
    text = f"## Welcome {uuid.uuid4()}\n\n<script>alert(1)</script>[site](https://example.org)"

    first, second = markdown_to_html(text), markdown_to_html(text)

    assert len(converted) == 1
    assert first == second and "<script" not in second and "<h2>Welcome" in second
    # An edited text is converted anew, never shown with the old HTML.
    assert "<h3>" in markdown_to_html(text.replace("## ", "### "))
    assert len(converted) == 2
