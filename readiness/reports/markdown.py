"""The board paper as Markdown, for email and wikis: the same parts as the printed paper.

Every piece of text from the assessment goes through `markdown_text`, so nothing typed
becomes a link, an image, HTML or formatting.
"""

from __future__ import annotations

from collections.abc import Sequence

from readiness.reports.pack import Pack
from readiness.reports.safety import markdown_cell as cell
from readiness.reports.safety import markdown_text as md


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _front(pack: Pack) -> list[str]:
    board = pack.board
    out = [f"**{md(board.marking)}**", "", f"# {md(pack.heading())}", "",
           f"Report to {md(board.name or 'the board')}"
           + (f", {md(board.meeting)}" if board.meeting else "") + ".", "",
           f"*{md(pack.against())}.*", "",
           f"> **{md(pack.label)}.** It says where the authority believes it stands and why; "
           "only Ofsted makes judgements.", ""]
    if pack.demo:
        out += ["**DEMO: a fictional authority.**", ""]
    out += _table(["", ""], [["Board", board.name or "Not given"],
                             ["Meeting", board.meeting or "Not given"],
                             ["Lead officer", board.lead or "Not given"],
                             ["Version", board.version], ["Protective marking", board.marking]])
    out += ["## 1. Purpose", "", md(pack.purpose), "", "## 2. Recommendations", "",
            "The board is asked to:", ""]
    out += [f"{n}. {md(r)}" for n, r in enumerate(pack.recommendations, 1)] + [""]
    out += ["## 3. The position in brief", "", f"**{md(pack.headline)}**", ""]
    since = f"Since {pack.trend.label}" if pack.trend else ""
    rows = [[s.name, s.grade, s.range] + ([s.trend.moved if s.trend else ""] if since else [])
            + [f"{s.assessed}/{s.items}", f"{s.evidenced}/{s.assessed}"]
            for s in pack.all_sections]
    out += _table(["Judgement", "Likely", "Range"] + ([md(since)] if since else [])
                  + ["Scored", "Strongly evidenced"], rows)
    return out


def render(pack: Pack) -> str:
    out = _front(pack)
    out += ["## 4. Where we stand, judgement by judgement", ""]
    for s in pack.all_sections:
        out += [f"- **{md(s.name)}: {md(s.stands)}**"
                + (f", could be {md(s.range)}" if s.low != s.high else "") + ". "
                + md(" ".join(s.reasons))]
    out += ["", "## 5. How far this can be relied on", ""]
    out += [md(c) + "\n" for c in pack.confidence]
    out += [md(pack.range_note), "", "**Moderation.** " + md(" ".join(
        [pack.moderation_words, *pack.moderation_by_judgement])), ""]
    if pack.audits:
        out += ["**Case audits.** " + md(pack.audits), ""]
    if pack.trend:
        out += [f"## 6. What moved since {md(pack.trend.label)} ({md(pack.trend.taken)})", ""]
        out += _table(["Judgement", "Then", "Now", "Moved", "Items that moved it"],
                      [[s.name, s.trend.before, s.trend.now, s.trend.moved,
                        "; ".join(s.trend.items) or "none"]
                       for s in pack.all_sections if s.trend])
        out += [md(pack.moves_key), ""]
    else:
        out += ["## 6. What moved since the last board", "",
                "No snapshot has been taken yet, so there is nothing to compare with.", ""]
    out += ["## 7. Strengths", ""]
    if pack.grouped_by:
        out += [md(f"Strengths and priorities are grouped by {pack.grouped_by}."), ""]
    out += _table(["Strength", "Counts toward", "Our evidence"],
                  [[i.named, i.judgements, i.rationale] for i in pack.strengths]) \
        if pack.strengths else ["None yet.", ""]
    out += ["## 8. Priorities", ""]
    out += _table(["Priority", "Grade", "Our reasoning", "Action"],
                  [[i.named, i.grade, i.rationale, "; ".join(i.actions) or "NO ACTION YET"]
                   for i in pack.priorities]) if pack.priorities else ["None.", ""]
    out += ["## 9. Action plan", "", md(pack.rag_key) + " Overdue actions first.", ""]
    out += _table(["RAG", "Action", "What", "For", "Owner", "Due", "Status"],
                  [[a.rag_words, a.id, a.text, a.item_short, a.owner, a.due, a.status]
                   for a in pack.actions]) if pack.actions else ["No actions recorded yet.", ""]
    out += ["## Appendix A: every item", ""]
    header = ["Item", "Characteristic", "Grade", "Evidence", "Our reasoning", "Actions"] + (
        ["Case IDs"] if pack.include_cases else [])
    for s in pack.all_sections:
        lines = [r for r in pack.responses if r.judgement_ids[:1] == [s.id]]
        if lines:
            out += [f"### {md(s.name)}", ""]
            out += _table(header, [[r.item, r.short, r.grade,
                                    " ".join(x for x in (r.evidence_strength, r.evidence) if x),
                                    r.note, ", ".join(r.action_ids)]
                                   + ([r.cases] if pack.include_cases else []) for r in lines])
    out += ["## Appendix B: evidence gaps", "",
            f"{len(pack.unevidenced)} items have no evidence attached.", ""]
    if pack.unevidenced:
        out += _table(["Item", "Characteristic", "Grade", "Judgement"],
                      [[i.id, i.short, i.grade, i.why] for i in pack.unevidenced])
    if pack.missing_documents:
        out += ["Documents the framework asks for that are not yet in the register:", ""]
        out += _table(["Code", "Document"], [list(d) for d in pack.missing_documents])
    out += ["## Appendix C: how this is worked out", ""] + [f"- {md(m)}" for m in pack.method]
    out += ["", f"*{md(pack.label)}. Made with readiness on {md(pack.made)}.*", ""]
    return "\n".join(out)
