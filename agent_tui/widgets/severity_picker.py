"""The severity override picker (``S`` on the ticket screen).

Seed 000 (Tap Inspect) defines what each severity means; the agent sees those
definitions while choosing, and an override is only taken with a reason (it is
recorded in the audit log, and the service refuses an empty one too).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import Input, Select, Static

from agent_tui.domain.severity import Severity
from agent_tui.i18n import _
from agent_tui.widgets import labels
from agent_tui.widgets.modals import Field, FormModal, show_problems

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
        out.append(labels.severity_title(sev.value), style=SEVERITY_STYLES.get(sev, "bold"))
        out.append(f" — {labels.severity_definition(sev.value)}", style="" if sev is chosen or chosen is None else "dim")
    return out


class SeverityPicker(FormModal):
    """Choose a severity (definitions shown) and say why; dismisses with ``{severity, reason}`` or ``None``.

    Confirming without a reason, or with the severity the ticket already has, is refused in the
    picker with the problem named; the typed reason is kept.
    """

    DEFAULT_CSS = """
    SeverityPicker #severity-definitions { margin-top: 1; }
    SeverityPicker #severity-problems { height: auto; }
    """

    def __init__(self, title: Text, current: Severity) -> None:
        options = [(labels.severity_title(s.value), s.value) for s in sorted(Severity, key=lambda s: -s.rank)]
        super().__init__(title, [
            Field("severity", _("Severity"), "select", current.value, options),
            Field("reason", _("Why (required; recorded in the audit log)"),
                  placeholder=_("e.g. the customer cannot publish any report")),
        ], ok=_("Set"))
        self.current = current

    def on_mount(self) -> None:  # FormModal.on_mount runs too (Textual calls every class's handler)
        select = self.query_one("#field-severity", Select)
        select.parent.mount(Static(severity_definitions(self.current), id="severity-definitions"), after=select)
        reason = self.query_one("#field-reason", Input)
        reason.parent.mount(Static("", id="severity-problems"), after=reason)

    @property
    def chosen(self) -> Severity:
        value = self.query_one("#field-severity", Select).value
        return Severity(str(value)) if value is not Select.NULL else self.current

    @on(Select.Changed, "#field-severity")
    def _changed(self) -> None:
        for box in self.query("#severity-definitions").results(Static):
            box.update(severity_definitions(self.chosen))

    def action_submit(self) -> None:
        reason = self.query_one("#field-reason", Input).value.strip()
        problems = []
        if self.chosen is self.current:
            problems.append(_("it is already {severity}: choose another severity").format(
                severity=labels.severity_title(self.current.value).lower()))
        if not reason:
            problems.append(_("a reason is required (it is recorded in the audit log)"))
        show_problems(self.query_one("#severity-problems", Static), _("Not changed:"), problems)
        if not problems:
            self.dismiss({"severity": self.chosen, "reason": reason})
        elif not reason:
            self.query_one("#field-reason", Input).focus()
