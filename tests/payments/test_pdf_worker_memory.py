"""A receipt or certificate PDF is rendered in a child process: the web worker that serves it
never loads WeasyPrint, which would keep some 40-55 MB in the worker for the rest of its life
(benchmarks/memory.py)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]

RENDER = """
import sys, django
django.setup()
from icis.payments.documents import pdf_from_template
pdf = pdf_from_template("payments/receipt.html", {"society_address": ["1 Example Street"]})
sys.stdout.buffer.write(b"weasyprint loaded: " + str("weasyprint" in sys.modules).encode() + b"\\n")
sys.stdout.buffer.write(pdf)
"""


def test_a_pdf_is_rendered_without_loading_weasyprint_into_the_serving_process():
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="icis.settings.test")
    result = subprocess.run(
        [sys.executable, "-c", RENDER], cwd=ROOT, env=environment, capture_output=True, check=True
    )
    first_line, _, pdf = result.stdout.partition(b"\n")

    assert first_line == b"weasyprint loaded: False"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "1 Example Street" in text


def test_a_pdf_that_cannot_be_rendered_raises_instead_of_answering_an_empty_file(monkeypatch):
    import weasyprint

    from icis.payments.documents import PdfFailed, html_to_pdf

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(weasyprint, "HTML", broken)  # inherited by the forked child
    with pytest.raises(PdfFailed):
        html_to_pdf("<p>Receipt</p>", base_url=str(ROOT))
