"""`?`: every key, what the grades and the range mean, and what is saved when."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from readiness.tui.screens.base import Reads

HELP = """\
# Using readiness

**Anywhere**: `?` this help · `ctrl+p` command palette (go to any item by typing `ESN08` or
words from it, open a judgement, switch theme, high contrast) · `Esc` back · `ctrl+q` quit.

**Dashboard**: `↑ ↓` choose a judgement (its reasons show below) · `Enter` its items ·
`l` lines of enquiry · `v` evidence register · `g` go to an item · `x` export a
board pack.

**A judgement's items** (and a line of enquiry's): `Enter` open an item · `f` filter:
all → not assessed → without strong evidence → below the benchmark → serious failures →
where assessors disagree → with overdue actions · `d` the framework's grade descriptors.

**An item**: `1` `2` `3` `4` grade it (best first) · `0` clear your grade · `n` not
applicable here · `!` mark your worst grade a serious failure (children harmed or at
risk of harm) · `s` `p` `u` evidence strong / partial / none · `r` rationale ·
`e` attach evidence · `a` add an action · `A` record a case audit · `[` `]` previous /
next item · `d` descriptors.

## Reading the dashboard
- **Likely**: the grade the framework's best-fit rules give your current scores.
- **Range** `[ I ◆RI  G] O`: the brackets span what the judgement *could* be. The low end
  assumes evidence you have not marked strong does not hold and unscored items are not
  yet good; the high end assumes unscored items are good. `◆` marks the likely grade.
- **6 more to score** in place of a grade: too few of the judgement's items are scored
  for a likely grade yet (the range is still shown).
- Symbols as well as colours: `★` above the benchmark · `✓` at the benchmark · `!` below
  it · `✗` the worst grade · `‼` a serious failure · `⇅` assessors disagree and nothing
  is agreed yet (the middle of their grades counts).
- **Done** items scored / items that apply · **Evid.** strongly evidenced (rated strong,
  with a document or case attached) / scored.

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


class HelpScreen(Reads, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Markdown(HELP + self._method())

    def _method(self) -> str:
        """How this assessment's bank works out its judgements, from the bank's own rules."""
        if self.rapp.editable is None:
            return ""
        from readiness.views import method_note

        lines = method_note(self.bank)
        return "\n## How the judgements are worked out\n" + "".join(
            f"- {line}\n" for line in lines)
