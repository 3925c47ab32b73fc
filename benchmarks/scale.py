"""Large assessments for `make bench`: a synthetic bank of N items and a file of M assessors.

The bank is the SIF bank's items repeated under new ids (`X0000`...), written as a bank
TOML into a banks folder that the commands are given with `--banks-dir`. The assessment
is what a long workshop leaves: every item graded by every assessor with a rationale,
evidence cited and registered, some items agreed, some actions, a comment or two.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.banks import Bank


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value if v is not None]
    return value


def write_bank(folder: Path, items: int) -> Bank:
    """A bank of `items` items (the SIF bank's, repeated) as `folder/scale-N.toml`."""
    import msgspec
    import tomlkit

    from readiness.banks import BankSet, load_bank

    sif = BankSet().get("sif-2015")
    raw = msgspec.to_builtins(sif)
    template = raw["item"]
    raw["item"] = [{**template[n % len(template)], "id": f"X{n:04d}"} for n in range(items)]
    raw["enquiry"] = []  # lines of enquiry name SIF's item ids
    raw["id"] = f"scale-{items}"
    raw["title"] = f"Scale test bank of {items} items"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"scale-{items}.toml"
    path.write_text(tomlkit.dumps(_without_none(raw)), encoding="utf-8")
    return load_bank(path)  # checked now, and cached for the commands timed later


def write_assessment(path: Path, bank: Bank, assessors: int) -> Path:
    """Every item graded by each of `assessors`, with a rationale and evidence; every
    tenth item agreed; 40 register entries; an action on every 25th item."""
    slugs = [g.slug for g in bank.scale]
    strengths = ["strong", "partial", "none"]
    documents = bank.evidence[:40]
    at = "2026-11-14T10:30:00Z"
    lines = ["# Scale test: a long workshop's file.", "schema = 2", f'bank = "{bank.id}"',
             f'bank_version = "{bank.version}"', f'bank_hash = "{bank.digest}"',
             'authority = "Benchmark Borough"', "created = 2026-10-01T09:00:00Z",
             f"updated = {at}",
             "roster = [" + ", ".join(f'"Assessor {p}"' for p in range(assessors)) + "]", ""]
    for n, item in enumerate(bank.items):
        lines.append(f"[responses.{item.id}]")
        for p in range(assessors):
            if p:
                lines.append(f"[[responses.{item.id}.entries]]")
            lines += [f'by = "Assessor {p}"', f'grade = "{slugs[(n + p) % 3]}"',
                      f'evidence_strength = "{strengths[(n * p) % 3]}"',
                      f'note = "Rationale {p} for {item.id}: the March audit findings, case '
                      'sampling and what the practice week showed back this grade in every '
                      'team."', f"at = {at}"]
            if p == 0:
                lines.append(f'evidence = ["{documents[n % len(documents)].code}"]')
            lines.append("")
        if n % 10 == 0:
            lines += [f"[responses.{item.id}.agreed]  # agreed in the room",
                      f'id = "{n:08x}"', f'grade = "{slugs[1]}"', 'by = "Chair"',
                      f"at = {at}", ""]
    for n, document in enumerate(documents):
        lines += [f'[evidence."{document.code}"]', f'id = "{n:08x}"',
                  f'title = "Document {document.code}"', ""]
    for n, item in enumerate(bank.items[::25]):
        lines += ["[[actions]]", f'id = "{n:08x}"', f'item = "{item.id}"',
                  f'text = "Action on {item.id}"', f"created = {at}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
