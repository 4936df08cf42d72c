"""CSV downloads that a spreadsheet opens safely: cells that would run as formulas are text."""

from __future__ import annotations

import csv
import io

from flask import Response

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    """A cell a spreadsheet shows as text: formulas are neutralised with a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(header: list[str], rows: list[list]) -> str:
    """Rows as CSV text with every field quoted where needed and formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def csv_download(filename: str, header: list[str], rows: list[list]) -> Response:
    """A response that downloads the rows as a CSV file named filename."""
    return Response(
        to_csv(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
