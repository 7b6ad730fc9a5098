"""Writing CSV files that spreadsheets open safely: the one CSV writer every export uses.

A cell whose text begins with = + - @, a tab or a carriage return is read by
Excel, LibreOffice and WPS as a formula (OWASP "CSV Injection"): a slip
purpose or a failed login's username such as `=HYPERLINK(...)` would run when
an auditor opens the export. Such a cell gets a leading apostrophe, which the
spreadsheet shows as text and a reader of the raw file can strip.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a UTF-8 file as such only when it starts with a byte-order mark.
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """`value` as written to a CSV cell: text that a spreadsheet would run as a formula is neutralised.

    Numbers stay numbers (a negative number is not a formula); everything else is text.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(headings: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = True) -> str:
    """A whole CSV file (headings, then rows), every cell passed through `safe_cell`."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headings])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue()
