"""The abstract's markup: rendered safely, and counted the same way on the server and by the
page's live counter (static/js/abstract-counter.js, run here in Node on the same cases)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from meetings.abstracts import markup

ROOT = Path(__file__).resolve().parents[2]

# Tricky input for the counter: markup, astral symbols, combining marks, Windows line ends,
# stray braces and carets, spaces at the ends, HTML that must stay text.
CASES = [
    "",
    "IL-1\u03b2 and IFN-\u03b3 \u2265 10 \u00b5M",
    "Ca^{2+} and t_{1/2}",
    "x^{} y_{}",
    "a^{b{c}d} ^{unclosed and _{ok}",
    "^{2+\n}",
    "line one\r\nline two\rline three\n",
    "  \t\n padded \n\t  ",
    "\U0001d6fd-cells \U0001f9ec",
    "e\u0301 (two code points) and \u00e9 (one)",
    "<sup>2</sup> & <script>alert(1)</script>",
    "caret ^ and underscore _ alone, {braces}",
    "\u00a0non-breaking\u00a0\u2009thin\u2009",
    "^{\U0001f9ec}_{\u03b1\u03b2}",
]


def test_greek_letters_and_symbols_are_plain_text_counted_one_each():
    assert markup.text_length("IL-1\u03b2") == 5
    assert markup.text_length("\u2265 10 \u00b5M") == 7


def test_the_delimiters_of_superscript_and_subscript_are_not_counted():
    assert markup.text_length("Ca^{2+}") == len("Ca2+")
    assert markup.text_length("t_{1/2}") == len("t1/2")


def test_windows_line_ends_count_as_one_character():
    assert markup.text_length("a\r\nb") == markup.text_length("a\nb") == 3


def test_html_is_escaped_and_only_the_markup_becomes_tags():
    rendered = markup.html("Ca^{2+} <b>bold</b> & t_{1/2}\n\n<script>x</script>")
    assert rendered == (
        "<p>Ca<sup>2+</sup> &lt;b&gt;bold&lt;/b&gt; &amp; t<sub>1/2</sub></p>\n"
        "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    )
    assert markup.html_inline("IL-1\u03b2 <i>x</i>^{<b>}") == (
        "IL-1\u03b2 &lt;i&gt;x&lt;/i&gt;<sup>&lt;b&gt;</sup>"
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is needed to run the counter")
def test_the_page_counter_counts_as_the_server_does():
    script = (ROOT / "static" / "js" / "abstract-counter.js").read_text()
    runner = (
        "global.window = {}; global.document = {querySelectorAll: () => []};\n"
        + script
        + "\nconst cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        + "\nprocess.stdout.write(JSON.stringify(cases.map(window.icisAbstractLength)));"
    )
    result = subprocess.run(
        ["node", "-e", runner],
        input=json.dumps(CASES),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [markup.text_length(case) for case in CASES]
