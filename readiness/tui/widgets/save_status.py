"""The save state, always visible: people trust a tool that says it has saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class SaveStatus(Static):
    """`✓ All changes saved`, `… saving`, or in red why the last save failed."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self._show)
        self.watch(self.app, "merged", lambda _: self._show(self.app.save_state),  # type: ignore[attr-defined]
                   init=False)

    def _show(self, state: str) -> None:
        if state == "saved":
            merged = str(getattr(self.app, "merged", ""))
            self.update(Content.assemble(
                Content.styled("✓ All changes saved", "$success"),
                Content.styled(f"  · {merged}", "$text-muted") if merged else ""))
            self.set_class(False, "-error")
        elif state == "saving":
            self.update(Content.styled("… saving", "$text-muted"))
        else:
            self.update(Content.styled(f"✗ NOT SAVED: {state} (ctrl+s to retry)", "bold"))
            self.set_class(True, "-error")
