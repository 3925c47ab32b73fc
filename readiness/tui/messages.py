"""Messages up: what a screen asks the app to change. The app applies them through the store.

Screens and widgets never touch the assessment file; they post one of these and the
app does the change, recomputes the judgements and saves.
"""

from __future__ import annotations

from textual.message import Message


class Change(Message):
    """Something the user changed in the assessment."""


class GradeChanged(Change):
    def __init__(self, item: str, grade: str) -> None:
        super().__init__()
        self.item, self.grade = item, grade


class CarriedConfirmed(Change):
    """`c` on an item: the grade carried from another framework becomes the item's grade."""

    def __init__(self, item: str) -> None:
        super().__init__()
        self.item = item


class StrengthChanged(Change):
    def __init__(self, item: str, strength: str) -> None:
        super().__init__()
        self.item, self.strength = item, strength


class SeriousChanged(Change):
    """The assessor's worst grade is (or is no longer) a serious failure."""

    def __init__(self, item: str, serious: bool) -> None:
        super().__init__()
        self.item, self.serious = item, serious


class NoteChanged(Change):
    def __init__(self, item: str, note: str) -> None:
        super().__init__()
        self.item, self.note = item, note


class ItemCleared(Change):
    def __init__(self, item: str) -> None:
        super().__init__()
        self.item = item


class NotApplicable(Change):
    def __init__(self, item: str) -> None:
        super().__init__()
        self.item = item


class EvidenceAttached(Change):
    def __init__(self, item: str, code: str) -> None:
        super().__init__()
        self.item, self.code = item, code


class EvidenceDetached(Change):
    def __init__(self, item: str, code: str) -> None:
        super().__init__()
        self.item, self.code = item, code


class EvidenceSaved(Change):
    def __init__(self, code: str, title: str, location: str, when: str,
                 item: str | None = None) -> None:
        super().__init__()
        self.code, self.title, self.location, self.when, self.item = (
            code, title, location, when, item)


class ActionAdded(Change):
    def __init__(self, item: str, text: str, owner: str, due: str) -> None:
        super().__init__()
        self.item, self.text, self.owner, self.due = item, text, owner, due


class AuditAdded(Change):
    def __init__(self, item: str, case: str, grade: str, note: str, when: str) -> None:
        super().__init__()
        self.item, self.case, self.grade, self.note, self.when = item, case, grade, note, when


class ActionStatusChanged(Change):
    def __init__(self, action: str, status: str) -> None:
        super().__init__()
        self.action, self.status = action, status


class ActionEdited(Change):
    def __init__(self, action: str, text: str, owner: str, due: str) -> None:
        super().__init__()
        self.action, self.text, self.owner, self.due = action, text, owner, due


class EvidenceRemoved(Change):
    """A document taken out of the register (and off every item that cited it)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class MockChanged(Change):
    """A mock inspection's settings: the day of the call, the lists, the sample."""

    def __init__(self, notified: str, region: str, lists: str, profile: str,
                 seed: str) -> None:
        super().__init__()
        self.notified, self.region, self.lists, self.profile, self.seed = (
            notified, region, lists, profile, seed)


class Agreed(Change):
    """The room agreed an item's grade."""

    def __init__(self, item: str, grade: str, serious: bool, note: str) -> None:
        super().__init__()
        self.item, self.grade, self.serious, self.note = item, grade, serious, note


class AgreedCleared(Change):
    """An agreed grade taken off: the assessors' grades count again."""

    def __init__(self, item: str) -> None:
        super().__init__()
        self.item = item


class RosterChanged(Change):
    """A name put on (or taken off) the session's roster."""

    def __init__(self, name: str, add: bool) -> None:
        super().__init__()
        self.name, self.add = name, add


class ConflictChosen(Change):
    """Of two versions a merge kept, keep the one that counts, or take the other."""

    def __init__(self, conflict: str, keep: bool) -> None:
        super().__init__()
        self.conflict, self.keep = conflict, keep
