"""The ticket header: subject, status, severity, tier, people, every SLA clock (live), triage and state notes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from agent_tui.domain.sla import SlaState
from agent_tui.i18n import _
from agent_tui.services.views import TicketDetail
from agent_tui.widgets import labels
from agent_tui.widgets.countdown import countdown_text
from agent_tui.widgets.safe import safe_line


def header_text(d: TicketDetail, now: datetime, *, viewers: Iterable[str] = (), drafts: Iterable[str] = (),
                narrow: bool = False) -> Text:
    """The header at ``now`` (countdowns computed from the loaded deadlines, no query).

    ``viewers``: other agents with the ticket open; ``drafts``: the kinds of draft this agent keeps here.
    ``narrow`` (80 columns, a split pane): a compact header — people and clocks on one line each, the
    clocks by their short names with the one that matters now marked ▶, and the required-info gaps
    (the side panel folds away); triage's reason is in the timeline.
    """
    viewers, drafts = list(viewers), list(drafts)
    row = d.row
    if narrow:
        return _compact(d, now, viewers, drafts)
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
    # every clock, the one that matters now (the queue's SLA column, its sort key) marked ▶, one within its
    # warning time marked ⚠; a ticket no target of its policy matches says it has no SLA (issue 16)
    clocks = [d.first_response, d.next_update_clock, d.resolution_clock, row.auto]
    if row.has_sla:
        shown = [cd for i, cd in enumerate(clocks) if cd.due_at is not None or i in (0, 2)]
    else:
        head.append(_("no SLA: no target of policy {policy} matches this ticket").format(policy=d.policy),
                    style="dim")
        shown = [cd for cd in clocks[3:] if cd.due_at is not None]
    for i, cd in enumerate(shown):
        if i or not row.has_sla:
            head.append("   ")
        if row.sla.due_at is not None and cd.label == row.sla.label:
            head.append("▶ ", style="bold")
        if cd.state(now) is SlaState.WARNING:
            head.append("⚠ ", style="bold yellow")
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
            head.append(_reading(verdict), style=style)
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


def _reading(verdict: str) -> str:
    """How the customer's mail answer to an approval request reads (never a decision: ``v`` records it)."""
    return {"yes": _("reads as yes"), "no": _("reads as no")}.get(verdict, _("unclear, read it"))


def _compact(d: TicketDetail, now: datetime, viewers: list[str], drafts: list[str]) -> Text:
    row = d.row
    head = Text(f"#{row.number} ", style="bold", no_wrap=True, overflow="ellipsis")
    head.append_text(safe_line(row.subject, 200, style="bold"))
    head.append("\n")
    head.append(labels.status(row.status), style="reverse")
    head.append(f"  {labels.severity(row.severity)}  {labels.tier(row.tier)}  ")
    head.append_text(safe_line(row.assignee or "—", 20))
    head.append(" · ")
    head.append_text(safe_line(row.customer or d.customer_email or "—", 40))
    head.append("\n")
    clocks = [d.first_response, d.next_update_clock, d.resolution_clock]
    first = True
    for cd in clocks:
        if cd.due_at is None and cd is d.next_update_clock:
            continue
        if not first:
            head.append("  ")
        first = False
        if row.sla.due_at is not None and cd.label == row.sla.label:
            head.append("▶", style="bold")
        head.append(f"{labels.clock_short(cd.clock_short) if cd.clock_short else labels.clock(cd.label)} ",
                    style="dim")
        head.append_text(countdown_text(cd, now))
    if row.auto.due_at is not None:
        head.append("  " + labels.clock(row.auto.label) + " ", style="dim")
        head.append_text(countdown_text(row.auto, now))
    fields = d.checklist_fields
    if fields:
        gaps = [f for f in fields if f.key in d.checklist_gaps]
        head.append("\n" + _("required info {done}/{total}").format(done=len(fields) - len(gaps), total=len(fields)),
                    style="dim")
        if gaps:  # one line: the first gap, and how many more
            head.append(": ✗ ", style="bold red")
            head.append_text(safe_line(gaps[0].shown, 40, style="red"))
            if len(gaps) > 1:
                head.append(" " + _("+{count} more").format(count=len(gaps) - 1), style="red")
            head.append("  (C)", style="dim")
    notes = []
    if d.awaiting_approval and d.approval_reply is not None:  # seed 001: "Ja, bitte umsetzen", seen at 80×24 too
        verdict = d.approval_reply[0]
        notes.append(_("the customer answered by mail: ") + _reading(verdict)
                     + (_(" — v records the approval") if verdict != "no" else _(" — not approved")))
    elif d.awaiting_approval:
        notes.append(_("awaiting the customer's approval (v records it)"))
    elif d.hold_reason:
        notes.append(_("on hold: ") + d.hold_reason)
    if d.handed_back is not None:
        notes.append(_("resolved by {agent}, for you to tell the customer (s): ").format(agent=d.handed_back.by)
                     + d.handed_back.resolution)
    if viewers:
        notes.append(_("also open: ") + ", ".join(viewers))
    if drafts:
        notes.append(_("draft kept: ") + ", ".join(labels.draft_kind(k) for k in drafts))
    if d.survey_score is not None:
        notes.append(_("survey: {score}/7 (how easy we made it)").format(score=d.survey_score))
    if notes:
        head.append("\n")
        head.append_text(safe_line(" · ".join(notes), 400, style="bold"))
    return head


class TicketHeader(Static):
    def show(self, detail: TicketDetail, now: datetime, *, viewers: Iterable[str] = (),
             drafts: Iterable[str] = (), narrow: bool = False) -> None:
        self.update(header_text(detail, now, viewers=viewers, drafts=drafts, narrow=narrow))
