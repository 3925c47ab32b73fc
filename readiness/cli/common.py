"""What every command shares: the banks the user chose, and plain-text output helpers."""


import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
import typer.core

if TYPE_CHECKING:
    from readiness.assessment import Assessment
    from readiness.banks import Bank, BankSet


class Options:
    """Global options, kept on the root context for every command."""

    def __init__(self, banks_dir: Path | None = None) -> None:
        self.banks_dir = banks_dir


def bank_set(ctx: typer.Context) -> "BankSet":
    from readiness.banks import BankSet

    root = ctx.find_root()
    options = root.obj if isinstance(root.obj, Options) else Options()
    return BankSet(options.banks_dir, warn=warn_once)


def read_assessment(ctx: typer.Context, path: Path) -> "tuple[Assessment, Bank]":
    """An assessment and its bank, for showing: what a changed bank set aside, and actions
    on items it does not have, are noted on standard error (never refused)."""
    from readiness import store

    notes: list[str] = []
    found = store.read(path, bank_set(ctx), notes)
    for note in notes:
        sys.stderr.write(f"note: {terminal_safe(note)}\n")
    return found


_WARNED: set[str] = set()


def warn_once(text: str) -> None:
    """A warning on standard error, once per command however often it comes up."""
    if text not in _WARNED:
        _WARNED.add(text)
        sys.stderr.write(f"warning: {terminal_safe(text)}\n")


UNSAFE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"                  # CSI sequences (colours, cursor moves)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"      # OSC sequences (window titles, links)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"             # other control characters, ESC included
    r"|[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # bidi marks and overrides


def terminal_safe(text: str) -> str:
    """Text as it may reach a terminal: escape sequences and control characters (which a
    file could carry to move the cursor, retitle the window or hide text) and direction
    overrides removed; new lines and tabs kept."""
    return UNSAFE.sub("", text)


def echo(text: str = "") -> None:
    sys.stdout.write(terminal_safe(text) + "\n")


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
    """`text` filled to `width`, every line indented, as `textwrap.fill` does it (words
    never broken but after a hyphen; each tab or line break a space; spaces kept within
    a line, dropped at its ends), by hand where no hyphenated word reaches a line's end:
    textwrap took two of the three seconds `moderation` needs for 1,000 items by 20
    assessors (42,000 lines)."""
    lines: list[str] = []
    line = ""
    space = ""
    for token in _TOKENS.findall(text.expandtabs().translate(_SPACES)):
        if token[0] == " ":
            space = token
        elif (len(line) + len(space) if line else len(indent)) + len(token) <= width:
            line = line + space + token if line else indent + token
        elif "-" in token:  # textwrap may break it after a hyphen (a long path)
            return _textwrap_fill(text, indent, width)
        elif not line:
            line = indent + token  # a long word alone on its line
        else:
            lines.append(line)
            line = indent + token
    if line:
        lines.append(line)
    return "\n".join(lines)


def _textwrap_fill(text: str, indent: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False)


_TOKENS = re.compile(r"[^ ]+| +")
_SPACES = str.maketrans("\n\r\x0b\x0c", "    ")


_NO_SUCH_OPTION: Any = sys.modules[typer.BadParameter.__module__].NoSuchOption
"""click's, wherever this typer takes click from (0.28 carries its own)."""
_OPTION_SHAPED = re.compile(r"^--?[A-Za-z][A-Za-z0-9_-]*(=.*)?$", re.DOTALL)


class FreeTextCommand(typer.core.TyperCommand):
    """A command whose last argument is free text, which may begin with a dash.

    `readiness action add ours.toml ESN06 "- relaunch the guidance"`: click would read
    "- relaunch…" as an option. An argument that begins with a dash but cannot be an
    option (it has a space, or is not shaped like one) is passed as text, as if typed
    after `--`. Something shaped like an option that is not one (`-relaunch`) is still
    refused, with the way to give it as text.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, _dashed_text_last(self, ctx, args))
        except _NO_SUCH_OPTION as error:
            if not getattr(error, "possibilities", None):  # not a misspelt option
                names = [p.human_readable_name.upper() for p in self.get_params(ctx)
                         if p.param_type_name == "argument"]
                error.message = (
                    f"{error.message.rstrip('.')}. If it is the start of the "
                    f"{names[-1].lower()}, put -- before it: {ctx.command_path} "
                    f"{' '.join(names[:-1])} -- \"-{names[-1].lower()}\"")
            raise


def _dashed_text_last(command: typer.core.TyperCommand, ctx: Any, args: list[str]) -> list[str]:
    if "--" in args:
        return args
    values: set[str] = set()
    for param in command.get_params(ctx):
        if param.param_type_name == "option" and not getattr(param, "is_flag", False) \
                and not getattr(param, "count", False):
            values.update(param.opts)
    kept: list[str] = []
    text: list[str] = []
    n = 0
    while n < len(args):
        arg = args[n]
        if arg in values and n + 1 < len(args):  # `--owner "- Bob"`: a value stays put
            kept.extend(args[n: n + 2])
            n += 2
            continue
        if arg.startswith("-") and len(arg) > 1 and not _OPTION_SHAPED.match(arg):
            text.append(arg)
        else:
            kept.append(arg)
        n += 1
    return [*kept, "--", *text] if text else args
