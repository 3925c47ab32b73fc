"""How grades, ranges and evidence look: colour for those who see it, symbols for all.

Every grade carries a symbol and its letters, so it reads on a washed-out projector,
in the high-contrast theme and for colour-blind readers alike.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from readiness.banks import Bank
from readiness.judgement import NOT_ASSESSED, JudgementResult
from readiness.views import ItemStatus, more_to_score, symbol, tone

Cell = Content | str | Text
"""What a table cell may hold."""


STYLE = {"best": "bold $success", "benchmark": "$success", "below": "bold $warning",
         "worst": "bold $error", "none": "$text-muted", "excluded": "$text-muted"}
"""A grade's colour by its position on the scale (views.tone), never by its words."""


def grade(bank: Bank, slug: str | None, *, short: bool = False) -> Content:
    """`✓ Good`, `! RI`, `· not assessed`: symbol, words, colour."""
    if slug is None or slug == NOT_ASSESSED:
        return Content.styled("· not assessed" if not short else "·", "$text-muted")
    text = bank.grades[slug].short if short else bank.grade_label(slug)
    return Content.styled(f"{symbol(bank, slug)} {text}", STYLE[tone(bank, slug)])


def likely(bank: Bank, result: JudgementResult) -> Content:
    """The likely grade, or how many more items to score before there is one."""
    if result.likely == NOT_ASSESSED:
        text = more_to_score(result) if result.needed else (
            "· not scored" if not result.assessed else "· too few scored")
        return Content.styled(text, "$text-muted italic")
    return grade(bank, result.likely)


def range_bar(bank: Bank, likely: str, low: str, high: str) -> Content:
    """The scale worst→best with the range bracketed and the likely grade marked ◆.

    `[ I ◆RI  G] O` reads without colour: brackets for the range, ◆ for likely.
    """
    parts: list[Content] = []
    index = bank.grade_index
    lo, hi = index[low], index[high]
    closing = False
    for slug in reversed([g.slug for g in bank.scale]):
        n = index[slug]
        edge = "[" if n == lo else ("]" if closing else " ")
        closing = n == hi
        inside = hi <= n <= lo
        mark = "◆" if slug == likely else " "
        style = STYLE[tone(bank, slug)] if inside else "$text-muted"
        parts.append(Content.styled(edge, "bold"))
        parts.append(Content.styled(f"{mark}{bank.grades[slug].short or slug[:2].upper():<2}",
                                    style + (" reverse" if slug == likely else "")))
    parts.append(Content.styled("]" if closing else " ", "bold"))
    return Content("").join(parts)


STRENGTH = {"strong": ("●● strong", "$success"), "partial": ("●○ partial", "$warning"),
            "none": ("○○ none", "$error")}


def strength(value: str | None, *, short: bool = False) -> Content:
    if value is None:
        return Content.styled("–" if short else "– not said", "$text-muted")
    text, style = STRENGTH[value]
    return Content.styled(text.split()[0] if short else text, style)


def evidence(status: ItemStatus) -> Content:
    """The evidence strength that counts: strong only with something attached."""
    if status.strength == "strong" and not status.evidenced:
        return Content.styled("●○ no docs", "$warning")
    return strength(status.strength or None)


def progress(done: int, total: int) -> str:
    return f"{done}/{total}" if total else "–"


def plain(text: str, width: int | None = None) -> Text:
    """Text typed by a person or taken from a bank, for a table cell: never read as markup.

    (A plain `str` cell is parsed as Rich markup, so a note like "[draft]" would vanish.)
    """
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return Text(text, end="")
