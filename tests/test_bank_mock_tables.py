"""The mock-inspection tables of a bank: every cross-reference problem named at its line.

`tests/fixtures/mock/mock.toml` is the test bank plus two child lists, a code list, list
rules, two sample profiles, a timeline and a meeting. Each test breaks one thing and
checks the message and the line it is reported at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.banks import load_bank
from readiness.errors import BankError, ErrorList, ReadinessError
from tests.conftest import FIXTURES
from tests.helpers import line_of, write_bank

MOCK = FIXTURES / "mock" / "mock.toml"


def mock_text() -> str:
    return MOCK.read_text(encoding="utf-8")


def _errors(tmp_path: Path, text: str) -> list[BankError]:
    path = write_bank(tmp_path, text)
    with pytest.raises(ReadinessError) as caught:
        load_bank(path, cache=False)
    error = caught.value
    errors = error.errors if isinstance(error, ErrorList) else [error]
    assert all(isinstance(e, BankError) and e.file == path for e in errors)
    return [e for e in errors if isinstance(e, BankError)]


def _one(tmp_path: Path, text: str, fragment: str) -> BankError:
    found = [e for e in _errors(tmp_path, text) if fragment in e.message]
    assert found, [e.message for e in _errors(tmp_path, text)]
    return found[0]


def test_the_mock_bank_loads_with_every_table() -> None:
    bank = load_bank(MOCK, cache=False)
    assert [c.id for c in bank.child_lists] == ["list-01", "list-02"]
    assert bank.child_lists[1].column("legal_status") is not None
    assert bank.code_list_map["legal-status"].code_set() == {"C1", "C2"}
    assert [s.id for s in bank.samples] == ["small", "bigger"]
    assert [t.id for t in bank.timeline] == ["audit", "feedback", "report"]
    assert bank.meetings[0].weeks == [3]


CASES = [
    # (what is changed, into what, a fragment of the message, the line it is reported at)
    # A column is reported at its list's `columns = [` line (the message names the column).
    ('codes = "legal-status"', 'codes = "legal"', "takes its codes from 'legal'",
     (r"^columns = \[", 1)),
    ('kind = "code", codes = "legal-status"', 'kind = "code"', "name its [[code_list]]",
     (r"^columns = \[", 1)),
    ('{ key = "missing_episodes", heading = "Missing episodes", kind = "number" }',
     '{ key = "missing_episodes", heading = "Missing episodes", kind = "number", codes = "x" }',
     "names codes but is not", (r"^columns = \[", 1)),
    ('{ key = "referral_date", heading', '{ key = "date_of_birth", heading',
     "has the column 'date_of_birth' twice", r"^columns = \["),
    ('basis = "framework", source = "mini para 10" }', 'basis = "framework" }',
     "basis \"framework\" but no source", r"^columns = \["),
    ('{ code = "C2", label', '{ code = "C1", label', "has the code 'C1' twice", r'code = "C1"'),
    ('lists = ["list-02"]\nsource = "mini para 12"', 'lists = ["list-09"]\nsource = "mini para 12"',
     "applies to 'list-09'", r'lists = \["list-09"\]'),
    ('check = "one-row"\ncolumn = "child_id"\n', 'check = "one-row"\n', "name it in `column`",
     r'check = "one-row"'),
    ('check = "same-id"\ncolumn = "child_id"', 'check = "same-id"\ncolumn = "pupil_id"',
     "reads the column 'pupil_id'", r'column = "pupil_id"'),
    ('agree = ["date_of_birth"]', 'agree = ["birthday"]', "compares the column 'birthday'",
     r'^agree = \["birthday"\]'),
    ('includes = ["small"]', 'includes = ["smaller"]', "includes 'smaller'",
     r'includes = \["smaller"\]'),
    ('includes = ["small"]', 'includes = ["bigger"]', "includes itself",
     r'includes = \["bigger"\]'),
    ('within = "looked-after"', 'within = "cared-for"', "within 'cared-for'",
     r'within = "cared-for"'),
    ('count = 2\nwhen', 'count = 0\nwhen', "the rules within it ask for 1", r"^count = 0"),
    ("total = 4", "total = 3", "its rules and includes ask for 4", (r"^total = 3", 1)),
    ('basis = "method"\nreading = "missing at least once"\n', 'basis = "method"\n',
     "needs a `reading`", (r'^basis = "method"', 6)),  # after the 6 method rules
    ('when = [{ lists = ["list-01"] }, ', 'when = [{ lists = ["list-07"] }, ',
     "reads 'list-07'", r'lists = \["list-07"\]'),
    ('column = "ceased", blank = true', 'column = "closed", blank = true',
     "has the column 'closed'", r'column = "closed"'),
    ('column = "ceased", blank = true', 'column = "ceased"', "has exactly one test",
     r'column = "ceased" \}'),
    ('column = "missing_episodes", at_least = 1', 'column = "ceased", at_least = 1',
     "at_least tests a number", r'column = "ceased", at_least'),
    ('{ lists = ["list-02"], absent = true }',
     '{ lists = ["list-02"], absent = true, column = "ceased", blank = true }',
     "cannot both test a column and ask that the child be absent", r"absent = true, column"),
    ('{ lists = ["list-02"], column = "ceased", blank = true }',
     '{ lists = ["list-02"], column = "legal_status", any_of = ["C9"] }',
     "'C9' is not a code of 'legal-status'", r'any_of = \["C9"\]'),
    ('{ lists = ["list-02"], column = "ceased", blank = true }',
     '{ lists = ["list-02"], column = "ceased", months_ago = [6, 3] }',
     "months_ago is two numbers, nearest first", r"months_ago = \[6, 3\]"),
    ('day = "Monday"\nto_day = "Friday"', 'day = "Friday"\nto_day = "Monday"',
     "ends (Monday) before it starts (Friday)", r'^to_day = "Monday"'),
    ('after = "feedback"', 'after = "fieldwork"', "counts from 'fieldwork'",
     r'^after = "fieldwork"'),
    ('after = "feedback"\nworking_days = 20', 'after = "report"\nworking_days = 20',
     "counts from itself", r'^after = "report"'),
    ('after = "feedback"\nworking_days = 20', 'working_days = 20', "needs both `after`",
     r'^id = "report"'),
    ('id = "feedback"\nwhat = "Feedback"\nby = "inspectors"\nweek = 4',
     'id = "feedback"\nwhat = "Feedback"\nby = "inspectors"\nafter = "audit"\n'
     'working_days = 1\nweek = 4',
     "either `week` and `day` or `after` and `working_days`", r'^id = "feedback"'),
    ('id = "audit"\nwhat', 'id = "list-02-stage2"\nwhat', "kept for the child lists' deadlines",
     r'^id = "list-02-stage2"'),
    ('id = "report"\nwhat', 'id = "feedback"\nwhat', "duplicate timeline step id 'feedback'",
     (r'^id = "feedback"', 1)),
    ("weeks = [3]", "weeks = [0]", "weeks count from 1", r"^weeks = \[0\]"),
]


@pytest.mark.parametrize(("old", "new", "fragment", "line"), CASES,
                         ids=[c[2][:40] for c in CASES])
def test_a_broken_mock_table_is_named_at_its_line(
    tmp_path: Path, old: str, new: str, fragment: str, line: str | tuple[str, int]
) -> None:
    text = mock_text()
    assert old in text, old
    text = text.replace(old, new, 1)
    error = _one(tmp_path, text, fragment)
    pattern, nth = (line, 0) if isinstance(line, str) else line
    assert error.line == line_of(text, pattern, nth=nth), (error.line, str(error))


def test_an_unknown_key_in_a_sample_rule_is_reported(tmp_path: Path) -> None:
    text = mock_text().replace('label = "looked after"\n', 'label = "looked after"\nsize = 2\n')
    error = _one(tmp_path, text, "unknown field `size`")
    assert error.line == line_of(text, r"^size = 2")
