"""One item: the framework's words, the question, and the keys to score it.

Single keys set the grade (1–4, best first) and the evidence strength (s, p, u); the
judgements the item counts toward are shown below it and move as you score.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from readiness import views
from readiness.assessment import Response
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.tui.widgets.save_status import SaveStatus
from readiness.views import cite


class ItemScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("1", "grade(1)", "Grade", show=False),
        Binding("2", "grade(2)", "Grade", show=False),
        Binding("3", "grade(3)", "Grade", show=False),
        Binding("4", "grade(4)", "Grade", show=False),
        Binding("0", "clear", "Clear grade", show=False),
        Binding("n", "not_applicable", "Not applicable", show=False),
        Binding("s", "strength('strong')", "Strong", show=False),
        Binding("p", "strength('partial')", "Partial", show=False),
        Binding("u", "strength('none')", "Unevidenced", show=False),
        Binding("equals_sign", "agree", "Agree", show=False,
                tooltip="Agree the item's grade for the room: from then on it counts"),
        Binding("tab", "next_person", "Next person", show=False,
                tooltip="Score as the next person on the roster"),
        Binding("exclamation_mark", "serious", "Serious failure", show=False,
                tooltip="Mark (or unmark) your worst grade as a serious failure: children "
                        "harmed or at risk of harm"),
        Binding("r", "rationale", "Rationale", id="rationale",
                tooltip="Write why you gave this grade"),
        Binding("e", "evidence", "Evidence", id="attach",
                tooltip="Attach evidence from the register, or add a new document"),
        Binding("a", "action", "Action", id="action", tooltip="Add an improvement action"),
        Binding("A", "audit", "Case audit", show=False,
                tooltip="Record a case audited against this item"),
        Binding("left_square_bracket", "step(-1)", "Prev", id="prev"),
        Binding("right_square_bracket", "step(1)", "Next", id="next"),
        Binding("d", "descriptors", "Descriptors", show=False),
        Binding("c", "confirm_carried", "Confirm carried", show=False,
                tooltip="Give the item the grade carried from another framework"),
    ]

    def __init__(self, item_id: str, siblings: list[str] | None = None,
                 within: str = "") -> None:
        """`siblings`: the items `[` and `]` step through (default: the item's judgement)."""
        super().__init__()
        self.item_id = item_id
        self.sequence = siblings if siblings and item_id in siblings else None
        self.within = within

    def on_mount(self) -> None:
        if self.sequence is None:
            judgement = self.bank.item_map[self.item_id].judgements[0]
            self.sequence = [i.id for i in self.bank.items_by_judgement[judgement]]
            self.within = self.bank.judgement_name(judgement)
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self._keys()
        self.refresh_view()
        self._show_text()

    @property
    def item_ids(self) -> list[str]:
        return self.sequence or [self.item_id]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="item-title")
        yield Static(id="keys")
        with VerticalScroll(id="item-body"):
            yield Static(id="item-response")
            yield Static(id="item-text")
        yield Static(id="item-judgements")
        yield SaveStatus(id="save-status")
        yield Footer(compact=True, show_command_palette=False)  # every key fits 80 columns

    # --- what is shown --------------------------------------------------------------

    def _keys(self) -> None:
        """Every scoring key on one line that fits 80 columns, for any scale of 2 to 7."""
        bank = self.bank
        keys: list[Content | str] = [Content.styled("Grade", "bold")]
        for n, grade in enumerate(bank.scale, start=1):
            keys += [" ", Content.styled(f"{n}", "reverse bold"), " ",
                     grades.grade(bank, grade.slug, short=True)]
        keys += [" ", Content.styled("0", "reverse bold"), " clear ",
                 Content.styled("n", "reverse bold"), " n/a ",
                 Content.styled("!", "reverse bold"), " serious ",
                 Content.styled("=", "reverse bold"), " agree │ ",
                 Content.styled("s", "reverse bold"), " ", grades.strength("strong", short=True),
                 " ", Content.styled("p", "reverse bold"), " ",
                 grades.strength("partial", short=True), " ",
                 Content.styled("u", "reverse bold"), " ", grades.strength("none", short=True)]
        line = Content.assemble(*keys)
        if line.cell_length > 78:  # long short forms (EM, ES, NY): drop the label to fit
            line = Content.assemble(*keys[2:])
        self.query_one("#keys", Static).update(line)

    def refresh_view(self) -> None:
        bank = self.bank
        item = bank.item_map[self.item_id]
        position = f"  ({self.item_ids.index(self.item_id) + 1} of {len(self.item_ids)})" \
            if len(self.item_ids) > 1 else ""
        people = self.rapp.session_people()
        speaker = (f"  · scoring as {self.rapp.assessor}"
                   + (" (tab: next person)" if len(people) > 1 else "")) if people else ""
        self.query_one("#item-title", Static).update(Content.assemble(
            Content.styled(item.id, "bold reverse"), " ", Content.styled(item.short, "bold"),
            Content.styled(position, "$text-muted"), Content.styled(speaker, "$accent")))
        self.query_one("#item-response", Static).update(self._response())
        lines: list[Content] = []
        for judgement_id in item.judgements:
            result = self.result[judgement_id]
            lines.append(Content.assemble(
                Content.styled(bank.judgement_name(judgement_id), "bold"), "  ",
                grades.likely(bank, result), "  ",
                grades.range_bar(bank, result.likely, result.low, result.high)))
            lines += [Content.styled(f"  • {r}", "$text-muted") for r in result.reasons[:2]]
        self.query_one("#item-judgements", Static).update(Content("\n").join(lines))

    def _response(self) -> Content:
        bank, data = self.bank, self.model.data
        response = data.responses.get(self.item_id)
        view = self.result.views[self.item_id]
        lines: list[Content] = []
        if view.excluded:
            lines.append(Content.styled("Not applicable here: left out of every judgement. "
                                        "Press a grade key to score it again.", "bold"))
        elif response is not None and views.to_review(response, view):
            proposal = views.carried_proposal(bank, response)
            words = views.carried_words(bank, response, proposal=False)
            confirm: list[Content | str] = [
                Content.styled("c", "reverse bold"),
                f" confirms {views.label(bank, proposal)}, "] if proposal else []
            lines.append(Content.assemble(
                Content.styled(f"{words[:1].upper()}{words[1:]}. ", "bold $warning"),
                "It counts toward nothing until confirmed: ", *confirm,
                f"1–{len(bank.scale)} grades it yourself."))
        elif response is None or not response.assessors():
            lines.append(Content.assemble(Content.styled("Not assessed yet. ", "bold"),
                                          f"Press 1–{len(bank.scale)} to grade it."))
        if response is not None:
            counted = views.counting(bank, response, view)
            if counted.grade is not None and not view.excluded:
                lines.append(Content.assemble(
                    Content.styled("Counts: ", "bold"), grades.grade(bank, counted.grade),
                    _serious(view.serious), Content.styled(f"  {counted.why}",
                                                           "$warning" if view.split
                                                           else "$text-muted")))
            for entry in response.assessors():
                mine = entry.by == self.rapp.assessor
                who = Content.styled(f"{entry.by or 'Unnamed'}{' (you)' if mine else ''}: ",
                                     "bold" if mine else "")
                lines.append(Content.assemble(
                    who, grades.grade(bank, entry.grade), _serious(entry.serious),
                    "   evidence ",
                    grades.strength(entry.evidence_strength)))
                if entry.note:
                    lines.append(Content.assemble("   ", Content(entry.note)))
            if view.split:
                lines.append(Content.styled("Assessors disagree (⇅): = agrees a grade for the "
                                            "room.", "$warning"))
            if response.evidence:
                lines.append(Content.styled("Evidence attached:", "bold"))
                for code in response.evidence:
                    ref = data.evidence.get(code)
                    title = ref.title if ref else "(not in the register)"
                    where = f"  [{ref.location}]" if ref and ref.location else ""
                    lines.append(Content(f"  {code}  {title}{where}"))
            if response.cases:
                lines.append(Content(f"Cases sampled: {', '.join(response.cases)}"))
            lines += self._carried(response)
        lines += self._audits()
        actions = data.actions_for(self.item_id)
        if actions:
            lines.append(Content.styled("Actions:", "bold"))
            for action in actions:
                due = f", due {action.due:%d %b %Y}" if action.due else ""
                owner = f" ({action.owner}" + due + ")" if action.owner else (
                    f" ({due[2:]})" if due else "")
                lines.append(Content(f"  {data.action_label(action.id)} [{action.status}] "
                                    f"{action.text}{owner}"))
        return Content("\n").join(lines)

    def _audits(self) -> list[Content]:
        """The case audits of this item: the tally against the benchmark, then each audit
        (evidence people read; they never change the grade)."""
        found = views.audit_lines(self.bank, self.model.data, include_cases=True,
                                  item=self.item_id)
        if not found:
            return []
        tally = views.audit_tally(self.bank, self.model.data.live_audits(self.item_id))
        lines = [Content.styled(f"{tally.words[:1].upper()}{tally.words[1:]}:", "bold")]
        for audit in found:
            lines.append(Content.assemble(
                f"  {audit.date}  {audit.case}  ", Content.styled(audit.grade, "bold"),
                f"  {audit.note}" if audit.note else "",
                Content.styled(f"  ({audit.by})" if audit.by else "", "$text-muted")))
        return lines

    def _carried(self, response: Response) -> list[Content]:
        """Each grade carried here from another framework: what it was, what it proposed,
        why, and whether someone has reviewed it."""
        if not response.carried:
            return []
        lines = [Content.styled("Carried from another framework:", "bold")]
        for c in response.carried:
            other = self.rapp.banks.known(c.bank)
            there = c.grade.replace("_", " ") if c.grade else (
                "not applicable" if c.not_applicable else "not graded")
            if other is not None and c.grade in other.grade_index:
                there = other.grade_label(c.grade).lower()
            proposed = f" → {views.label(self.bank, c.proposed)} proposed" if c.proposed else ""
            done = (f"  reviewed by {c.reviewed_by or 'someone'} on {c.reviewed_at:%d %b %Y}"
                    if c.reviewed_at else "  to review")
            lines.append(Content.assemble(
                f"  {c.item} ({c.bank}): {there}{proposed}, {c.relationship or 'linked'}",
                Content.styled(done, "$text-muted" if c.reviewed_at else "$warning")))
            if c.note:
                lines.append(Content.styled(f"    {c.note}", "$text-muted"))
        return lines

    def _show_text(self) -> None:
        bank = self.bank
        item = bank.item_map[self.item_id]
        register = self.model.data.evidence
        parts: list[Content] = [
            Content(""),
            Content.styled("What good looks like (the framework)", "bold underline"),
            Content(item.text), Content(""),
            Content.styled("Question", "bold underline"), Content(item.question),
        ]
        if item.prompts:
            parts += [Content(""), Content.styled("Prompts an inspector may use",
                                                  "bold underline")]
            parts += [Content(f"  – {p}") for p in item.prompts]
        if item.evidence:
            parts += [Content(""), Content.styled("Suggested evidence (Annex A)",
                                                  "bold underline")]
            for code in item.evidence:
                mark = "✓" if code in register else " "
                parts.append(Content(f" {mark} {code}  {bank.evidence_map[code].title}"))
        parts += self._counterparts()
        names = ", ".join(bank.judgement_name(j) for j in item.judgements)
        tags = f"   Tags: {', '.join(item.tags)}" if item.tags else ""
        parts += [Content(""), Content.styled(f"Counts toward: {names}{tags}. "
                                              f"Source: {cite(bank, item.source)}.",
                                              "$text-muted")]
        self.query_one("#item-text", Static).update(Content("\n").join(parts))

    def _counterparts(self) -> list[Content]:
        """What answers to this item in other frameworks (the crosswalks)."""
        from readiness.crosswalks import counterparts

        item = self.bank.item_map[self.item_id]
        found = counterparts(self.rapp.counterpart_maps(), item.id, item.judgements)
        if not found:
            return []
        lines = [Content(""), Content.styled("In other frameworks", "bold underline")]
        for c in found:
            other = self.rapp.banks.known(c.framework)
            title = other.title if other is not None else c.framework.upper()
            via = f" (through {self.bank.judgement_name(c.via)})" if c.via else ""
            lines.append(Content.assemble(
                Content.styled(f"{title}{via}, {c.relationship}: ", "bold"),
                Content("; ".join(f"{i} {n}" for i, n in zip(c.ids, c.names, strict=True)))))
            if c.note:
                lines.append(Content.styled(f"  {c.note}", "$text-muted"))
        return lines

    # --- keys ---------------------------------------------------------------------

    def action_grade(self, number: int) -> None:
        if number <= len(self.bank.scale):
            self.post_message(msg.GradeChanged(self.item_id, self.bank.scale[number - 1].slug))

    def action_confirm_carried(self) -> None:
        self.post_message(msg.CarriedConfirmed(self.item_id))

    def action_clear(self) -> None:
        self.post_message(msg.ItemCleared(self.item_id))

    def action_not_applicable(self) -> None:
        self.post_message(msg.NotApplicable(self.item_id))

    def action_strength(self, value: str) -> None:
        # Checked by the app when it applies the change: a grade key pressed just before
        # is still on its way (keys typed in a burst arrive before their changes apply).
        self.post_message(msg.StrengthChanged(self.item_id, value))

    def action_agree(self) -> None:
        from readiness.tui.screens.agree import AgreeScreen

        self.app.push_screen(AgreeScreen(self.item_id))

    def action_next_person(self) -> None:
        self.rapp.next_person()

    def action_serious(self) -> None:
        response = self.model.data.responses.get(self.item_id)
        mine = next((e for e in response.assessors() if e.by == self.rapp.assessor), None) \
            if response is not None else None
        worst = self.bank.scale[-1]
        if mine is None or mine.grade != worst.slug:
            self.notify(f"Only a grade of {worst.label.lower()} can be marked a serious failure: "
                        f"grade the item {worst.label.lower()} first "
                        f"({len(self.bank.scale)}).", severity="warning", timeout=5)
            return
        self.post_message(msg.SeriousChanged(self.item_id, not mine.serious))

    def action_rationale(self) -> None:
        from readiness.tui.screens.rationale import RationaleScreen

        response = self.model.data.responses.get(self.item_id)
        mine = ""
        if response is not None:
            mine = next((e.note for e in response.assessors() if e.by == self.rapp.assessor), "")

        self.app.push_screen(RationaleScreen(self.item_id, mine))

    def action_evidence(self) -> None:
        from readiness.tui.screens.attach import AttachScreen

        self.app.push_screen(AttachScreen(self.item_id))

    def action_action(self) -> None:
        from readiness.tui.screens.action import ActionScreen

        self.app.push_screen(ActionScreen(self.item_id))

    def action_audit(self) -> None:
        from readiness.tui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.item_id))

    def action_step(self, step: int) -> None:
        index = self.item_ids.index(self.item_id) + step
        if not 0 <= index < len(self.item_ids):
            where = f" of {self.within}" if self.within else ""
            self.notify(f"{'Last' if step > 0 else 'First'} item{where}.", timeout=3)
            return
        self.item_id = self.item_ids[index]
        self.refresh_view()
        self._show_text()
        self.query_one("#item-body", VerticalScroll).scroll_home(animate=False)

    def action_descriptors(self) -> None:
        from readiness.tui.screens.descriptors import DescriptorsScreen

        self.app.push_screen(DescriptorsScreen(self.bank.item_map[self.item_id].judgements[0]))


def _serious(flag: bool) -> Content:
    return Content.styled("  ‼ serious failure", "bold $error") if flag else Content("")
