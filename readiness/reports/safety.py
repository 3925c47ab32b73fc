"""Text people typed, made safe for where it is going.

HTML: escaped. CSV and Excel: a cell that begins with `=`, `+`, `-`, `@`, tab or
carriage return would be run as a formula by a spreadsheet, so it is written as text
(OWASP's advice for CSV injection).
"""

from __future__ import annotations

import html

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def html_text(value: object) -> str:
    return html.escape(str(value), quote=True)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """A leading apostrophe makes a spreadsheet show the text instead of running it."""
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def markdown_cell(value: object) -> str:
    """A table cell: pipes and line breaks would break the table; HTML is not run."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text.replace("|", "\\|")
