"""Text people typed, made safe for where it is going.

Everywhere: bidirectional control characters (the right-to-left override that makes
"exe.txt" read "txt.exe") are removed, and so are control characters that XML (Word,
Excel) cannot hold. HTML: escaped. Markdown: escaped so that no link, image, autolink,
HTML or emphasis can be made from typed text. CSV and Excel: a cell that begins with
`=`, `+`, `-`, `@`, tab or carriage return would be run as a formula by a spreadsheet,
so it is written as text (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import html
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM, RLM, the embeddings and overrides, and the isolates."""
_UNSAFE = re.compile("[" + BIDI + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
                     "\ud800-\udfff]")


def clean(value: object) -> str:
    """Text with bidi controls and XML-illegal control characters taken out."""
    return _UNSAFE.sub("", str(value))


def html_text(value: object) -> str:
    return html.escape(clean(value), quote=True)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """A leading apostrophe makes a spreadsheet show the text instead of running it."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    return "'" + value if is_formula_like(value) else value


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~!])")
_SCHEME = re.compile(r"(?i)(?<![a-z0-9+.-])([a-z0-9+.-]++):(?=//)")
"""A run of scheme characters before `://`; it is a scheme when it holds a letter. Matched
as a whole run (possessive, from its start), since trying every letter of a long run as
the start of a scheme took minutes on a 100,000-letter word (found by make fuzz)."""
_LETTER = re.compile(r"(?i)[a-z]")
_DOTTED = re.compile(r"(?<=[A-Za-z0-9])\.(?=[A-Za-z])")


def markdown_text(value: object) -> str:
    """Inline Markdown that shows exactly what was typed and makes nothing live.

    HTML is escaped (`&`, `<`, `>`), Markdown's punctuation is backslash-escaped (no
    `[link](…)`, `![image](…)`, emphasis or code), and what an autolinker would take for
    a link (`https://`, `www.`, `example.org`, `name@example.org`) is broken with an
    escape that a reader never sees.
    """
    text = " ".join(clean(value).split())
    text = html.escape(text, quote=False)
    text = text.replace("&amp;", "\x00")  # keep our own entity out of the next escape
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _SCHEME.sub(lambda m: m.group(1) + ("\\:" if _LETTER.search(m.group(1)) else ":"),
                       text)
    text = _DOTTED.sub(r"\\.", text)
    text = text.replace("@", "\\@")
    return text.replace("\x00", "&amp;")


def markdown_cell(value: object) -> str:
    """A table cell: as `markdown_text`, on one line, pipes escaped."""
    return markdown_text(value)
