"""The evidence pack checked against the bank's catalogue, before inspectors see it.

For every document the bank's catalogue asks for (Annex A's `1.01` ... `3.10` in the SIF)
and every document of the authority's own in the register: is it in the register, does
the registered file exist, is it named with its code as a prefix (where the bank's
`[evidence_rules.naming]` asks for that), and is it older than the bank's
`[evidence_rules.age]` allows (from the register's date, else the file's modification
time, saying which). Then the items with no evidence at all, and, given a folder, the
files named with a catalogue code that the register does not list.

Locations are references: only paths on this computer are looked at (whether the file is
there, and its modification time). URLs, network paths and document-system references
are reported as not checked; nothing is ever opened, fetched or followed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from readiness.assessment import Assessment, EvidenceRef
from readiness.banks import Bank

Where = Literal["path", "url", "network", "other-system", "reference", "none"]
"""What a location is: a path on this computer, a URL, a network (UNC) path, a path on
another kind of computer (C:\\ on Linux), a document-system reference, or nothing given."""
Found = Literal["found", "missing", "not checked", "no location"]
Named = Literal["yes", "no", "not checked", ""]
""""" where there is no naming rule to check, or the document is not in the catalogue."""
DatedFrom = Literal["register", "file modified", ""]

NOT_CHECKED_WHY: dict[str, str] = {
    "url": "URL",
    "network": "network path",
    "other-system": "path on another computer",
    "reference": "reference",
}
"""Why a location was not looked at: what it is (never opened, fetched or followed)."""


@dataclass(frozen=True)
class DocumentCheck:
    """One document: what the catalogue asks for, and what the register and disk say."""

    code: str
    title: str
    in_catalogue: bool
    registered: bool
    location: str = ""
    where: Where = "none"
    found: Found = "no location"
    why_not_checked: str = ""
    named: Named = ""
    file_name: str = ""
    named_as: str = ""
    """The other catalogue code a misnamed file begins with, if any."""
    date: dt.date | None = None
    dated_from: DatedFrom = ""
    months_old: int | None = None
    stale: bool = False
    used_by: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """What is wrong, in words, most important first."""
        out = []
        if self.in_catalogue and not self.registered:
            out.append("not in the register")
        if self.found == "missing":
            out.append("file missing")
        if self.named == "no":
            out.append(f"named with {self.named_as}, not {self.code}" if self.named_as
                       else f"name does not begin with {self.code}")
        if self.stale:
            out.append(f"{self.months_old} months old ({self.dated_from} date)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "title": self.title, "in_catalogue": self.in_catalogue,
            "registered": self.registered, "location": self.location or None,
            "where": self.where, "file": self.found,
            "not_checked": self.why_not_checked or None,
            "named": self.named or None, "file_name": self.file_name or None,
            "named_as": self.named_as or None,
            "date": self.date.isoformat() if self.date else None,
            "dated_from": self.dated_from or None, "months_old": self.months_old,
            "stale": self.stale, "used_by": self.used_by, "problems": self.problems,
        }


@dataclass(frozen=True)
class LooseFile:
    """A file in the evidence folder named with a catalogue code, which the register lacks."""

    code: str
    path: str
    """Relative to the folder searched."""
    registered_as: str
    """Where the register says that code's document is ("" when the code is not in it)."""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "path": self.path,
                "registered_as": self.registered_as or None}


@dataclass(frozen=True)
class EvidenceCheck:
    bank: str
    today: dt.date
    documents: list[DocumentCheck]
    """Catalogue documents in the bank's order, then the authority's own codes."""
    bare_items: list[str]
    """Items that apply and have no evidence at all: no document, no case, no case audit."""
    naming_rule: str
    """The bank's naming rule, verbatim ("" when it has none: names are not checked)."""
    age_months: int | None
    """Older than this many months is flagged (None when the bank gives no age)."""
    scanned: str = ""
    """The folder searched for files the register lacks ("" when none was given)."""
    loose: list[LooseFile] = field(default_factory=list)

    def catalogue(self) -> list[DocumentCheck]:
        return [d for d in self.documents if d.in_catalogue]

    @property
    def unregistered(self) -> list[DocumentCheck]:
        return [d for d in self.documents if d.in_catalogue and not d.registered]

    @property
    def missing(self) -> list[DocumentCheck]:
        return [d for d in self.documents if d.found == "missing"]

    @property
    def misnamed(self) -> list[DocumentCheck]:
        return [d for d in self.documents if d.named == "no"]

    @property
    def stale(self) -> list[DocumentCheck]:
        return [d for d in self.documents if d.stale]

    @property
    def not_checked(self) -> list[DocumentCheck]:
        return [d for d in self.documents if d.found == "not checked"]

    @property
    def undated(self) -> list[DocumentCheck]:
        """Registered documents whose age cannot be told: no date, no file to read it from."""
        return [d for d in self.documents if d.registered and d.date is None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.bank, "checked_on": self.today.isoformat(),
            "naming_rule": self.naming_rule or None, "age_months": self.age_months,
            "documents": [d.to_dict() for d in self.documents],
            "summary": {
                "catalogue": len(self.catalogue()),
                "not_in_register": [d.code for d in self.unregistered],
                "files_missing": [d.code for d in self.missing],
                "misnamed": [d.code for d in self.misnamed],
                "stale": [d.code for d in self.stale],
                "not_checked": [d.code for d in self.not_checked],
                "undated": [d.code for d in self.undated],
            },
            "items_without_evidence": self.bare_items,
            "folder": self.scanned or None,
            "files_not_in_register": [f.to_dict() for f in self.loose],
        }


# --- locations -------------------------------------------------------------------------


def classify(location: str, kind: str | None = None) -> Where:
    """What a register location is, from its text (the stored kind only for references)."""
    text = location.strip()
    if not text:
        return "none"
    if re.match(r"^file:", text, re.IGNORECASE):
        inner = _file_url_path(text)
        return "network" if inner.startswith("//") else _path_kind(inner)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        return "url"
    if kind == "reference" or re.match(r"^[A-Za-z][A-Za-z0-9 _-]+:", text):
        return "reference"  # "SharePoint: QA/1.07", "DMS:12345" (C: is a drive, not a system)
    if text.startswith(("\\\\", "//")):
        return "network"
    if kind == "file" or "/" in text or "\\" in text or re.search(r"\.[A-Za-z0-9]{1,5}$", text):
        return _path_kind(text)
    return "reference"


def _path_kind(text: str) -> Where:
    if re.match(r"^[A-Za-z]:[\\/]", text) and os.name != "nt":
        return "other-system"
    return "path"


def _file_url_path(url: str) -> str:
    from readiness.edits import _file_url_path as inner

    return inner(url)


def local_path(location: str, folder: Path) -> Path:
    """A path location on this computer, absolute (a relative one is from `folder`)."""
    text = location.strip()
    if re.match(r"^file:", text, re.IGNORECASE):
        text = _file_url_path(text)
    path = Path(text).expanduser()
    return path if path.is_absolute() else folder / text.replace("\\", "/")


def file_name(location: str) -> str:
    """The last part of a path location, whichever slashes it uses."""
    text = location.strip()
    if re.match(r"^file:", text, re.IGNORECASE):
        text = _file_url_path(text)
    return re.split(r"[\\/]", text.rstrip("\\/"))[-1]


def starts_with_code(name: str, code: str) -> bool:
    """`name` begins with `code` and the code does not run on ("1.07 x", not "1.071 x").

    Letters and digits are compared without regard to case; after a code ending in a digit
    any character but a digit may follow, after one ending in a letter anything but a letter
    or digit.
    """
    if not code or not name.casefold().startswith(code.casefold()):
        return False
    if len(name) == len(code):
        return True
    following = name[len(code)]
    return not following.isdigit() if code[-1].isdigit() else not following.isalnum()


def code_of(name: str, codes: Iterable[str]) -> str:
    """The catalogue code a file name begins with ("" for none); the longest wins."""
    found = [c for c in codes if starts_with_code(name, c)]
    return max(found, key=len) if found else ""


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (0 when `earlier` is not before it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


# --- the check -------------------------------------------------------------------------


def check(bank: Bank, assessment: Assessment, folder: Path, today: dt.date,
          scan: Path | None = None) -> EvidenceCheck:
    """Every fact about the evidence pack. `folder` is the assessment's folder (relative
    locations are from it); `scan`, a folder to search for files the register lacks."""
    rules = bank.evidence_rules
    naming = rules.naming if rules is not None else None
    age = rules.age if rules is not None else None
    codes = [doc.code for doc in bank.evidence]
    uses = assessment.evidence_uses()
    documents = []
    for doc in bank.evidence:
        ref = assessment.evidence.get(doc.code)
        documents.append(_document(doc.code, doc.title, True, ref, folder, today,
                                   naming is not None, age.months if age else None, codes,
                                   uses.get(doc.code, [])))
    for code, ref in sorted(assessment.evidence.items()):
        if code not in bank.evidence_map:
            documents.append(_document(code, ref.title, False, ref, folder, today, False,
                                       age.months if age else None, codes, uses.get(code, [])))
    return EvidenceCheck(
        bank=bank.id, today=today, documents=documents,
        bare_items=bare_items(bank, assessment),
        naming_rule=naming.quote if naming is not None else "",
        age_months=age.months if age is not None else None,
        scanned=str(scan) if scan is not None else "",
        loose=loose_files(scan, codes, assessment, folder) if scan is not None else [])


def _document(code: str, title: str, in_catalogue: bool, ref: EvidenceRef | None,
              folder: Path, today: dt.date, check_name: bool, age: int | None,
              codes: list[str], used_by: list[str]) -> DocumentCheck:
    if ref is None:
        return DocumentCheck(code, title, in_catalogue, False, used_by=used_by)
    where = classify(ref.location, ref.kind)
    found: Found = "no location"
    why = ""
    modified: dt.date | None = None
    if where == "path":
        path = local_path(ref.location, folder)
        found = "found" if path.exists() else "missing"
        if path.is_file():
            modified = dt.date.fromtimestamp(path.stat().st_mtime)
    elif where != "none":
        found, why = "not checked", NOT_CHECKED_WHY[where]
    named: Named = ""
    name = named_as = ""
    if check_name and where in ("path", "network", "other-system"):
        name = file_name(ref.location)
        named = "yes" if starts_with_code(name, code) else "no"
        if named == "no":
            named_as = code_of(name, [c for c in codes if c != code])
    elif check_name and where != "none":
        named = "not checked"
    date: dt.date | None = ref.date if ref.date is not None else modified
    dated_from: DatedFrom = "register" if ref.date is not None else \
        "file modified" if modified is not None else ""
    months = months_between(date, today) if date is not None else None
    stale = age is not None and date is not None and date < _months_before(today, age)
    return DocumentCheck(code, ref.title or title, in_catalogue, True, ref.location, where,
                         found, why, named, name, named_as, date, dated_from, months, stale,
                         used_by)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of the month where it has fewer days)."""
    import calendar

    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def bare_items(bank: Bank, assessment: Assessment) -> list[str]:
    """Items that apply and have nothing behind them: no document, no case, no audit."""
    audited = {a.item for a in assessment.live_audits()}
    out = []
    for item in bank.items:
        response = assessment.responses.get(item.id)
        if response is not None and (response.not_applicable or response.evidence
                                     or response.cases):
            continue
        if item.id not in audited:
            out.append(item.id)
    return out


def loose_files(scan: Path, codes: list[str], assessment: Assessment,
                folder: Path) -> list[LooseFile]:
    """Files under `scan` whose names begin with a catalogue code but are not registered.

    Hidden folders (the app's own `.readiness` backups among them) are not searched.
    """
    from readiness.errors import ReadinessError

    if not scan.is_dir():
        raise ReadinessError("no such folder to search for evidence", file=scan)
    registered: set[Path] = set()
    for ref in assessment.evidence.values():
        if classify(ref.location, ref.kind) == "path":
            registered.add(local_path(ref.location, folder).resolve())
    out = []
    for root, dirs, files in os.walk(scan):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            code = code_of(name, codes)
            path = Path(root, name)
            if not code or name.startswith(".") or path.resolve() in registered:
                continue
            known = assessment.evidence.get(code)
            out.append(LooseFile(code, path.relative_to(scan).as_posix(),
                                 known.location if known is not None else ""))
    return out
