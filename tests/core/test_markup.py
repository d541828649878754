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
