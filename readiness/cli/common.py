"""What every command shares: the banks the user chose, and plain-text output helpers."""


import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from readiness.banks import BankSet


class Options:
    """Global options, kept on the root context for every command."""

    def __init__(self, banks_dir: Path | None = None) -> None:
        self.banks_dir = banks_dir


def bank_set(ctx: typer.Context) -> "BankSet":
    from readiness.banks import BankSet

    root = ctx.find_root()
    options = root.obj if isinstance(root.obj, Options) else Options()
    return BankSet(options.banks_dir)


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def echo_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def terminal_width() -> int:
    """The terminal's width (COLUMNS where set), and 100 when output is not a terminal."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def table(rows: list[list[str]], header: list[str] | None = None, *, width: int | None = None,
          wrap: tuple[int, ...] = ()) -> str:
    """Columns padded to fit: readable in any terminal, and no rich import on light paths.

    With `width`, the columns named in `wrap` are narrowed (widest first) and their text
    wrapped onto more lines until the table fits.
    """
    import textwrap

    body = ([header] if header else []) + rows
    if not body:
        return ""
    widths = [max(len(r[i]) for r in body) for i in range(len(body[0]))]
    if width is not None and wrap:
        floors = {i: max(8, len(header[i]) if header else 0) for i in wrap}
        while sum(widths) + 2 * (len(widths) - 1) > width:
            widest = max(wrap, key=lambda i: widths[i] - floors[i])
            if widths[widest] <= floors[widest]:
                break
            widths[widest] -= 1
    lines = []
    for n, row in enumerate(body):
        cells = [textwrap.wrap(c, w, break_long_words=True) or [""] if i in wrap else [c]
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        for k in range(max(len(c) for c in cells)):
            parts = [(c[k] if k < len(c) else "").ljust(w)
                     for c, w in zip(cells, widths, strict=True)]
            lines.append("  ".join(parts).rstrip())
        if header and n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def wrap(text: str, indent: str = "  ", width: int = 88) -> str:
    import textwrap

    return textwrap.fill(
        text, width=width, initial_indent=indent, subsequent_indent=indent,
        break_long_words=False,
    )
