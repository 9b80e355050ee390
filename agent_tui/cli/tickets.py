"""``agent-tui tickets list`` and ``agent-tui ticket ACTION``: one subcommand per ticket action."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from agent_tui.domain.escalation import CRITERIA, Handover
from agent_tui.domain.limits import MAX_DB_INT
from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.domain.text import clean, one_line
from agent_tui.errors import InvalidInput
from agent_tui.i18n import _, ngettext

from agent_tui.cli.common import (
    out,
    context,
    _split,
    _print_rows,
    Number,
    Expect,
    AsJson,
    _body,
    _done,
    _json,
)


tickets_app = typer.Typer(help=_("List tickets."), rich_markup_mode=None)


ticket_app = typer.Typer(help=_("Act on one ticket (one subcommand per action)."), rich_markup_mode=None)


@tickets_app.command("list", help=_("The queue, most urgent first (or oldest first: --order arrival)."))
def tickets_list(
    status: Annotated[list[str] | None, typer.Option(
        help=_("new, open, pending, on_hold, solved, closed, or 'all'."))] = None,
    severity: Annotated[list[str] | None, typer.Option(help=_("general_question, moderate, critical."))] = None,
    tier: Annotated[list[str] | None, typer.Option(help=_("tier1, tier2, engineering."))] = None,
    assignee: Annotated[str | None, typer.Option(help=_("Agent name; 'none' for unassigned."))] = None,
    mine: Annotated[bool, typer.Option("--mine", help=_("Only tickets assigned to --agent."))] = False,
    search: Annotated[str, typer.Option("--search", "-s", help=_("Text in subject or customer, or a number."))] = "",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    offset: Annotated[int, typer.Option(min=0, max=MAX_DB_INT)] = 0,
    order: Annotated[str, typer.Option(help=_("urgency (most urgent first) or arrival (oldest first)."))] = "urgency",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from agent_tui.services import ticket_queries as tq

    from agent_tui.domain.escalation import parse_tier
    from agent_tui.domain.lifecycle import Status

    ctx = context()
    statuses = _split(status)
    if "all" in statuses:
        statuses = tuple(s.value for s in Status)
    for s in statuses:
        if s not in {x.value for x in Status}:
            raise InvalidInput(_("unknown status {status!r}; use one of: {choices}").format(
                status=s, choices=", ".join(x.value for x in Status)))
    f = tq.QueueFilter(
        statuses=statuses or tq.QueueFilter().statuses,
        severities=tuple(parse_severity(s).value for s in _split(severity)),
        tiers=tuple(parse_tier(t).value for t in _split(tier)),
        assignee=ctx.actor if mine else ("" if assignee == "none" else assignee),
        text=search,
        order=order,
    )
    rows = tq.list_tickets(ctx, f, limit=limit, offset=offset)
    if as_json:
        _json(rows)
    else:
        _print_rows(rows, ctx)


@ticket_app.command("show", help=_("Everything about one ticket: header, checklist, conversation and audit trail."))
def ticket_show(number: Number, as_json: AsJson = False) -> None:
    from agent_tui.domain.clock import shown_at
    from agent_tui.services import ticket_queries as tq

    ctx = context()
    d = tq.get_ticket(ctx, tq.resolve_number(number))
    if as_json:
        _json(d)
        return
    from agent_tui.widgets.countdown import countdown_words
    from agent_tui.widgets.labels import clock

    now, words = ctx.clock.now(), countdown_words()
    r = d.row
    out.print(Text(f"#{r.number} {one_line(r.subject, 200)}", style="bold"))
    out.print(Text(_("{status} · {severity} · {tier} · assignee {assignee} · customer {customer} <{email}> · "
                     "version {version}").format(status=r.status, severity=r.severity, tier=r.tier,
                                                 assignee=r.assignee or "—", customer=one_line(r.customer, 80),
                                                 email=d.customer_email, version=r.version)))
    triage = _("triage: {reason}").format(reason=d.triage_reason)
    out.print(Text(triage + (_(" (overridden)") if d.severity_overridden else "")))
    if r.has_sla:
        out.print(Text(_("first response: {first} · resolution: {resolution} · {auto}: {auto_due}").format(
            first=d.first_response.text(now, words), resolution=d.resolution_clock.text(now, words),
            auto=clock(r.auto.label), auto_due=r.auto.text(now, words))))
    else:
        out.print(Text(_("no SLA: no target of policy {policy} matches this ticket").format(policy=d.policy)))
    if d.hold_reason:
        out.print(Text(_("on hold: {reason}").format(reason=d.hold_reason)))
    if d.outcome:
        out.print(Text(_("outcome: {outcome} — {resolution}").format(outcome=d.outcome,
                                                                     resolution=one_line(d.resolution, 200))))
    gaps = ", ".join(f"{f.shown} ({f.key})" for f in d.checklist_fields if f.key in d.checklist_gaps) or _("complete")
    out.print(Text(_("checklist gaps: {gaps}").format(gaps=gaps)))
    if d.handed_back is not None:
        out.print(Text(_("resolved by {agent} ({outcome}), for Tier 1 to tell the customer: {resolution}").format(
            agent=d.handed_back.by, outcome=d.handed_back.outcome, resolution=one_line(d.handed_back.resolution, 200))))
    if d.survey_score is not None:
        out.print(Text(_("ease survey: {score} of 7").format(score=d.survey_score)))
    allowed = [a.action.replace("_", "-") for a in d.actions if a.allowed]
    out.print(Text(_("you may now ({agent}): {actions}").format(agent=ctx.actor,
                                                                 actions=", ".join(allowed) or _("nothing"))))
    for a in d.attachments:
        out.print(Text(_("attachment {id}: {filename} ({content_type}, {size:,} bytes)").format(
            id=a.id, filename=one_line(a.filename, 120), content_type=a.content_type, size=a.size)))
    out.print(Text(_("— conversation —"), style="dim"))
    for m in d.messages:
        out.print(Text(f"[{shown_at(m.at, ctx.tz)}] {m.kind} {m.author}:", style="bold"))
        out.print(Text(clean(m.body)))
        if m.mail is not None:
            out.print(Text(_mail_line(m.mail, ctx.tz), style="dim"))
    out.print(Text(_("— audit —"), style="dim"))
    for e in d.events:
        change = f" {e.field}: {e.before or '—'} → {e.after or '—'}" if e.field else ""
        out.print(Text(f"{shown_at(e.at, ctx.tz)} {e.actor}: {e.action}{change}"))


@ticket_app.command("create", help=_("Create a ticket; triage decides its severity and tier."))
def ticket_create(
    subject: Annotated[str, typer.Option(help=_("Subject line."))],
    customer_email: Annotated[str, typer.Option("--customer", help=_("Customer e-mail."))],
    body: Annotated[str | None, typer.Option(help=_("Description; '-' reads standard input."))] = None,
    customer_name: Annotated[str, typer.Option("--name")] = "",
    customer_number: Annotated[str | None, typer.Option("--customer-number")] = None,
    channel: Annotated[str, typer.Option()] = "email",
    language: Annotated[str, typer.Option()] = "",
    as_json: AsJson = False,
) -> None:
    from agent_tui.services import intake as ti

    d = ti.create_ticket(context(), subject, _body(body, None, _("description")) if body else "",
                         ti.CustomerInput(email=customer_email, name=customer_name, customer_number=customer_number),
                         channel=channel, language=language)
    _done(d, as_json, _("created, {severity} ({reason})").format(severity=d.row.severity, reason=d.triage_reason))


@ticket_app.command("assign")
def ticket_assign(number: Number, to: Annotated[str | None, typer.Option(help=_("Agent (default: --agent)."))] = None,
                  expect: Expect = None, as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.assign(context(), tq.resolve_number(number), to, expected_version=expect)
    _done(d, as_json, _("assigned to {agent}").format(agent=d.row.assignee))


@ticket_app.command("take", help=_("Take the most urgent unassigned ticket of your tier."))
def ticket_take(as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta

    ctx = context()
    d = ta.take_next(ctx)
    if d is None:
        out.print(_("nothing to take: no unassigned ticket in your tier"))
        raise typer.Exit(0)
    _done(d, as_json, _("taken by {agent}").format(agent=ctx.actor))


@ticket_app.command("reply", help=_("Public reply to the customer."))
def ticket_reply(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                 file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                 attach: Annotated[list[Path] | None, typer.Option("--attach", help="A file to send with the reply (repeatable).")] = None,
                 as_json: AsJson = False) -> None:
    """Public reply to the customer (mailed through the outbox, with --attach files)."""
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    from agent_tui.services.ticket_files import OutgoingFile

    files = [OutgoingFile.from_path(p) for p in attach or []]
    d = ta.reply(context(), tq.resolve_number(number), _body(body, file, _("reply")), expected_version=expect,
                 files=files)
    _done(d, as_json, ngettext("reply queued for the customer with {count} file", "reply queued for the customer with {count} files",
                               len(files)).format(count=len(files)) if files else _("reply queued for the customer"))


@ticket_app.command("note", help=_("Internal note (not shown to the customer)."))
def ticket_note(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                attach: Annotated[list[Path] | None, typer.Option(
                    "--attach", help=_("A file to keep with the note (repeatable; not mailed)."))] = None,
                as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq
    from agent_tui.services.ticket_files import OutgoingFile

    files = [OutgoingFile.from_path(p) for p in attach or []]
    d = ta.note(context(), tq.resolve_number(number), _body(body, file, _("note")), expected_version=expect,
                files=files)
    _done(d, as_json, ngettext("note added with {count} file", "note added with {count} files",
                               len(files)).format(count=len(files)) if files else _("note added"))


@ticket_app.command("contact", help=_(
    "Log a phone call or chat with the customer (no mail goes out); where the policy counts it, it is a "
    "response: it meets the first response and answers the update clock."
))
def ticket_contact(number: Number, via: Annotated[str, typer.Option("--via", help=_("phone or chat."))] = "phone",
                   body: Annotated[str | None, typer.Option("--body", "-m", help=_("What was said."))] = None,
                   file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                   as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.log_contact(context(), tq.resolve_number(number), via, _body(body, file, _("summary")),
                       expected_version=expect)
    counted = bool(d.events) and bool(d.events[-1].details.get("counted"))
    _done(d, as_json, _("contact logged; it counts as a response") if counted
          else _("contact logged; the policy does not count it as a response"))


@ticket_app.command("request-info", help=_(
    "Ask the customer for details: the ticket waits (pending) and auto-solves if they never answer."
))
def ticket_request_info(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                        file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                        as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.request_info(context(), tq.resolve_number(number), _body(body, file, _("request")), expected_version=expect)
    from agent_tui.widgets.labels import clock

    _done(d, as_json, _("waiting for the customer; {auto} at {due}").format(auto=clock(d.row.auto.label),
                                                                             due=d.row.auto.due_at))


@ticket_app.command("customer-reply", help=_(
    "Record a message from the customer (re-opens pending, on-hold and solved tickets)."
))
def ticket_customer_reply(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                          file: Annotated[Path | None, typer.Option()] = None,
                          author: Annotated[str | None, typer.Option()] = None, as_json: AsJson = False) -> None:
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq

    n = tq.resolve_number(number)
    d = ti.customer_message(context(), n, _body(body, file, _("message")), author=author)
    msg = _("customer message added") if d.number == n else _(
        "ticket #{number} is closed: follow-up #{follow_up} opened").format(number=n, follow_up=d.number)
    _done(d, as_json, msg)


@ticket_app.command("hold", help=_("Put on hold (waiting on a third party); the SLA clock pauses."))
def ticket_hold(number: Number, reason: Annotated[str, typer.Option()],
                kind: Annotated[str, typer.Option(help=_("third_party or other."))] = "third_party",
                expect: Expect = None, as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.hold(context(), tq.resolve_number(number), reason, kind, expected_version=expect)
    _done(d, as_json, _("on hold"))


@ticket_app.command("resume")
def ticket_resume(number: Number, note: Annotated[str, typer.Option()] = "", expect: Expect = None,
                  as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.resume(context(), tq.resolve_number(number), note, expected_version=expect)
    _done(d, as_json, _("resumed"))


@ticket_app.command("propose", help=_("Record a proposed solution (seed 001)."))
def ticket_propose(number: Number, solution: Annotated[str, typer.Option()],
                   hotfix: Annotated[bool, typer.Option("--hotfix/--needs-approval", help=_(
                       "A hotfix is applied directly; anything else waits for approval."))] = False,
                   expect: Expect = None, as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.propose_solution(context(), tq.resolve_number(number), solution, hotfix=hotfix, expected_version=expect)
    _done(d, as_json, _("hotfix recorded") if hotfix else _("waiting for the customer's approval"))


@ticket_app.command("approve", help=_("Record the customer's approval of the proposed solution."))
def ticket_approve(number: Number, note: Annotated[str, typer.Option()] = "", expect: Expect = None,
                   as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.approve(context(), tq.resolve_number(number), note, expected_version=expect)
    _done(d, as_json, _("approval recorded"))


@ticket_app.command("escalate", help=_(
    "Escalate with a hand-over; refused while the checklist or hand-over is incomplete."
))
def ticket_escalate(
    number: Number,
    to: Annotated[str, typer.Option("--to", help=_("tier2 or engineering (the next tier)."))],
    criterion: Annotated[str, typer.Option(help="; ".join(f"{t.value}: {', '.join(c)}" for t, c in CRITERIA.items()))],
    findings: Annotated[str, typer.Option()] = "",
    steps: Annotated[str, typer.Option("--steps", help=_("Steps taken so far."))] = "",
    workaround: Annotated[str, typer.Option()] = "",
    logs: Annotated[str, typer.Option()] = "",
    expect: Expect = None,
    as_json: AsJson = False,
) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.escalate(context(), tq.resolve_number(number), to, criterion, Handover(findings, steps, workaround, logs),
                    expected_version=expect)
    _done(d, as_json, _("escalated to {tier}").format(tier=d.row.tier))


@ticket_app.command("deescalate", help=_("Back to Tier 1, who tells the customer."))
def ticket_deescalate(number: Number, summary: Annotated[str, typer.Option()], expect: Expect = None,
                      as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.deescalate(context(), tq.resolve_number(number), summary, expected_version=expect)
    _done(d, as_json, _("back at tier1"))


@ticket_app.command("solve")
def ticket_solve(number: Number, outcome: Annotated[str, typer.Option(
        help=_("fixed, workaround, answered_with_article, added_to_roadmap, cannot_reproduce, third_party, duplicate"))],
                 resolution: Annotated[str, typer.Option()] = "", expect: Expect = None,
                 as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.solve(context(), tq.resolve_number(number), outcome, resolution, expected_version=expect)
    if d.row.status != "solved" and d.handed_back is not None:  # seed 003: Tier 1 tells the customer
        _done(d, as_json, _("resolved ({outcome}); back to Tier 1 ({agent}), who tells the customer").format(
            outcome=d.handed_back.outcome, agent=d.row.assignee or "—"))
        return
    _done(d, as_json, _("solved ({outcome})").format(outcome=d.outcome))


@ticket_app.command("reopen")
def ticket_reopen(number: Number, reason: Annotated[str, typer.Option()] = "", expect: Expect = None,
                  as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.reopen(context(), tq.resolve_number(number), reason, expected_version=expect)
    _done(d, as_json, _("reopened"))


@ticket_app.command("close")
def ticket_close(number: Number, expect: Expect = None, as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.close(context(), tq.resolve_number(number), expected_version=expect)
    _done(d, as_json, _("closed"))


@ticket_app.command("survey", help=_("Record the customer's one-question ease score after solve."))
def ticket_survey(number: Number, score: Annotated[int, typer.Option(min=1, max=7, help=_("1 (very hard) … 7 (very easy)."))],
                  comment: Annotated[str, typer.Option()] = "", as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.record_survey(context(), tq.resolve_number(number), score, comment)
    _done(d, as_json, _("survey {score} recorded").format(score=score))


SEVERITY_HELP = " ".join(f"{s.value}: {_(s.definition)}" for s in Severity)


@ticket_app.command("severity", help=_("Override triage's severity with a reason (recorded, deadlines recomputed)."))
def ticket_severity(number: Number, level: Annotated[str, typer.Argument(help=SEVERITY_HELP)],
                    reason: Annotated[str, typer.Option(help=_("Why (required; recorded in the audit log)."))] = "",
                    expect: Expect = None, as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    d = ta.set_severity(context(), tq.resolve_number(number), parse_severity(level), reason, expected_version=expect)
    _done(d, as_json, _("severity {severity}").format(severity=d.row.severity))


@ticket_app.command("checklist", help=_(
    "Fill in required info: customer_number, domain, contact, error_message, reproduction_steps, "
    "environment, end_customer_contact."
))
def ticket_checklist(number: Number, fields: Annotated[list[str], typer.Argument(help=_("key=value pairs."))],
                     expect: Expect = None, as_json: AsJson = False) -> None:
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq

    values = {}
    for item in fields:
        if "=" not in item:
            raise InvalidInput(_("expected key=value, got {item!r}").format(item=item))
        k, v = item.split("=", 1)
        values[k.strip()] = v
    d = ta.update_checklist(context(), tq.resolve_number(number), values, expected_version=expect)
    _done(d, as_json, _("checklist complete") if not d.checklist_gaps
          else _("checklist missing {fields}").format(fields=", ".join(d.checklist_gaps)))


@ticket_app.command("link", help=_("Link a KB article to the ticket."))
def ticket_link(number: Number, article: Annotated[str, typer.Argument(help=_("Article slug or id."))]) -> None:
    from agent_tui.services import kb as kb_svc
    from agent_tui.services import ticket_queries as tq

    ctx = context()
    kb_svc.link_article(ctx, tq.resolve_number(number), article)
    out.print(Text(_("#{number}: linked {article}").format(number=tq.resolve_number(number), article=article)))


def _mail_line(mail, tz) -> str:
    """How the message's mail went, for ``ticket show`` (the timeline's delivery line as text)."""
    from agent_tui.domain.clock import shown_at

    when = mail.sent_at if mail.state == "sent" else mail.next_attempt_at if mail.state == "retrying" else None
    state = _("file sink") if mail.state == "sent" and mail.sent_via.startswith("file:") else mail.state
    line = _("mail {id} to {to}: {state}").format(id=mail.id, to=one_line(mail.to_addr or "—", 80), state=state)
    if when is not None:
        line += f" {shown_at(when, tz)}"
    if mail.last_error:
        line += f" — {one_line(mail.last_error, 160)}"
    return line
