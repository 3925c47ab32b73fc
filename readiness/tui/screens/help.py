"""`?`: every key, what the grades and the range mean, and what is saved when."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Using readiness

**Anywhere**: `?` this help · `ctrl+p` command palette (go to any item by typing `ESN08` or
words from it, open a judgement, switch theme, high contrast) · `Esc` back · `ctrl+q` quit.

**Dashboard**: `↑ ↓` choose a judgement (its reasons show below) · `Enter` its items ·
`l` lines of enquiry · `v` evidence register · `g` go to an item · `x` export a
board pack.

**A judgement's items**: `Enter` open an item · `f` filter: all → not assessed →
without strong evidence → below good · `d` the framework's grade descriptors.

**An item**: `1` `2` `3` `4` grade it (best first) · `0` clear your grade · `n` not
applicable here · `s` `p` `u` evidence strong / partial / none · `r` rationale ·
`e` attach evidence · `a` add an action · `[` `]` previous / next item · `d` descriptors.

## Reading the dashboard
- **Likely**: the grade the framework's best-fit rules give your current scores.
- **Range** `[ I ◆RI  G] O`: the brackets span what the judgement *could* be. The low end
  assumes evidence you have not marked strong does not hold and unscored items are not
  yet good; the high end assumes unscored items are good. `◆` marks the likely grade.
- Symbols as well as colours: `★` outstanding · `✓` good · `!` below good · `✗` inadequate.
- **Scored** items assessed / all items · **Evid.** strongly evidenced / assessed.

## Saving
Every change is saved at once: written to a new file beside yours and swapped in, with
the previous ten versions kept in `.readiness/backups/`. The bottom line says
**All changes saved**, or in red why not (nothing you typed is lost; `ctrl+s` retries).
If someone else saved the same file meanwhile, nothing is overwritten: your version is
kept as a copy and you choose what to do.

Scores carry your name (`ctrl+p` → *Your name* to change it), so several people can
score the same item in a workshop; their grades are kept side by side.
This is a self-assessment, not an Ofsted judgement.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Markdown(HELP)
