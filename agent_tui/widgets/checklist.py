"""The required-info checklist (seed 004) beside a ticket: each field ✓ with its value or ✗ as a gap."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from agent_tui.i18n import _
from agent_tui.services.views import TicketDetail
from agent_tui.widgets import labels
from agent_tui.widgets.safe import safe_line


def checklist_text(d: TicketDetail) -> Text:
    """The checklist of the ticket's policy with the gaps marked, then the linked articles; values are
    outside text, drawn literally."""
    fields = d.checklist_fields
    out = Text(_("Required info"), style="bold")
    out.append(_("  ({done}/{total}; C edits)").format(done=len(fields) - len(d.checklist_gaps),
                                                       total=len(fields)) + "\n", style="dim")
    for f in fields:
        value = str(d.checklist.get(f.key) or "").strip()
        if f.key in d.checklist_gaps:
            out.append("✗ ", style="bold red")
            out.append(f.shown, style="red")
        else:
            out.append("✓ ", style="green")
            out.append(f.shown + (": " if value else ""))
            if value:
                out.append_text(safe_line(value, 60, style="dim"))
            else:  # a files field met by a file on the ticket
                out.append(_(" (a file is attached: A)"), style="italic dim")
            if f.key in d.prefilled:
                out.append(_(" (from the customer's mail)"), style="italic dim")
        out.append("\n")
    asked = {f.key for f in fields}
    for key, value in d.checklist.items():  # kept from another policy: shown, not asked for
        if key not in asked and str(value or "").strip():
            out.append("· " + labels.checklist(key) + ": ", style="dim")
            out.append_text(safe_line(str(value), 60, style="dim"))
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
