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

mail_app = typer.Typer(help="Mail in: import .eml/mbox/Maildir, fetch from the configured source, quarantine.",
                       rich_markup_mode=None)
quarantine_app = typer.Typer(help="Mails that could not be parsed or stored, kept with the reason.",
                             rich_markup_mode=None)
mail_app.add_typer(quarantine_app, name="quarantine")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


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


@mail_app.command("import")
def mail_import(
    paths: Annotated[list[Path], typer.Argument(help=".eml files, folders of them, mbox files or Maildirs.")],
    as_json: JsonOpt = False,
) -> None:
    """Take mail in from files (migrations, tests); a Maildir given here is read, not moved.

    No per-sender rate limit here: a migrated mailbox holds many mails of one customer.
    """
    from dataclasses import replace

    from agent_tui.mail.sources import file_source, take_in

    ctx = _cli().context()
    _print_report(take_in(ctx, file_source(paths), replace(_settings(), max_per_sender_per_hour=0)), as_json)


@mail_app.command("fetch")
def mail_fetch(as_json: JsonOpt = False) -> None:
    """Read the configured source (Maildir or IMAP) once; each mail is taken exactly once."""
    from agent_tui.mail.sources import fetch_once

    cli = _cli()
    ctx = cli.context()
    _print_report(fetch_once(ctx, _settings(), warn=cli._warn), as_json)


@mail_app.command("watch")
def mail_watch(
    interval: Annotated[float, typer.Option("--interval", min=1.0, help="Seconds between polls (IMAP IDLE "
                                            "wakes up earlier when the server offers it).")] = 60.0,
) -> None:
    """Fetch from the configured source until stopped (ctrl+c), one status line per round."""
    from agent_tui.mail.sources import watch

    cli = _cli()
    ctx = cli.context()
    settings = _settings()
    if not settings.source:
        raise ConfigError("no mail source is configured: set source = \"maildir\" or \"imap\" in the [mail] "
                          "table of config.toml")
    try:
        watch(ctx, settings, interval=interval, status=lambda line: cli.err.print(Text(line)))
    except KeyboardInterrupt:
        cli.err.print("stopped")


@mail_app.command("password")
def mail_password(
    smtp: Annotated[bool, typer.Option("--smtp", help="The SMTP password of [mail.smtp] (mail out), not IMAP's.")] = False,
) -> None:
    """Store the IMAP (or, with --smtp, the SMTP) password in the OS keyring (read from a prompt or standard input)."""
    import getpass

    from agent_tui.mail.sources import store_imap_password

    settings = _settings()
    if smtp:
        from agent_tui.mail.send import store_smtp_password

        if settings.smtp is None or not settings.smtp.user:
            raise ConfigError("there is no [mail.smtp] table with a user in config.toml")
        secret = getpass.getpass(f"SMTP password for {settings.smtp.account}: ") if sys.stdin.isatty() \
            else sys.stdin.readline().rstrip("\n")
        if not secret:
            raise InvalidInput("empty password; nothing stored")
        store_smtp_password(settings.smtp, secret)
        _cli().out.print("password stored in the keyring")
        return
    if settings.imap is None:
        raise ConfigError("there is no [mail.imap] table in config.toml")
    password = getpass.getpass(f"IMAP password for {settings.imap.account}: ") if sys.stdin.isatty() \
        else sys.stdin.readline().rstrip("\n")
    if not password:
        raise InvalidInput("empty password; nothing stored")
    store_imap_password(settings.imap, password)
    _cli().out.print("password stored in the keyring")


@quarantine_app.command("list")
def quarantine_list(as_json: JsonOpt = False) -> None:
    """Quarantined mails, newest first."""
    from agent_tui.services import mail_intake as mi

    cli = _cli()
    rows = mi.list_quarantine(cli.context())
    if as_json:
        cli.out.print(Text(cli._json_text([r.__dict__ for r in rows])), soft_wrap=True)
        return
    if not rows:
        cli.out.print("the quarantine is empty")
        return
    table = Table("id", "received", "from", "subject", "tries", "reason")
    for r in rows:
        table.add_row(str(r.id), r.received_at.strftime("%Y-%m-%d %H:%M"), Text(r.from_addr), Text(r.subject),
                      str(r.attempts), Text(r.reason))
    cli.out.print(table)


@quarantine_app.command("show")
def quarantine_show(
    inbound_id: Annotated[int, typer.Argument(help="The id from 'mail quarantine list'.")],
    raw: Annotated[bool, typer.Option("--raw", help="Write the mail's raw bytes to standard output.")] = False,
) -> None:
    """One inbound mail: why it is quarantined, and its raw source."""
    from agent_tui.services import mail_intake as mi

    cli = _cli()
    view, data = mi.show_inbound(cli.context(), inbound_id)
    if raw:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    for label, value in (("id", str(view.id)), ("status", view.status), ("message-id", view.message_id),
                         ("from", view.from_addr), ("subject", view.subject), ("source", view.source),
                         ("received", view.received_at.isoformat()), ("tries", str(view.attempts)),
                         ("reason", view.reason), ("size", f"{len(data):,} bytes")):
        cli.out.print(Text(f"{label:<11} {value}"))


@quarantine_app.command("retry")
def quarantine_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Ids to retry (default: --all).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Retry every quarantined mail.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Take quarantined mails in again from their stored bytes (after a fix)."""
    from agent_tui.mail.sources import FetchReport
    from agent_tui.services import mail_intake as mi

    ctx = _cli().context()
    if not ids and not all_:
        raise InvalidInput("name the mails to retry (ids from 'mail quarantine list') or pass --all")
    targets = ids or [r.id for r in mi.list_quarantine(ctx, limit=100_000)]
    settings = _settings()
    _print_report(FetchReport([mi.retry(ctx, i, settings) for i in targets]), as_json)
