"""The severity override picker (``S`` on the ticket screen).

Seed 000 (Tap Inspect) defines what each severity means; the agent sees those
definitions while choosing, and an override is only taken with a reason (it is
recorded in the audit log, and the service refuses an empty one too).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from agent_tui.domain.severity import Severity
from agent_tui.widgets.modals import show_problems

SEVERITY_STYLES = {Severity.CRITICAL: "bold red", Severity.MODERATE: "bold yellow",
                   Severity.GENERAL_QUESTION: "bold green"}


def severity_definitions(chosen: Severity | None = None) -> Text:
    """Every severity with its seed definition, most severe first; ``chosen`` is marked."""
    out = Text()
    for i, sev in enumerate(sorted(Severity, key=lambda s: -s.rank)):
        if i:
            out.append("\n")
        mark = "▶ " if sev is chosen else "  "
        out.append(mark, style="bold")
        out.append(sev.label, style=SEVERITY_STYLES.get(sev, "bold"))
        out.append(f" — {sev.definition}", style="" if sev is chosen or chosen is None else "dim")
    return out


class SeverityPicker(ModalScreen[tuple[Severity, str] | None]):
    """Choose a severity (definitions shown) and say why; dismisses with ``(severity, reason)`` or ``None``."""

    DEFAULT_CSS = """
    SeverityPicker { align: center middle; }
    SeverityPicker > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    SeverityPicker .form-title { text-style: bold; margin-bottom: 1; }
    SeverityPicker #severity-definitions { margin-top: 1; }
    SeverityPicker Label { margin-top: 1; }
    SeverityPicker #severity-problems { color: $error; height: auto; }
    SeverityPicker .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    SeverityPicker .buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Set"),
    ]

    def __init__(self, title: Text, current: Severity) -> None:
        super().__init__()
        self.form_title = title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="form-title")
            yield Label(Text("Severity"))
            yield Select([(Text(s.label), s.value) for s in sorted(Severity, key=lambda s: -s.rank)],
                         value=self.current.value, allow_blank=False, id="field-severity")
            yield Static(severity_definitions(self.current), id="severity-definitions")
            yield Label(Text("Why (required; recorded in the audit log)"))
            yield Input(placeholder="e.g. the customer cannot publish any report", id="field-reason")
            yield Static("", id="severity-problems")
            with Horizontal(classes="buttons"):
                yield Button("Set", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field-severity", Select).focus()

    @property
    def chosen(self) -> Severity:
        value = self.query_one("#field-severity", Select).value
        return Severity(str(value)) if value is not Select.NULL else self.current

    @on(Select.Changed, "#field-severity")
    def _changed(self) -> None:
        self.query_one("#severity-definitions", Static).update(severity_definitions(self.chosen))

    def action_submit(self) -> None:
        reason = self.query_one("#field-reason", Input).value.strip()
        problems = []
        if self.chosen is self.current:
            problems.append(f"it is already {self.current.label.lower()}: choose another severity")
        if not reason:
            problems.append("a reason is required (it is recorded in the audit log)")
        box = self.query_one("#severity-problems", Static)
        show_problems(box, "Not changed:", problems)
        if problems:
            if not reason:
                self.query_one("#field-reason", Input).focus()
            return
        self.dismiss((self.chosen, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#field-reason")
    def _enter(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
