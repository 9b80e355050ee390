"""The scriptable interface (Typer), one module per command group. Every command calls services;
errors are one line and a non-zero exit (see :func:`main`).

``cli.common`` holds the root app and the shared helpers; ``cli.tickets``, ``cli.kb``, ``cli.transfer``
(import, export), ``cli.report`` and ``cli.admin`` (init, demo, sweep, agents, policies, calendars,
secrets) the commands; ``agent_tui.mail.cli`` the ``mail`` group.
"""

from __future__ import annotations

import copy
import sys
from typing import Annotated

import typer
from rich.text import Text

from agent_tui import __version__
from agent_tui.domain.text import one_line, storable
from agent_tui.errors import AgentTuiError
from agent_tui.cli.common import (  # the names agent_tui.mail.cli and the tests use as cli.<name>
    _json,
    _json_text,
    _launch,
    _warn,
    app,
    context,
    err,
    out,
    state,
)
from agent_tui.cli import admin, kb, report, tickets, transfer
from agent_tui.i18n import _  # after cli.common, which chose the language
from agent_tui.mail.cli import mail_app
from agent_tui.mail.outbox_cli import outbox_app, templates_app

app.add_typer(transfer.import_app, name="import")
app.add_typer(tickets.tickets_app, name="tickets")
app.add_typer(tickets.ticket_app, name="ticket")
app.add_typer(kb.kb_app, name="kb")
app.add_typer(admin.agent_app, name="agent")
app.add_typer(admin.policy_app, name="policy")
app.add_typer(admin.secrets_app, name="secrets")
app.add_typer(report.report_app, name="report")
app.add_typer(admin.calendar_app, name="calendar")
app.add_typer(admin.sla_app, name="sla")
app.add_typer(mail_app, name="mail")
app.add_typer(outbox_app, name="outbox")
app.add_typer(templates_app, name="templates")


@app.callback(invoke_without_command=True)
def main_callback(
    typer_ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help=_("Database URL (sqlite:///PATH or postgresql+psycopg://user@host/db). Env: AGENT_TUI_DATABASE_URL."))] = None,
    agent: Annotated[str | None, typer.Option("--agent", help=_("Who you are (agent name). Env: AGENT_TUI_AGENT."))] = None,
    version: Annotated[bool, typer.Option("--version", help=_("Print the version and exit."))] = False,
) -> None:
    if version:
        out.print(f"agent-tui {__version__}")
        raise typer.Exit()
    state.db_url, state.agent = db, agent
    del db  # a URL may carry a password: keep it out of this frame's locals (crash screens print locals)
    if typer_ctx.invoked_subcommand is None:
        _launch(context())


def _usage_line(exc: typer.TyperException) -> str:
    """Typer's usage errors as one line, with the help command to read."""
    message = " ".join(exc.format_message().split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", "") or "agent-tui"
    return _("error: {message} (see '{command} --help')").format(message=message, command=path)


def _hide_passwords_from_ps(args: list[str]) -> bool:
    """Rewrite this process's title so ``ps`` shows ``--db postgresql://u:***@h/db``; True if one was given."""
    from agent_tui.store.urls import mask_url

    shown = [mask_url(a) for a in args]
    if shown == args:
        return False
    from setproctitle import setproctitle

    setproctitle(" ".join(["agent-tui", *shown]))
    return True


def _app_for(args: list[str]) -> typer.Typer:
    """The root app with only the command group ``args`` names (``kb`` for ``kb search …``): Typer builds
    the click command of every registered command on each call, so a read command does not pay for the
    56 others. Anything else (no command, ``--help``, a root command, a typo) gets the whole app, so
    help and "no such command" read as before."""
    i = 0
    while i < len(args) and args[i] in ("--db", "--agent"):
        i += 2
    if i >= len(args) or args[i].startswith("-"):
        return app
    lean = [g for g in app.registered_groups if g.name == args[i]]
    if not lean:
        return app
    one = copy.copy(app)
    one.registered_groups = lean
    return one


def main() -> None:
    """Entry point: one clear line and a non-zero exit for every error, never a traceback.

    Exit codes: 2 bad input or usage, 3 not found, 4 not allowed now, 5 changed meanwhile,
    6 database unavailable, 70 a bug (reported in one line too), 130 interrupted.
    """
    from agent_tui.store.urls import mask_url

    # A lone surrogate is how Python hands over an argument that was not valid UTF-8.
    args = [storable(a) for a in sys.argv[1:]]
    password_given = _hide_passwords_from_ps(args)
    try:
        code = _app_for(args)(args=args, prog_name="agent-tui", standalone_mode=False)
        if isinstance(code, int) and code:  # a typer.Exit(code) is returned, not raised, in this mode
            sys.exit(code)
        if password_given:  # after the output, and never next to an error's one line
            _warn(_("a password on the command line is visible to other users while it starts; store it with "
                    "'agent-tui --db URL-without-password secrets set' or set AGENT_TUI_DB_PASSWORD"))
    except AgentTuiError as exc:
        err.print(Text(_("error: {message}").format(message=mask_url(one_line(exc.message, 2000)))))
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print(_("aborted"))
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option or command, missing or wrong argument
        err.print(Text(mask_url(_usage_line(exc))))
        sys.exit(2)
    except Exception as exc:  # anything unforeseen
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            orig = getattr(exc, "orig", None) or exc
            line = (str(orig).strip().splitlines() or [exc.__class__.__name__])[0]
            err.print(Text(_("error: database: {message}").format(message=mask_url(one_line(line, 300)))))
            sys.exit(6)
        err.print(Text(_("error: unexpected {kind}: {message}").format(
            kind=exc.__class__.__name__, message=mask_url(one_line(str(exc), 300)))))
        sys.exit(70)


__all__ = ["_json", "_json_text", "_warn", "app", "context", "err", "main", "out", "state"]
