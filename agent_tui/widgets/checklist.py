"""The required-info checklist (seed 004) beside a ticket: each field ✓ with its value or ✗ as a gap."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from agent_tui.domain.escalation import CHECKLIST_FIELDS
from agent_tui.i18n import _
from agent_tui.services.views import TicketDetail
from agent_tui.widgets import labels
from agent_tui.widgets.safe import safe_line


def checklist_text(d: TicketDetail) -> Text:
    """The checklist with the gaps marked, then the linked articles; values are outside text, drawn literally."""
    out = Text(_("Required info"), style="bold")
    out.append(_("  ({done}/{total}; C edits)").format(done=len(CHECKLIST_FIELDS) - len(d.checklist_gaps),
                                                       total=len(CHECKLIST_FIELDS)) + "\n", style="dim")
    for key in CHECKLIST_FIELDS:
        label = labels.checklist(key)
        value = str(d.checklist.get(key) or "").strip()
        if key in d.checklist_gaps or not value:
            out.append("✗ ", style="bold red")
            out.append(label, style="red")
        else:
            out.append("✓ ", style="green")
            out.append(label + ": ")
            out.append_text(safe_line(value, 60, style="dim"))
            if key in d.prefilled:
                out.append(_(" (from the customer's mail)"), style="italic dim")
        out.append("\n")
    if d.articles:
        out.append("\n" + _("Linked articles") + "\n", style="bold")
        for a in d.articles:
            out.append("• ")
            out.append_text(safe_line(a.title, 60))
            out.append("\n")
    return out


class Checklist(Static):
    def show(self, detail: TicketDetail) -> None:
        self.update(checklist_text(detail))
