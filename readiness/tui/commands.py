"""The command palette (ctrl+p): every navigation and export, by name or item id."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from readiness.tui.app import ReadinessApp


class ReadinessCommands(Provider):
    """Go to an item (type `ESN08` or words from it), a judgement or a screen; export."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app: ReadinessApp = self.app  # type: ignore[assignment]
        if app.editable is None:
            return []
        bank = app.editable.bank
        found: list[tuple[str, str, object]] = [
            ("Dashboard", "Every judgement at a glance", partial(app.open_screen, "dashboard")),
            ("Lines of enquiry", "Walk the assessment by key line of enquiry",
             partial(app.open_screen, "enquiries")),
            ("Evidence register", "Documents, where they are used, and gaps",
             partial(app.open_screen, "evidence")),
            ("Export board pack…", "HTML, Word, Excel, Markdown, CSV or JSON",
             partial(app.open_screen, "export")),
        ]
        for judgement in bank.judgements:
            found.append((f"Judgement: {bank.judgement_name(judgement.id)}", judgement.title,
                          partial(app.open_judgement, judgement.id)))
        for item in bank.items:
            found.append((f"Go to item {item.id}: {item.short or item.text[:50]}",
                          item.text[:120], partial(app.open_item, item.id, None)))
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands()[:4]:
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback,  # type: ignore[arg-type]
                          text=name, help=help_text)
