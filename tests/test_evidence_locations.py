"""Evidence locations: references to where documents are kept, stored as typed, never followed.

Authorities keep evidence on network drives and SharePoint, outside the assessment's
folder: those are accepted as typed. Only a relative path that climbs out of the folder
is refused, since it would point somewhere else once the folder moves.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from readiness import store
from readiness.banks import BankSet
from readiness.edits import Editable
from readiness.errors import ReadinessError
from tests.conftest import FIXTURES
from tests.helpers import run


@pytest.fixture
def fresh(tmp_path: Path) -> Editable:
    folder = tmp_path / "assessment"
    folder.mkdir()
    return store.create(folder / "ours.toml", BankSet(FIXTURES).get("mini"), "Northshire")


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("/srv/qa/audit 2026.pdf", "file"),
        ("/etc/passwd", "file"),
        ("~/Documents/audit.pdf", "file"),
        ("C:\\QA\\Audits\\March.pdf", "file"),
        ("C:/QA/Audits/March.pdf", "file"),
        ("\\\\council-fs01\\childrens\\QA\\audit.pdf", "file"),
        ("//council-fs01/childrens/QA/audit.pdf", "file"),
        ("https://intranet.northshire.gov.uk/qa/audit", "url"),
        ("https://northshire.sharepoint.com/:b:/r/sites/QA/Shared%20Documents/audit.pdf"
         "?csf=1&web=1&e=AbC123", "url"),
        ("file:///etc/passwd", "file"),
        ("file://council-fs01/childrens/QA/audit.pdf", "file"),
        ("file:///C:/QA/audit.pdf", "file"),
        ("DMS 2026-0412", "reference"),
    ],
)
def test_absolute_unc_and_url_locations_are_stored_exactly_as_typed(
        fresh: Editable, typed: str, kind: str) -> None:
    ref = fresh.add_evidence("QA-1", title="Audit", location=typed, base=fresh.path.parent)
    assert (ref.location, ref.kind) == (typed, kind)
    store.save(fresh)
    saved = tomllib.loads(fresh.path.read_text(encoding="utf-8"))["evidence"]["QA-1"]
    assert saved["location"] == typed


def test_a_location_is_never_read(fresh: Editable, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        if "passwd" in str(self):
            opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    fresh.add_evidence("QA-1", title="x", location="file:///etc/passwd")
    fresh.add_evidence("QA-2", title="x", location="/etc/passwd")
    assert opened == []


@pytest.mark.parametrize(
    "typed",
    ["../elsewhere/x.pdf", "..\\elsewhere\\x.pdf", "docs/../../x.pdf", "file:../x.pdf",
     "./../x.pdf"],
)
def test_relative_paths_that_climb_out_of_the_folder_are_still_refused(
        fresh: Editable, typed: str) -> None:
    with pytest.raises(ReadinessError, match="outside the assessment's folder") as caught:
        fresh.add_evidence("QA-1", title="x", location=typed, base=fresh.path.parent)
    assert "\\\\server\\share" in (caught.value.hint or "")
    assert "QA-1" not in fresh.data.evidence


def test_paths_inside_the_folder_stay_relative(fresh: Editable) -> None:
    docs = fresh.path.parent / "docs"
    docs.mkdir()
    (docs / "audit.pdf").write_text("x")
    absolute = fresh.add_evidence("QA-1", title="x", location=str(docs / "audit.pdf"))
    assert (absolute.location, absolute.kind) == ("docs/audit.pdf", "file")
    relative = fresh.add_evidence("QA-2", title="x", location="docs\\audit.pdf",
                                  base=fresh.path.parent)
    assert relative.location == "docs/audit.pdf"
    as_url = fresh.add_evidence("QA-3", title="x", location="file:docs/audit.pdf",
                                base=fresh.path.parent)
    assert as_url.location == "file:docs/audit.pdf"


def test_the_command_line_accepts_a_network_drive_location(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    unc = "\\\\council-fs01\\childrens\\QA\\audit.pdf"
    result = run("evidence", "add", path, "QA-1", "-t", "Audit", "-l", unc)
    assert result.exit_code == 0, result.stderr
    assert f"at {unc}" in result.stdout
