"""The two charts of a board pack, drawn once with matplotlib (Agg), saved as SVG or PNG.

Colours are the Okabe–Ito palette, which colour-blind readers can tell apart, and every
mark also differs by pattern or carries its label in words, so a grey photocopy reads.
matplotlib is imported here only, and only when a format that has charts is made.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readiness.reports.pack import Pack

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Okabe–Ito, by a grade's position on the scale (any scale of 2 to 7 grades): blue above
# the benchmark, bluish green at it, orange below it, vermillion for the worst; grey.
TONE_COLOURS = {"best": "#0072B2", "benchmark": "#009E73", "below": "#E69F00",
                "worst": "#D55E00"}
TONE_HATCHES = {"best": "", "benchmark": "..", "below": "//", "worst": "xx"}
GREY = "#999999"


@dataclass
class Chart:
    """One chart in the forms the formats need (SVG for HTML, PNG for Word and Excel)."""

    title: str
    alt: str
    svg: str = ""
    png: bytes = b""


@functools.cache
def _new_figure() -> Any:
    """matplotlib's Figure class, configured once (no pyplot: it costs half a second more)."""
    import matplotlib

    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text in SVG: searchable, read by screen readers
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "svg.hashsalt": "readiness",  # the same pack gives the same SVG
    })
    from matplotlib.figure import Figure as MatplotlibFigure

    return MatplotlibFigure


def _subplots(height: float) -> tuple[Figure, Any]:
    figure = _new_figure()(figsize=(7.5, height))
    return figure, figure.add_subplot()


def _render(figure: Figure, chart: Chart, formats: Collection[str]) -> Chart:
    if "svg" in formats:
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        svg = buffer.getvalue()
        chart.svg = svg[svg.index("<svg"):]  # inline in HTML: no XML prolog or doctype
    if "png" in formats:
        data = io.BytesIO()
        figure.savefig(data, format="png", dpi=130)
        chart.png = data.getvalue()
    return chart


def range_chart(pack: Pack, formats: Collection[str] = ("svg", "png")) -> Chart:
    """Every judgement's likely grade (◆) and low–high range on the grade scale."""
    sections = pack.all_sections
    worst = len(pack.scale) - 1
    figure, axes = _subplots(0.55 * len(sections) + 1.2)
    for row, section in enumerate(reversed(sections)):
        likely, low, high = section.positions
        assert low is not None and high is not None
        left, right = worst - low, worst - high  # x: worst grade on the left
        if likely is None:
            axes.barh(row, right - left + 0.4, left=left - 0.2, height=0.5, color="white",
                      edgecolor=GREY, hatch="..", linestyle=":")
            axes.text(worst / 2, row, section.stands, va="center", ha="center",
                      fontsize=9, color="#333333")
            continue
        x = worst - likely
        tone = pack.scale_tones[likely]
        colour, hatch = TONE_COLOURS[tone], TONE_HATCHES[tone]
        axes.barh(row, right - left + 0.4, left=left - 0.2, height=0.5,
                  color=colour + "55", edgecolor="#333333", hatch=hatch, linewidth=0.8)
        axes.plot([x], [row], marker="D", markersize=11, color=colour,
                  markeredgecolor="black", markeredgewidth=1.2, zorder=3)
        axes.text(worst + 0.45, row, f"likely {section.likely}", va="center", fontsize=9)
    axes.set_yticks(range(len(sections)))
    axes.set_yticklabels([s.name for s in reversed(sections)])
    axes.set_xticks(range(len(pack.scale)))
    axes.set_xticklabels([textwrap.fill(label, 12) for label in reversed(pack.scale)],
                         fontsize=9)
    axes.set_xlim(-0.5, worst + 2.2)
    axes.grid(axis="x", color="#dddddd", zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_title("Likely grade (◆) and range of each judgement", loc="left", fontsize=11)
    figure.set_layout_engine("tight")
    alt = "Chart of each judgement's likely grade and range: " + "; ".join(
        f"{s.name}: {s.stands}"
        + (f", could be {s.range}" if s.low != s.high else "") for s in sections)
    return _render(figure, Chart("Likely grades and ranges", alt), formats)


def coverage_chart(pack: Pack, formats: Collection[str] = ("svg", "png")) -> Chart:
    """How much of each judgement is scored, and how much of that is strongly evidenced."""
    sections = pack.all_sections
    figure, axes = _subplots(0.6 * len(sections) + 1.2)
    rows = list(reversed(sections))
    for row, section in enumerate(rows):
        total = section.items or 1
        scored = section.assessed / total * 100
        evidenced = section.evidenced / total * 100
        axes.barh(row + 0.18, scored, height=0.34, color="#56B4E9", edgecolor="#333333",
                  hatch="//", label="Scored" if row == 0 else None)
        axes.barh(row - 0.18, evidenced, height=0.34, color="#009E73", edgecolor="#333333",
                  label="Strongly evidenced" if row == 0 else None)
        axes.text(scored + 1, row + 0.18, f"{section.assessed}/{section.items} scored",
                  va="center", fontsize=8)
        axes.text(evidenced + 1, row - 0.18, f"{section.evidenced}/{section.items} evidenced",
                  va="center", fontsize=8)
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([s.name for s in rows])
    axes.set_xlim(0, 130)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.45, -0.07), ncol=2, fontsize=8,
                frameon=False)
    axes.set_title("Coverage: items scored and strongly evidenced", loc="left", fontsize=11)
    figure.set_layout_engine("tight")
    alt = "Chart of coverage per judgement: " + "; ".join(
        f"{s.name}: {s.assessed} of {s.items} scored, {s.evidenced} strongly evidenced"
        for s in sections)
    return _render(figure, Chart("Coverage", alt), formats)


def charts(pack: Pack, formats: Collection[str] = ("svg", "png")) -> list[Chart]:
    """Both charts, rendered only in the forms asked for."""
    return [range_chart(pack, formats), coverage_chart(pack, formats)]
