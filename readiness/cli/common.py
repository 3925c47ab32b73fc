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


def table(rows: list[list[str]], header: list[str] | None = None) -> str:
    """Columns padded to fit: readable in any terminal, and no rich import on light paths."""
    body = ([header] if header else []) + rows
    if not body:
        return ""
    widths = [max(len(r[i]) for r in body) for i in range(len(body[0]))]
    lines = []
    for n, row in enumerate(body):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if header and n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def wrap(text: str, indent: str = "  ", width: int = 88) -> str:
    import textwrap

    return textwrap.fill(
        text, width=width, initial_indent=indent, subsequent_indent=indent,
        break_long_words=False,
    )
