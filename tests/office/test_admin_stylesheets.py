"""static/admin/css/forms.css is Django's, with the `@import` of widgets.css written in place:
an imported sheet is one the accessibility checker (axe-core) can only read by adding a style
element, which the Content-Security-Policy (rightly) refuses. This fails when Django's sheets
change, so the copy is made again."""

from pathlib import Path

import django

DJANGO_CSS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "css"
OURS = Path(__file__).resolve().parents[2] / "static" / "admin" / "css" / "forms.css"
IMPORT = "@import url('widgets.css');\n"


def test_forms_css_is_django_s_with_widgets_css_in_place_of_its_import():
    django_forms = (DJANGO_CSS / "forms.css").read_text()
    assert django_forms.startswith(IMPORT)
    expected = (DJANGO_CSS / "widgets.css").read_text() + django_forms[len(IMPORT) :]
    assert OURS.read_text() == expected
    assert "@import" not in OURS.read_text()
