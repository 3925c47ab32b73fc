"""A mock inspection's settings: the day of the call, the lists, the sample profile and seed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select

from readiness.edits import parse_date
from readiness.errors import ReadinessError
from readiness.tui import messages as msg
from readiness.tui.screens.base import Form, Reads, titled

REGIONS = [("England", "england"), ("Wales", "wales"), ("Scotland", "scotland")]


class MockSettingsScreen(Reads, Form):
    def compose(self) -> ComposeResult:
        settings = self.model.data.mock
        profiles = [(f"{s.id}: {s.title}", s.id) for s in self.bank.samples]
        with VerticalScroll(id="dialog"):
            yield Label("Mock inspection", classes="dialog-title")
            yield titled(Input(f"{settings.notified:%d/%m/%Y}" if settings and settings.notified
                               else "", placeholder="e.g. 24/11/2026", id="notified"),
                         "The day of the call")
            yield titled(Select(REGIONS, value=settings.region if settings else "england",
                                allow_blank=False, id="region"), "Bank holidays of")
            yield titled(Input(settings.lists if settings else "",
                               placeholder="A folder of list-01.csv … or one workbook",
                               id="lists"), "Annex A lists")
            yield titled(Select(profiles, prompt="No sample yet", id="profile",
                                value=settings.profile if settings and settings.profile
                                else Select.NULL), "Sample profile")
            yield titled(Input(str(settings.seed) if settings and settings.seed is not None
                               else "1", id="seed"), "Seed (the same seed, the same sample)")
            yield from self.form_end("Keep")

    def on_mount(self) -> None:
        self.query_one("#notified", Input).focus()

    def submit(self) -> None:
        notified = self.query_one("#notified", Input).value.strip()
        region = str(self.query_one("#region", Select).value)
        lists = self.query_one("#lists", Input).value.strip()
        chosen = self.query_one("#profile", Select)
        profile = "" if chosen.is_blank() else str(chosen.value)
        seed = self.query_one("#seed", Input).value.strip()
        try:
            parse_date(notified, "the day of the call")
            if seed:
                int(seed)
        except ReadinessError as problem:
            self.fail_with(problem)
            return
        except ValueError:
            self.fail(f"The seed {seed!r} is not a whole number.")
            return
        self.post_message(msg.MockChanged(notified, region, lists, profile, seed))
        self.dismiss(True)
