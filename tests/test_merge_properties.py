"""The merge's promises, stated as properties over generated copies of one assessment.

merge(a, b) == merge(b, a); merge(a, merge(b, c)) == merge(merge(a, b), c);
merge(a, a) == a (for a merged, that is canonical, assessment); nothing any input held
is lost: every fact of every input is in the result at that input's time or later,
every version at the latest time is kept (counting or waiting in `conflicts`), every
conflict record is kept. And a merge laid into someone's file holds exactly its facts.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

import tomlkit
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readiness.assessment import Assessment, Audit, Conflict, EvidenceRef, Response, from_dict
from readiness.docpatch import apply, render
from readiness.merge import facts, merge, same_facts
from tests.strategies import assessment

MANY = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@MANY
@given(assessment(), assessment())
def test_merge_is_commutative(a: Assessment, b: Assessment) -> None:
    assert merge(a, b) == merge(b, a)


@MANY
@given(assessment(), assessment(), assessment())
def test_merge_is_associative(a: Assessment, b: Assessment, c: Assessment) -> None:
    assert merge(a, merge(b, c)) == merge(merge(a, b), c)


@MANY
@given(assessment())
def test_merge_is_idempotent(a: Assessment) -> None:
    once = merge(a)
    assert merge(a, a) == once
    assert merge(once, once) == once
    assert same_facts(once, a)


@MANY
@given(assessment(), assessment())
def test_nothing_any_input_held_is_lost(a: Assessment, b: Assessment) -> None:
    merged = facts(merge(a, b))
    for source in (facts(a), facts(b)):
        for key, versions in source.facts.items():
            if key[0] == "doc" and key[1] in merged.tombs and \
                    versions[0].when <= merged.tombs[key[1]]:
                continue  # registered before its code was taken out of the register
            assert key in merged.facts, key
            kept = merged.facts[key]
            assert kept[0].when >= versions[0].when, key
            if kept[0].when == versions[0].when:
                bodies = {v.body for v in kept}
                if key[0] in ("roster", "na", "evidence", "case"):
                    assert kept[0].body >= max(v.body for v in versions), key
                else:
                    assert {v.body for v in versions} <= bodies, key
        for cid in source.conflicts:
            assert cid in merged.conflicts
        for code, when in source.tombs.items():
            assert merged.tombs[code] >= when
        assert source.orphans <= merged.orphans


def _file(assessment: Assessment) -> tomlkit.TOMLDocument:
    return tomlkit.parse(tomlkit.dumps(render(assessment)))


def _read(doc: tomlkit.TOMLDocument) -> Assessment:
    from pathlib import Path

    text = tomlkit.dumps(doc)
    return from_dict(tomllib.loads(text), text, Path("x.toml"))


@MANY
@given(assessment(), assessment())
def test_a_merge_laid_into_a_file_holds_exactly_the_merged_facts(a: Assessment,
                                                                 b: Assessment) -> None:
    doc = _file(a)
    mine = _read(doc)
    assert same_facts(mine, a)
    merged = merge(a, b)
    apply(doc, merged, mine)
    assert same_facts(_read(doc), merged)


@MANY
@given(assessment(), assessment())
def test_any_assessment_laid_into_any_file_holds_exactly_its_facts(a: Assessment,
                                                                  b: Assessment) -> None:
    doc = _file(a)  # what a three-way merge lays into a file may also drop facts
    apply(doc, merge(b), _read(doc))
    assert same_facts(_read(doc), b)


_FOUND = Conflict(id="0000aaaa", fact=["entry", "H01", "Ann"], kind="same-time",
                  values={"by": "Ann"})


@MANY
@given(assessment(), assessment(), assessment(), st.booleans())
@example(  # found by hypothesis: audits gone and a register entry come, in the tail
    a=Assessment(schema=2, bank="mini", authority="Northshire", responses={"H01": Response()},
                 audits=[Audit(id="0000aaaa", case="C-1", item="H01", grade="outstanding",
                               by="Ann", at=datetime(2026, 11, 1, 10, 0, tzinfo=UTC))],
                 conflicts=[_FOUND]),
    b=Assessment(schema=2, bank="mini", authority="Northshire",
                 evidence={"1.07": EvidenceRef(id="0000aaaa", title="Thresholds")}),
    c=Assessment(schema=2, bank="mini", authority="Northshire", conflicts=[_FOUND]),
    grown=False)
def test_a_merge_laid_into_a_file_in_pieces_writes_what_the_whole_document_writes(
        a: Assessment, b: Assessment, c: Assessment, grown: bool) -> None:
    """A merged save lays the merge into the file on disk parsing only the changed
    responses (seconds saved on a large workshop's file); the text is the whole
    document's, line for line (tomlkit may leave a blank line more or less where a
    table went or came: it spaces a table differently in the whole document and in the
    top and tail alone), and the file holds exactly the merged facts."""
    import re
    from pathlib import Path

    from readiness import store
    from readiness.tomlpos import spaced

    path = Path("x.toml")
    text = spaced(tomlkit.dumps(_file(merge(a))))
    old = _read(tomlkit.parse(text))
    new = merge(a, b) if grown else merge(b, c)  # the file's facts and more, or others
    whole = spaced(tomlkit.dumps(store.lay_into_document(text, old, new, path)))
    fast = store._lay_into_pieces(text, old, new, path, facts(old), facts(new))
    if fast is not None:
        def lines(text: str) -> str:
            return re.sub(r"\n{3,}", "\n\n", text)

        assert lines(fast.decode()) == lines(whole)
    assert same_facts(_read(tomlkit.parse(store.lay_into(text, old, new, path).decode())),
                      new)
