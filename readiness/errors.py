"""The app's own errors: one type, shown well.

Every failure a user can cause (a broken file, an unknown item, a wrong date) is raised
as a `ReadinessError`, which the CLI prints as one line and the TUI shows in a dialog.
Anything else escaping is a bug in the app, not in the user's input.
"""

from __future__ import annotations

from pathlib import Path


class ReadinessError(Exception):
    """A problem the user can fix, with where it is (file and line) when there is a where."""

    title = "Problem"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.hint = hint

    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}\n  {self.hint}" if self.hint else text


class BankError(ReadinessError):
    title = "Question bank problem"


class AssessmentError(ReadinessError):
    title = "Assessment problem"


class SaveConflict(AssessmentError):
    """Another writer got there first; saving now would overwrite their work."""

    title = "Not saved: the file changed"


class LockedError(AssessmentError):
    title = "Not saved: someone else is saving"


class ImportRowsError(ReadinessError):
    title = "Nothing imported"


class ErrorList(ReadinessError):
    """Several problems found in one pass (a bank, an import), reported together."""

    def __init__(self, errors: list[ReadinessError], *, more: str | None = None) -> None:
        self.errors = errors
        self.more = more
        """What was found but not listed ("and 4,980 more problems on ..."), if anything."""
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, hint=first.hint)
        self.title = type(first).title

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors]
        if self.more:
            lines.append(f"{self.errors[-1].file}: {self.more}" if self.errors[-1].file
                         else self.more)
        return "\n".join(lines)
