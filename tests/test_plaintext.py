"""A response changed as plain values (`readiness.plaintext`) is written as tomlkit writes it.

An import changes thousands of responses; tomlkit would take most of a minute over a
large workshop's file. A chunk of text that is exactly what the app writes is read as
plain values, changed by the same code, and written by `plaintext.text`; anything
else (a comment, a hand layout, a value `text` does not write) stays with tomlkit. The
tests here show: what `text` writes is tomlkit's text for the same values, reads back
as them, and is its own fixed point; in bulk, files the app wrote take the plain way,
and the bytes saved are those the whole tomlkit document writes; a comment survives.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import plaintext, splice, store
from readiness.assessment import Assessment, Response
from readiness.docpatch import render
from readiness.errors import ReadinessError
from readiness.tomlpos import spaced
from tests.strategies import CASES, CODES, ITEMS, PEOPLE, SLUGS, response
from tests.test_splice import Change, _banks, _same_both_ways

SOME = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
TEXTS = st.sampled_from(["", "Seen in audit", 'A "quoted" view', "back\\slash", "tab\there",
                         "two lines\nof rationale", "windows\r\nline", "é and ü", "'''",
                         'ends with a quote"', "\x7f"])


def _chunk(data: Assessment, item: str) -> str:
    text = spaced(tomlkit.dumps(render(data)))
    layout = splice.Layout.of(text)
    assert layout is not None
    return layout.texts[layout.items[item]]


@SOME
@given(response())
def test_a_response_the_app_wrote_is_written_again_byte_for_byte(found: Response) -> None:
    """Whatever a response holds, `text` writes its chunk exactly as tomlkit wrote it, or
    declines (None) and the chunk stays with tomlkit; it never writes other bytes for
    what tomlkit wrote (agreed grades, written as tables of their own, it declines)."""
    data = Assessment(schema=2, bank="mini", authority="N", responses={"H01": found})
    chunk = _chunk(data, "H01")
    raw = tomllib.loads(chunk)["responses"]["H01"]
    table = plaintext.plain(raw)
    written = plaintext.text("H01", table) if table is not None else None
    body = chunk.rstrip("\n") + "\n"
    assert written is None or written == body
    maps = any(getattr(found, f"{k}_{m}") for k in ("evidence", "cases")
               for m in ("added", "removed"))
    if not (found.agreed or maps):
        assert written == body


def test_a_response_holding_a_map_or_a_table_is_left_to_tomlkit() -> None:
    """tomlkit writes `{ B = ...}` once `A` is taken out of `{A = ..., B = ...}`."""
    stamp = datetime(2026, 11, 26, tzinfo=UTC)
    assert plaintext.plain({"grade": "good", "evidence_removed": {"E1": stamp}}) is None
    assert plaintext.plain({"agreed": {"id": "a", "grade": "good"}}) is None
    assert plaintext.plain({"entries": [{"by": "A", "x": [1]}]}) is None
    assert plaintext.plain({"grade": "good", "entries": [{"by": "A"}]}) is not None


@st.composite
def plain_values(draw: st.DrawFn) -> dict[str, Any]:
    """A response's values as an import leaves them: several assessors' entries, notes
    of every awkward kind, lists, maps of times in more than one time zone."""
    stamp = draw(st.sampled_from([datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
                                  datetime(2026, 11, 26, 9, 30, 0, 1500, tzinfo=UTC),
                                  datetime(2026, 11, 26, 10, 30,
                                           tzinfo=timezone(timedelta(hours=1)))]))

    def entry(by: str) -> dict[str, Any]:
        values: dict[str, Any] = {"by": by, "grade": draw(st.sampled_from(SLUGS))}
        if draw(st.booleans()):
            values["note"] = draw(TEXTS.filter(bool))
        values["at"] = stamp
        if draw(st.booleans()):
            values["serious"] = True
        return values

    people = draw(st.lists(st.sampled_from(PEOPLE), unique=True, min_size=1))
    table = entry(people[0])
    if draw(st.booleans()):
        table["evidence"] = draw(st.lists(st.sampled_from(CODES), unique=True))
    if draw(st.booleans()):
        table["not_applicable"] = False
        table["not_applicable_at"] = stamp
    if people[1:]:
        table["entries"] = [entry(by) for by in people[1:]]
    return table


@SOME
@given(plain_values())
def test_what_plaintext_writes_reads_back_as_the_values_and_is_its_own_fixed_point(
        values: dict[str, Any]) -> None:
    table = plaintext.plain(values)
    assert table is not None
    written = plaintext.text("H01", table)
    assert written is not None
    raw = tomllib.loads(written)["responses"]["H01"]
    assert raw == values
    again = plaintext.plain(raw)
    assert again is not None and plaintext.text("H01", again) == written
    doc = tomlkit.document()  # and it is what tomlkit writes for a table it made
    doc.add("responses", tomlkit.table(is_super_table=True))
    doc["responses"]["H01"] = made = tomlkit.table()
    for key, value in values.items():
        if key == "entries":
            listed = tomlkit.aot()
            for one in value:
                listed.append(tomlkit.table())
                for k, v in one.items():
                    listed[-1][k] = plaintext._value_of(v) if "\n" not in str(v) else \
                        tomlkit.string(v, multiline="\r" not in v)
            made[key] = listed
        elif isinstance(value, str) and "\n" in value and "\r" not in value:
            made[key] = tomlkit.string(value, multiline=True)
        else:
            made[key] = value
    assert spaced(tomlkit.dumps(doc)) == written


# --- in bulk: as an import changes a file ----------------------------------------------


@st.composite
def import_rows(draw: st.DrawFn) -> list[tuple[str, Change]]:
    """What `importer.apply` makes of a spreadsheet's rows."""
    rows: list[tuple[str, Change]] = []
    for _ in range(draw(st.integers(1, 12))):
        item = draw(st.sampled_from([*ITEMS, "C01"]))
        by = draw(st.sampled_from([*PEOPLE, "Dee"]))
        grade = draw(st.sampled_from([*SLUGS, "n/a"]))
        note = draw(TEXTS | st.none())
        strength = draw(st.sampled_from([None, "partial", "strong"]))
        evidence = draw(st.lists(st.sampled_from(CODES), max_size=1))
        cases = draw(st.lists(st.sampled_from(CASES), max_size=2))
        kind = draw(st.sampled_from(["score", "note", "cases"]))
        if kind == "score":
            rows.append((f"score {item} {grade} {by}", lambda e, i=item, g=grade, b=by,
                         n=note, s=strength, v=evidence, c=cases: e.score(
                             i, g, by=b, note=n, strength=s if g != "n/a" else None,
                             evidence=v, cases=c)))
        elif kind == "note" and note:
            rows.append((f"note {item} {by}", lambda e, i=item, b=by, n=note:
                         e.set_note(i, n, by=b)))
        else:
            rows.append((f"cases {item}", lambda e, i=item, c=cases: e.add_cases(i, c)))
    return rows


def _app_written(folder: Path, before: list[tuple[str, Change]]) -> str:
    """A file as the app leaves it after some rows, each saved."""
    editable = store.create(folder / "ours.toml", _banks().get("mini"), "Northshire")
    store.save(editable, new=True)
    for _, make in before:
        try:
            make(editable)
        except ReadinessError:  # a row the bank refuses: a planned import has none
            continue
        store.save(editable)
    return editable.path.read_text(encoding="utf-8")


@SOME
@given(import_rows(), import_rows(), st.booleans())
def test_an_import_into_a_file_the_app_wrote_writes_what_tomlkit_writes(
        tmp_path_factory: pytest.TempPathFactory, before: list[tuple[str, Change]],
        rows: list[tuple[str, Change]], each: bool) -> None:
    """(That files the app wrote take the plain way is shown below.)"""
    folder = tmp_path_factory.mktemp("import")
    text = _app_written(folder, before)
    _same_both_ways(folder, text, [make for _, make in rows], each=each, bulk=True)


def test_an_import_keeps_a_comment_and_changes_the_rest_as_plain_values(
        tmp_path: Path) -> None:
    editable = store.create(tmp_path / "ours.toml", _banks().get("mini"), "Northshire")
    for item in ITEMS:
        editable.score(item, "good", by="Ann", note="First view")
    store.save(editable, new=True)
    text = editable.path.read_text(encoding="utf-8")
    commented = text.replace('note = "First view"\n', 'note = "First view"  # from QA\n', 1)
    editable.path.write_text(commented, encoding="utf-8")
    editable = store.open_for_edit(editable.path, _banks())
    with editable.bulk():
        for item in ITEMS:
            editable.score(item, "inadequate", by="Ann")
            editable.score(item, "good", by="Bob", note="Second view")
        kinds = {item: editable._pieces.open[item].plain is not None  # type: ignore[union-attr]
                 for item in ITEMS}
    assert kinds == {"H01": False, "H02": True, "H03": True}
    store.save(editable)
    out = editable.path.read_text(encoding="utf-8")
    assert 'note = "First view"  # from QA\n' in out
    assert out.count('grade = "inadequate"') == 3 and out.count("Second view") == 3
    assert store.open_for_edit(editable.path, _banks()).data == editable.data
