"""``agent-tui outbox …`` (mail to customers: list, show, retry, flush, watch) and
``agent-tui templates …`` (the customer mail texts: check the gaps, show one rendered).

Registered by ``agent_tui.cli``; the main CLI's ``context()`` and consoles are imported when a
command runs.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from agent_tui.errors import InvalidInput
from agent_tui.i18n import _

outbox_app = typer.Typer(help="Mail to customers: what is queued, sent or failed; send and retry.",
                         rich_markup_mode=None)
templates_app = typer.Typer(help="The texts of the mail to customers, per language.", rich_markup_mode=None)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
STATES = ("queued", "sending", "sent", "retrying", "failed", "unsent")


def _cli():
    from agent_tui import cli

    return cli


def _settings():
    from agent_tui.mail.settings import load_settings

    return load_settings()


def _when(at) -> str:
    from agent_tui.domain.clock import shown_at

    return shown_at(at, _cli().context().tz) if at else "—"


@outbox_app.command("list")
def outbox_list(
    state: Annotated[list[str] | None, typer.Option("--state", help="Only these states (repeatable): "
                                                    + ", ".join(STATES) + ".")] = None,
    ticket: Annotated[int | None, typer.Option("--ticket", help="Only this ticket's mail.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000)] = 100,
    as_json: JsonOpt = False,
) -> None:
    """Mail to customers, newest first, with its delivery state."""
    from agent_tui.services import outbox as ob

    for s in state or []:
        if s not in STATES:
            raise InvalidInput(_("unknown state {state!r}; use one of {states}").format(state=s, states=", ".join(STATES)))
    cli = _cli()
    rows = ob.list_outbox(cli.context(), states=state or (), ticket=ticket, limit=limit)
    if as_json:
        cli.out.print(Text(cli._json_text(rows)), soft_wrap=True)
        return
    if not rows:
        cli.out.print(_("the outbox is empty") if not (state or ticket) else _("no mail matches"))
        return
    table = Table(_("id"), _("ticket"), _("kind"), _("to"), _("state"), _("when"), _("tries"), _("why"))
    for r in rows:
        when = r.sent_at if r.state == "sent" else (r.next_attempt_at if r.state == "retrying" else r.created_at)
        note = r.last_error or (f"in {r.template_language} (no {r.language} template)" if r.fallback else "")
        table.add_row(str(r.id), f"#{r.ticket_number}", r.kind, Text(r.to_addr or "—"), r.state, _when(when),
                      str(r.attempts), Text(note))
    cli.out.print(table)


@outbox_app.command("show")
def outbox_show(
    outbox_id: Annotated[int, typer.Argument(help="The id from 'outbox list'.")],
    raw: Annotated[bool, typer.Option("--raw", help="Write the mail as it is sent (RFC 5322) to standard output.")] = False,
) -> None:
    """One mail: its state, headers and text, exactly as the customer gets it."""
    from agent_tui.mail.send import attachment_names, attachments_of, build, readable
    from agent_tui.services import outbox as ob

    cli = _cli()
    ctx = cli.context()
    view, row = ob.show(ctx, outbox_id)
    msg = build(row, _settings(), attachments_of(ctx, row))
    if raw:
        sys.stdout.buffer.write(msg.as_bytes())
        sys.stdout.flush()
        return
    for label, value in (("id", str(view.id)), ("ticket", f"#{view.ticket_number}"), ("kind", view.kind),
                         ("state", view.state), ("tries", str(view.attempts)), ("error", view.last_error or "—"),
                         ("sent", f"{_when(view.sent_at)} via {view.sent_via}" if view.sent_at else "—"),
                         ("language", view.template_language + (f" (wanted {view.language})" if view.fallback else ""))):
        cli.out.print(Text(f"{label:<10} {value}"))
    cli.out.print()
    for key in ("From", "To", "Cc", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References"):
        if msg[key]:
            cli.out.print(Text(f"{key}: {readable(msg, key)}"))
    cli.out.print()
    cli.out.print(Text(view.body))
    for name, kind in attachment_names(msg):
        cli.out.print(Text(f"attached: {name} ({kind})"))


@outbox_app.command("retry")
def outbox_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Ids to send again (default: --failed).")] = None,
    failed: Annotated[bool, typer.Option("--failed", help="Every failed mail.")] = False,
) -> None:
    """Send failed (or unsent) mail again: due now; 'outbox flush' or the app sends it."""
    from agent_tui.services import outbox as ob

    cli = _cli()
    ctx = cli.context()
    if not ids and not failed:
        raise InvalidInput(_("name the mails to send again (ids from 'outbox list') or pass --failed"))
    targets = ids or [r.id for r in ob.list_outbox(ctx, states=("failed",), limit=100_000)]
    for i in targets:
        view = ob.retry(ctx, i)
        cli.out.print(Text(_("mail {id} (ticket #{number}) is queued again").format(id=view.id, number=view.ticket_number)))
    if not targets:
        cli.out.print(_("no failed mail"))


@outbox_app.command("flush")
def outbox_flush(as_json: JsonOpt = False) -> None:
    """Deliver every due mail now (over SMTP, or to the file sink without [mail.smtp])."""
    from agent_tui.mail.send import flush

    cli = _cli()
    report = flush(cli.context(), _settings())
    if as_json:
        cli.out.print(Text(cli._json_text(report.__dict__)), soft_wrap=True)
    else:
        for line in report.errors:
            cli.err.print(Text(line))
        cli.out.print(Text(_("{sent} sent, {retrying} to retry, {failed} failed, {released} released from a "
                             "stopped sender (via {via})").format(sent=report.sent, retrying=report.retrying,
                                                                   failed=report.failed, released=report.released,
                                                                   via=report.via)))
    if report.failed:
        raise typer.Exit(1)


@outbox_app.command("watch")
def outbox_watch(
    interval: Annotated[float, typer.Option("--interval", min=1.0, help="Seconds between rounds.")] = 10.0,
) -> None:
    """Deliver due mail until stopped (ctrl+c), one line per round that sent anything."""
    from agent_tui.mail.send import watch

    cli = _cli()
    settings = _settings()
    try:
        watch(cli.context(), settings, interval=interval,
              status=lambda r: cli.err.print(Text(_("{sent} sent, {retrying} to retry, {failed} failed").format(
                  sent=r.sent, retrying=r.retrying, failed=r.failed))))
    except KeyboardInterrupt:
        cli.err.print(_("stopped"))


@templates_app.command("check")
def templates_check(as_json: JsonOpt = False) -> None:
    """List what is missing or wrong in any language's templates (exit 1 when something is)."""
    from agent_tui.mail import templates as tpl

    cli = _cli()
    gaps = tpl.check()
    if as_json:
        cli.out.print(Text(cli._json_text([g.__dict__ for g in gaps])), soft_wrap=True)
    elif not gaps:
        cli.out.print(_("every language has every template ({langs})").format(langs=", ".join(sorted(tpl.template_sets()))))
    else:
        for g in gaps:
            cli.out.print(Text(str(g)))
    if gaps:
        raise typer.Exit(1)


@templates_app.command("show")
def templates_show(
    kind: Annotated[str, typer.Argument(help="acknowledgement, reply, info_request, reminder, approval_request, "
                                            "solution, survey, auto_solved or auto_closed.")],
    language: Annotated[str, typer.Option("--language", "-l", help="en, de, pt or nl.")] = "en",
) -> None:
    """One template rendered with example values, as a customer would read it."""
    from datetime import timedelta

    from agent_tui.mail import templates as tpl

    if kind not in tpl.KINDS:
        raise InvalidInput(_("unknown kind {kind!r}; use one of {kinds}").format(kind=kind, kinds=", ".join(tpl.KINDS)))
    settings = _settings()
    example = {"number": 1234, "reference": settings.reference(1234), "subject": "PDF export shows wrong totals",
               "customer_name": "Jana Novak", "desk_name": settings.desk_name, "agent_name": "Alice",
               "body": "(the agent's text)", "solution": "(the proposed solution)", "outcome": "fixed",
               "resolution": "(the resolution)", "autosolve_after": timedelta(days=3),
               "autoclose_after": timedelta(days=4), "after": timedelta(days=3), "time_left": timedelta(days=7),
               "scale_low": 1, "scale_high": 7}
    r = tpl.render(kind, language, example)
    cli = _cli()
    if r.note:
        cli.err.print(Text(r.note))
    cli.out.print(Text(f"Subject: {example['reference']} {r.subject}\n"))
    cli.out.print(Text(r.body))
