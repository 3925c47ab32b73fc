"""The command palette (ctrl+p): every navigation and export, by name or item id."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from readiness.errors import ReadinessError
from readiness.items import resolve_item

if TYPE_CHECKING:
    from readiness.tui.app import ReadinessApp


EXACT = 1e9
"""The score of the item a search names exactly: above every fuzzy match."""


class ReadinessCommands(Provider):
    """Go to an item (type `ESN08`, `esn 8`, `08` or words from it), a judgement or a screen."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app: ReadinessApp = self.app  # type: ignore[assignment]
        found: list[tuple[str, str, object]] = [
            ("Start screen", "Recent assessments, a new one, the demo, or a file by its path",
             app.go_start),
        ]
        if app.editable is None:
            return found
        bank = app.editable.bank
        found += [
            ("Dashboard", "Every judgement at a glance", partial(app.open_screen, "dashboard")),
            ("Lines of enquiry", "Walk the assessment by key line of enquiry",
             partial(app.open_screen, "enquiries")),
            ("Evidence register", "Documents, where they are used, and gaps",
             partial(app.open_screen, "evidence")),
            ("Action plan", "Every action: change its status, edit it, see what is overdue",
             partial(app.open_screen, "actions")),
            ("Mock inspection", "Days to each step from the call, the lists checked, the case "
             "sample, who inspectors see, Annex A", partial(app.open_screen, "mock")),
            ("Export board pack…", "HTML, Word, Excel, Markdown, CSV or JSON",
             partial(app.open_screen, "export")),
        ]
        for judgement in bank.judgements:
            found.append((f"Judgement: {bank.judgement_name(judgement.id)}", judgement.title,
                          partial(app.open_judgement, judgement.id)))
        for item in bank.items:
            found.append((self._item_title(item.id), item.text[:120],
                          partial(app.open_item, item.id, None)))
        return found

    def _item_title(self, item_id: str) -> str:
        app: ReadinessApp = self.app  # type: ignore[assignment]
        item = app.model.bank.item_map[item_id]
        return f"Go to item {item.id}: {item.short or item.text[:50]}"

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands()[:6]:
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        app: ReadinessApp = self.app  # type: ignore[assignment]
        exact = None
        if app.editable is not None:
            try:  # every form the command line accepts: ESN08, esn 08, 08, ESN8
                exact = resolve_item(app.editable.bank, query).id
            except ReadinessError:
                exact = None
        if exact is not None:
            title = self._item_title(exact)
            # Fuzzy scores are not bounded (Textual adds points per matching letter), so
            # the item the text names exactly is given a score no fuzzy match reaches.
            yield Hit(EXACT, title, partial(app.open_item, exact, None), text=title,
                      help="The item with this number")
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            if exact is not None and name == self._item_title(exact):
                continue
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback,  # type: ignore[arg-type]
                          text=name, help=help_text)
