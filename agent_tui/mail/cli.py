"""``agent-tui mail …``: take mail in from files or the configured source; the quarantine.

A Typer sub-app registered by ``agent_tui.cli`` (``app.add_typer(mail_app, name="mail")``). The
main CLI's ``context()`` and consoles are imported when a command runs, not at import time, so
the two modules do not import each other in a circle.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from agent_tui.errors import ConfigError, InvalidInput
from agent_tui.i18n import _  # imported by agent_tui.cli after cli.common chose the language

mail_app = typer.Typer(help=_("Mail in: import .eml/mbox/Maildir, fetch from the configured source, quarantine."),
                       rich_markup_mode=None)
quarantine_app = typer.Typer(help=_("Mails that could not be parsed or stored, kept with the reason."),
                             rich_markup_mode=None)
mail_app.add_typer(quarantine_app, name="quarantine")

JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))]


def _cli():
    from agent_tui import cli

    return cli


def _settings():
    from agent_tui.mail.settings import load_settings

    return load_settings()


def _print_report(report, as_json: bool) -> None:
    cli = _cli()
    if as_json:
        cli.out.print(Text(cli._json_text([r.__dict__ for r in report.results])), soft_wrap=True)
        return
    for r in report.results:
        where = f"#{r.ticket_number}" if r.ticket_number else "-"
        line = f"{r.status:<11} {where:<8} {r.action or '':<11} <{r.message_id}>"
        if r.reason:
            line += f"  {r.reason}"
        cli.out.print(Text(line))
    cli.out.print(Text(report.summary()))


@mail_app.command("import", help=_(
    "Take mail in from files (migrations, tests); a Maildir given here is read, not moved.\n\nNo per-"
    "sender rate limit here: a migrated mailbox holds many mails of one customer."
))
def mail_import(
    paths: Annotated[list[Path], typer.Argument(help=_(".eml files, folders of them, mbox files or Maildirs."))],
    as_json: JsonOpt = False,
) -> None:
    from dataclasses import replace

    from agent_tui.mail.sources import file_source, take_in

    ctx = _cli().context()
    _print_report(take_in(ctx, file_source(paths), replace(_settings(), max_per_sender_per_hour=0)), as_json)


@mail_app.command("fetch", help=_(
    "Read the configured source (Maildir or IMAP) once; each mail is taken exactly once."
))
def mail_fetch(as_json: JsonOpt = False) -> None:
    from agent_tui.mail.sources import fetch_once

    cli = _cli()
    ctx = cli.context()
    _print_report(fetch_once(ctx, _settings(), warn=cli._warn), as_json)


@mail_app.command("watch", help=_(
    "Fetch from the configured source until stopped (ctrl+c), one status line per round."
))
def mail_watch(
    interval: Annotated[float, typer.Option("--interval", min=1.0, help=_("Seconds between polls (IMAP IDLE "
                                              "wakes up earlier when the server offers it)."))] = 60.0,
) -> None:
    from agent_tui.mail.sources import watch

    cli = _cli()
    ctx = cli.context()
    settings = _settings()
    if not settings.source:
        raise ConfigError(_("no mail source is configured: set source = \"maildir\" or \"imap\" in the [mail] "
                            "table of config.toml"))
    try:
        watch(ctx, settings, interval=interval, status=lambda line: cli.err.print(Text(line)))
    except KeyboardInterrupt:
        cli.err.print(_("stopped"))


@mail_app.command("password", help=_(
    "Store the IMAP (or, with --smtp, the SMTP) password in the OS keyring (read from a prompt or standard input)."
))
def mail_password(
    smtp: Annotated[bool, typer.Option("--smtp", help=_("The SMTP password of [mail.smtp] (mail out), not IMAP's."))] = False,
) -> None:
    from agent_tui.mail.send import store_smtp_password
    from agent_tui.mail.sources import store_imap_password

    settings = _settings()
    if smtp:
        if settings.smtp is None or not settings.smtp.user:
            raise ConfigError(_("there is no [mail.smtp] table with a user in config.toml"))
        store_smtp_password(settings.smtp, _read_password(_("SMTP password for {account}: ").format(
            account=settings.smtp.account)))
    else:
        if settings.imap is None:
            raise ConfigError(_("there is no [mail.imap] table in config.toml"))
        store_imap_password(settings.imap, _read_password(_("IMAP password for {account}: ").format(
            account=settings.imap.account)))
    _cli().out.print(_("password stored in the keyring"))


def _read_password(prompt: str) -> str:
    """From a prompt on a terminal, else one line of standard input; empty is refused."""
    import getpass

    password = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        raise InvalidInput(_("empty password; nothing stored"))
    return password


@quarantine_app.command("list", help=_("Quarantined mails, newest first."))
def quarantine_list(as_json: JsonOpt = False) -> None:
    from agent_tui.services import mail_intake as mi

    cli = _cli()
    rows = mi.list_quarantine(cli.context())
    if as_json:
        cli.out.print(Text(cli._json_text([r.__dict__ for r in rows])), soft_wrap=True)
        return
    if not rows:
        cli.out.print(_("the quarantine is empty"))
        return
    table = Table(_("id"), _("received"), _("from"), _("subject"), _("tries"), _("reason"))
    for r in rows:
        table.add_row(str(r.id), r.received_at.strftime("%Y-%m-%d %H:%M"), Text(r.from_addr), Text(r.subject),
                      str(r.attempts), Text(r.reason))
    cli.out.print(table)


@quarantine_app.command("show", help=_("One inbound mail: why it is quarantined, and its raw source."))
def quarantine_show(
    inbound_id: Annotated[int, typer.Argument(help=_("The id from 'mail quarantine list'."))],
    raw: Annotated[bool, typer.Option("--raw", help=_("Write the mail's raw bytes to standard output."))] = False,
) -> None:
    from agent_tui.services import mail_intake as mi

    cli = _cli()
    view, data = mi.show_inbound(cli.context(), inbound_id)
    if raw:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    rows = ((_("id"), str(view.id)), (_("status"), view.status), (_("message-id"), view.message_id),
            (_("from"), view.from_addr), (_("subject"), view.subject), (_("source"), view.source),
            (_("received"), view.received_at.isoformat()), (_("tries"), str(view.attempts)),
            (_("reason"), view.reason), (_("size"), _("{size:,} bytes").format(size=len(data))))
    width = max(len(label) for label, _value in rows) + 1
    for label, value in rows:
        cli.out.print(Text(f"{label:<{width}} {value}"))


@quarantine_app.command("retry", help=_("Take quarantined mails in again from their stored bytes (after a fix)."))
def quarantine_retry(
    ids: Annotated[list[int] | None, typer.Argument(help=_("Ids to retry (default: --all)."))] = None,
    all_: Annotated[bool, typer.Option("--all", help=_("Retry every quarantined mail."))] = False,
    as_json: JsonOpt = False,
) -> None:
    from agent_tui.mail.sources import FetchReport
    from agent_tui.services import mail_intake as mi

    ctx = _cli().context()
    if not ids and not all_:
        raise InvalidInput(_("name the mails to retry (ids from 'mail quarantine list') or pass --all"))
    targets = ids or [r.id for r in mi.list_quarantine(ctx, limit=100_000)]
    settings = _settings()
    _print_report(FetchReport([mi.retry(ctx, i, settings) for i in targets]), as_json)
