"""CSV exports staff open in a spreadsheet."""

import csv

from django.http import HttpResponse


def csv_cell(value) -> str:
    """Text as a spreadsheet shows it, never as a formula (names and badges are typed by
    anyone, and a cell starting with "=" would run in the staff member's spreadsheet)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download: the header, then each row with every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response
