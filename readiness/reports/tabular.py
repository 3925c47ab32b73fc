"""Item responses as rows: the CSV export, and the rows the spreadsheet is built from."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, fields

from readiness.reports.pack import Pack, ResponseLine
from readiness.reports.safety import csv_cell


def columns(pack: Pack) -> list[str]:
    names = [f.name for f in fields(ResponseLine)]
    return names if pack.include_cases else [n for n in names if n != "cases"]


def rows(pack: Pack) -> list[dict[str, object]]:
    keep = columns(pack)
    return [{k: v for k, v in asdict(r).items() if k in keep} for r in pack.responses]


def render_csv(pack: Pack) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(pack))
    writer.writeheader()
    for row in rows(pack):
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buffer.getvalue()
