"""The board paper's two charts drawn as small inline SVG, by hand: no plotting library.

Loading matplotlib took about a second on a council laptop for two charts made of bars
and diamonds, so they are written out here. Colours are the Okabe–Ito palette, by a
grade's position on the scale (any scale of 2 to 7 grades), and every mark also carries
its words, so a grey photocopy and a screen reader read the same thing.
"""

from __future__ import annotations

from readiness.reports.pack import Pack
from readiness.reports.safety import html_text as h

TONE_COLOURS = {"best": "#0072B2", "benchmark": "#009E73", "below": "#E69F00",
                "worst": "#D55E00"}
GREY = "#999999"
FONT = 'font-family="Arial, Helvetica, sans-serif"'


def _svg(width: int, height: int, alt: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{h(alt)}" {FONT}>'
            f"<title>{h(alt)}</title>" + "".join(body) + "</svg>")


def range_alt(pack: Pack) -> str:
    return "Chart of each judgement's likely grade and range: " + "; ".join(
        f"{s.name}: {s.stands}" + (f", could be {s.range}" if s.low != s.high else "")
        for s in pack.all_sections)


def range_chart(pack: Pack) -> str:
    """Each judgement's range as a bar across the scale (worst on the left), its likely
    grade as a diamond, and the words beside it."""
    sections = pack.all_sections
    grades = len(pack.scale)
    left, column, row_h, top = 190, 76, 26, 36
    width = left + column * grades + 190
    height = top + row_h * len(sections) + 8
    body = []
    for n, label in enumerate(reversed(pack.scale)):
        x = left + column * n + column / 2
        first, _, rest = label.partition(" ") if len(label) > 11 else (label, "", "")
        lines = [first, rest] if rest else [first]
        body.append(f'<text x="{x:.0f}" y="{18 if rest else 22}" font-size="10" '
                    'text-anchor="middle" fill="#333">' + "".join(
                        f'<tspan x="{x:.0f}" dy="{0 if n2 == 0 else 11}">{h(t)}</tspan>'
                        for n2, t in enumerate(lines)) + "</text>")
        body.append(f'<line x1="{x:.0f}" y1="24" x2="{x:.0f}" y2="{height - 6}" '
                    'stroke="#dddddd"/>')
    for row, section in enumerate(sections):
        y = top + row_h * row + row_h / 2
        body.append(f'<text x="{left - 8}" y="{y + 4:.0f}" font-size="11" '
                    f'text-anchor="end">{h(section.name)}</text>')
        likely, low, high = section.positions
        assert low is not None and high is not None
        x_low = left + column * (grades - 1 - low) + 8
        x_high = left + column * (grades - 1 - high) + column - 8
        if likely is None:
            body.append(f'<rect x="{x_low}" y="{y - 7:.0f}" width="{x_high - x_low}" '
                        f'height="14" fill="white" stroke="{GREY}" stroke-dasharray="3 2"/>')
            body.append(f'<text x="{left + column * grades + 8}" y="{y + 4:.0f}" '
                        f'font-size="10" fill="#333">{h(section.grade)}</text>')
            continue
        colour = TONE_COLOURS.get(pack.scale_tones[likely], GREY)
        body.append(f'<rect x="{x_low}" y="{y - 7:.0f}" width="{x_high - x_low}" height="14" '
                    f'rx="3" fill="{colour}" fill-opacity="0.28" stroke="#333" '
                    'stroke-width="0.8"/>')
        x = left + column * (grades - 1 - likely) + column / 2
        body.append(f'<path d="M{x:.0f} {y - 9:.0f} L{x + 9:.0f} {y:.0f} L{x:.0f} {y + 9:.0f} '
                    f'L{x - 9:.0f} {y:.0f} Z" fill="{colour}" stroke="black" '
                    'stroke-width="1.2"/>')
        body.append(f'<text x="{left + column * grades + 8}" y="{y + 4:.0f}" font-size="10">'
                    f'likely {h(section.likely)}</text>')
    return _svg(width, height, range_alt(pack), body)


def coverage_alt(pack: Pack) -> str:
    return "Chart of coverage per judgement: " + "; ".join(
        f"{s.name}: {s.assessed} of {s.items} scored, {s.evidenced} strongly evidenced"
        for s in pack.all_sections)


def coverage_chart(pack: Pack) -> str:
    """How much of each judgement is scored, and how much is strongly evidenced."""
    sections = pack.all_sections
    left, bar_w, row_h, top = 190, 300, 30, 8
    width, height = left + bar_w + 190, top + row_h * len(sections) + 22
    body = []
    for row, section in enumerate(sections):
        y = top + row_h * row
        total = section.items or 1
        scored = bar_w * section.assessed / total
        strong = bar_w * section.evidenced / total
        body.append(f'<text x="{left - 8}" y="{y + 15}" font-size="11" text-anchor="end">'
                    f"{h(section.name)}</text>")
        body.append(f'<rect x="{left}" y="{y + 2}" width="{bar_w}" height="22" fill="#f3f3f3"/>')
        body.append(f'<rect x="{left}" y="{y + 2}" width="{scored:.0f}" height="11" '
                    'fill="#56B4E9"/>')
        body.append(f'<rect x="{left}" y="{y + 13}" width="{strong:.0f}" height="11" '
                    'fill="#009E73"/>')
        body.append(f'<text x="{left + bar_w + 8}" y="{y + 15}" font-size="10">'
                    f"{section.assessed}/{section.items} scored, {section.evidenced} strong"
                    "</text>")
    y = height - 8
    body.append(f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="#56B4E9"/>'
                f'<text x="{left + 14}" y="{y}" font-size="10">scored</text>'
                f'<rect x="{left + 80}" y="{y - 9}" width="10" height="10" fill="#009E73"/>'
                f'<text x="{left + 94}" y="{y}" font-size="10">strongly evidenced</text>')
    return _svg(width, height, coverage_alt(pack), body)
