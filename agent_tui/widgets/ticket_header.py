"""The ticket header: subject, status, severity, tier, people, every SLA clock (live), triage and state notes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from agent_tui.i18n import _
from agent_tui.services.views import TicketDetail
from agent_tui.widgets import labels
from agent_tui.widgets.countdown import countdown_text
from agent_tui.widgets.safe import safe_line


def header_text(d: TicketDetail, now: datetime, *, viewers: Iterable[str] = (), drafts: Iterable[str] = ()) -> Text:
    """The header at ``now`` (countdowns computed from the loaded deadlines, no query).

    ``viewers``: other agents with the ticket open; ``drafts``: the kinds of draft this agent keeps here.
    """
    viewers, drafts = list(viewers), list(drafts)
    row = d.row
    head = Text(f"#{row.number} ", style="bold")
    head.append_text(safe_line(row.subject, 200, style="bold"))
    head.append("\n")
    head.append(labels.status(row.status), style="reverse")
    head.append(f"  {labels.severity(row.severity)}{_(' (overridden)') if d.severity_overridden else ''}")
    head.append(f"  {labels.tier(row.tier)}  " + _("assignee: "))
    head.append_text(safe_line(row.assignee or "—", 40))
    head.append("  " + _("customer: "))
    head.append_text(safe_line(row.customer or d.customer_email or "—", 60))
    if row.company:
        head.append(" · ")
        head.append_text(safe_line(row.company, 40))
    if d.cc:
        head.append("  " + _("cc: "), style="dim")
        head.append_text(safe_line(", ".join(d.cc), 80, style="dim"))
    head.append("\n")
    # every clock, the one that matters now (the queue's SLA column, its sort key) marked ▶
    clocks = [d.first_response, d.next_update_clock, d.resolution_clock, row.auto]
    shown = [cd for i, cd in enumerate(clocks) if cd.due_at is not None or i in (0, 2)]
    for i, cd in enumerate(shown):
        if i:
            head.append("   ")
        if row.sla.due_at is not None and cd.label == row.sla.label:
            head.append("▶ ", style="bold")
        head.append_text(countdown_text(cd, now, with_label=True))
    head.append("\n" + _("triage: "), style="dim")
    head.append_text(safe_line(d.triage_reason or d.triage_rule or "—", 160, style="dim"))
    if d.awaiting_approval:
        head.append("\n" + _("awaiting the customer's approval (v records it): "), style="bold")
        head.append_text(safe_line(d.proposed_solution, 120))
        if d.approval_reply is not None:
            verdict, words = d.approval_reply
            style = {"yes": "bold green", "no": "bold red"}.get(verdict, "bold yellow")
            head.append("\n" + _("the customer answered by mail: "), style="bold")
            head.append({"yes": _("reads as yes"), "no": _("reads as no")}.get(verdict, _("unclear, read it")),
                        style=style)
            if words:
                head.append(" (")
                head.append_text(safe_line(", ".join(words), 60))
                head.append(")")
            head.append(_(" — v records the approval") if verdict != "no" else _(" — not approved"), style="dim")
    elif d.hold_reason:
        head.append("\n" + _("on hold: "), style="bold")
        head.append_text(safe_line(d.hold_reason, 160))
    if viewers:
        head.append("\n" + _("also open: "), style="bold yellow")
        head.append_text(safe_line(", ".join(viewers), 120, style="yellow"))
    if drafts:
        head.append("\n" + _("draft kept: "), style="bold cyan")
        head.append(", ".join(labels.draft_kind(k) for k in drafts), style="cyan")
    if d.handed_back is not None:
        head.append("\n" + _("resolved by {agent}, for you to tell the customer (s): ").format(agent=d.handed_back.by),
                    style="bold cyan")
        head.append(labels.outcome(d.handed_back.outcome) + " — ")
        head.append_text(safe_line(d.handed_back.resolution, 120))
    if d.survey_score is not None:
        head.append("\n" + _("survey: {score}/7 (how easy we made it)").format(score=d.survey_score), style="bold")
    if d.outcome:
        head.append("\n" + _("outcome: "), style="bold")
        head.append(labels.outcome(d.outcome))
        if d.resolution:
            head.append(" — ")
            head.append_text(safe_line(d.resolution, 140))
    return head


class TicketHeader(Static):
    def show(self, detail: TicketDetail, now: datetime, *, viewers: Iterable[str] = (),
             drafts: Iterable[str] = ()) -> None:
        self.update(header_text(detail, now, viewers=viewers, drafts=drafts))
