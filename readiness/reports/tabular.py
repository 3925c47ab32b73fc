"""The CSV export: tidy, one row per item and judgement it counts toward.

An item that counts toward two judgements (adoption and children looked after) has a row
under each, so a pivot table counts every judgement's items right. Every row says it is
a self-assessment. The file is UTF-8 with a byte-order mark (added by `export`), so Excel
on Windows shows curly apostrophes and accents as typed.
"""

from __future__ import annotations

import csv
import io

from readiness.reports.pack import Pack
from readiness.reports.safety import csv_cell

COLUMNS = ["self_assessment", "authority", "bank", "made", "judgement_id", "judgement",
           "item", "characteristic", "grade", "grade_slug", "evidence_strength",
           "strongly_evidenced", "assessors", "evidence", "rationale", "actions"]


def columns(pack: Pack) -> list[str]:
    return [*COLUMNS, "cases"] if pack.include_cases else list(COLUMNS)


def rows(pack: Pack) -> list[dict[str, object]]:
    names = {s.id: s.name for s in pack.all_sections}
    out: list[dict[str, object]] = []
    for r in pack.responses:
        for judgement in r.judgement_ids:
            row: dict[str, object] = {
                "self_assessment": pack.label, "authority": pack.authority,
                "bank": pack.bank_id, "made": pack.made_date.isoformat(),
                "judgement_id": judgement, "judgement": names.get(judgement, judgement),
                "item": r.item, "characteristic": r.short, "grade": r.grade,
                "grade_slug": r.grade_slug, "evidence_strength": r.evidence_strength,
                "strongly_evidenced": "yes" if r.strongly_evidenced else "no",
                "assessors": r.assessors, "evidence": r.evidence, "rationale": r.note,
                "actions": ", ".join(r.action_ids)}
            if pack.include_cases:
                row["cases"] = r.cases
            out.append(row)
    return out


def render_csv(pack: Pack) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(pack))
    writer.writeheader()
    for row in rows(pack):
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buffer.getvalue()
