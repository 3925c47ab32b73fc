"""`parse_fast` (rtoml) reads every file exactly as `parse` (tomllib) does.

rtoml reads TOML 1.1, which tomllib does not: a file using what only 1.1 allows must be
refused as `parse` refuses it, with the same message and line; any other file must give
the same assessment. Checked on generated assessments, and on the same texts with
characters put in, taken out and changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import assessment as model
from readiness.docpatch import render
from readiness.errors import AssessmentError
from readiness.tomlpos import spaced
from tests.strategies import assessment

PATH = Path("ours.toml")


def _text(data: model.Assessment) -> str:
    return spaced(tomlkit.dumps(render(data)))


def _outcome(reader: object, text: str) -> object:
    try:
        return reader(text, PATH)  # type: ignore[operator]
    except AssessmentError as error:
        return ("refused", error.message, error.line)
    except (ValueError, RecursionError) as error:  # limits are another module's business
        return ("crashed", type(error).__name__)


PIECES = ["=", "\"", "'", "[", "]", "{", "}", ",", "\n", " ", "#", ".", "\\", "x", "e",
          ":", "0", "1", "T", "Z", "-", "\"\"\"", "'''", "\\x41", "\\e", ",}", "\ufeff",
          "07:32", "true", "nan", "\r\n", "\t", "é"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = _text(draw(assessment()))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.sampled_from(PIECES)) * draw(st.integers(0, 2)) + \
            text[at + cut:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment())
def test_a_generated_file_reads_the_same_with_rtoml(data: model.Assessment) -> None:
    text = _text(data)
    assert model.parse_fast(text, PATH) == model.parse(text, PATH)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_damaged_file_is_refused_or_read_the_same_with_rtoml(text: str) -> None:
    assert _outcome(model.parse_fast, text) == _outcome(model.parse, text)


@pytest.mark.parametrize("text", [
    'schema = 2\nbank = "mini"\nauthority = "N"\nboard = {name = "x",}\n',
    'schema = 2\nbank = "mini"\nauthority = "N"\nboard = {name = "x",\n}\n',
    'schema = 2\nbank = "mini"\nauthority = "N\\e"\n',
    'schema = 2\nbank = "mini"\nauthority = "N\\x41"\n',
    'schema = 2\nbank = "mini"\nauthority = "N"\nupdated = 2026-11-14T10:30Z\n',
    '\ufeffschema = 2\nbank = "mini"\nauthority = "N"\n',
])
def test_what_only_toml_1_1_allows_is_refused_as_tomllib_refuses_it(text: str) -> None:
    refused = _outcome(model.parse, text)
    assert refused[0] == "refused"  # type: ignore[index]
    assert _outcome(model.parse_fast, text) == refused


def test_windows_paths_and_times_in_notes_are_not_taken_for_toml_1_1() -> None:
    text = ('schema = 2\nbank = "mini"\nauthority = "N"\n'
            'title = "C:\\\\evidence\\\\x.pdf, seen at 10:30:00"\n')
    assert not model._newer_toml(text)
    assert model.parse_fast(text, PATH).title == "C:\\evidence\\x.pdf, seen at 10:30:00"
