"""What every command shares: the root Typer app, the two sanitizing consoles, the store the
process opens once (``context``), and the helpers for bodies, JSON and ticket tables."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

from typing import TYPE_CHECKING, Any

import typer
from rich.text import Text

from agent_tui import i18n
from agent_tui.config import clock_from_env, configured_language
from agent_tui.domain.limits import MAX_DB_INT
from agent_tui.domain.text import one_line
from agent_tui.errors import AgentTuiError, ConfigError, DatabaseUnavailable, InvalidInput
from agent_tui.i18n import _

if TYPE_CHECKING:
    from agent_tui.services import Context
    from agent_tui.services.views import TicketDetail, TicketRow

# Lazy imports: a command imports the services, the store and Rich's console when it runs, so a read
# command pays for its own imports only (bench/cli_latency.py); these modules load no SQLAlchemy.

# The edge chooses the agent's language before any help text is built: Typer's ``help=`` strings here and
# in the command modules (which import this one first) are translated when their modules are imported.
i18n.activate(i18n.choose(configured_language()))



# Piped output is for scripts: do not squeeze tables to 80 columns or wrap error lines.
# Both consoles sanitize whatever they print (stored or typed text is data, never control codes or markup).
class _Console:
    """A :class:`~agent_tui.widgets.safe.SafeConsole` made on first use (``--json`` output needs none)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console = None

    @property
    def console(self) -> Any:
        if self._console is None:
            from agent_tui.widgets.safe import SafeConsole

            options = dict(self._options)
            if options.pop("tty_width", False):
                options["width"] = None if sys.stdout.isatty() else 200
            self._console = SafeConsole(**options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)

    def __enter__(self) -> Any:  # Rich's Live and Progress use their console as a context manager
        return self.console.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.console.__exit__(*exc)


out = _Console(highlight=False, soft_wrap=False, tty_width=True)


err = _Console(stderr=True, highlight=False, soft_wrap=True)


app = typer.Typer(
    name="agent-tui",
    help=_("A keyboard-driven terminal helpdesk. Without a command, opens the app on the configured database."),
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


class State:
    db_url: str | None = None
    agent: str | None = None
    _ctx: Context | None = None


state = State()


def _warn(message: str) -> None:
    err.print(Text(_("note: {message}").format(message=message)))


def context(*, migrate_check: bool = True, demo_fallback: bool = True) -> Context:
    """Open the configured database (once per process); before ``init``, the demo store if one was built."""
    if state._ctx is not None:
        return state._ctx
    from agent_tui.config import password_source, resolve
    from agent_tui.services import Context
    from agent_tui.store.db import open_database
    from agent_tui.store.migrate import is_current

    settings = resolve(state.db_url, state.agent, demo_fallback=demo_fallback)
    pw = password_source(settings.database_url, warn=_warn) if "postgresql" in settings.database_url else None
    db = open_database(settings.database_url, password=pw)
    agent_name = settings.agent
    # An inline password now lives only in the connect callback; drop the strings that held it.
    state.db_url = db.url_for_display if state.db_url else None
    del settings
    from agent_tui.config import agent_timezone

    ctx = Context(db=db, clock=clock_from_env(), actor=agent_name, tz=agent_timezone())
    if migrate_check:
        try:
            current = is_current(db)
        except AgentTuiError:
            raise
        except Exception as exc:
            raise DatabaseUnavailable(_db_error(exc, db.url_for_display)) from None
        if not current:
            raise ConfigError(_("the database {url} is not initialised or is out of date: "
                                "run 'agent-tui init'").format(url=db.url_for_display))
    state._ctx = ctx
    return ctx


def _db_error(exc: Exception, url: str) -> str:
    from agent_tui.store.urls import mask_url

    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [_("error")])[0]
    return mask_url(_("cannot use the database {url}: {reason}").format(url=url, reason=first))


def _require_agent(ctx: Context) -> None:
    from agent_tui.services import agents as a

    try:
        a.get_agent(ctx, ctx.actor)
    except AgentTuiError:
        raise ConfigError(_("no agent named {name!r} in this database: pass --agent NAME "
                            "(see 'agent-tui agent list') or add one with 'agent-tui agent add {name}'")
                          .format(name=ctx.actor)) from None


def _importer(ctx: Context) -> Context:
    """Who an import is recorded as: the agent named by --agent or AGENT_TUI_AGENT (checked once, up front,
    so a wrong name is one line, not one per row), else the system, as for the sweep: a migration is not
    any one agent's work, and a fresh store after 'init' has no agents yet."""
    from agent_tui.services.context import SYSTEM

    if state.agent or os.environ.get("AGENT_TUI_AGENT"):
        _require_agent(ctx)
        return ctx
    return ctx.as_actor(SYSTEM)


def _split(values: list[str] | None) -> tuple[str, ...]:
    items: list[str] = []
    for v in values or []:
        items += [p.strip() for p in v.split(",") if p.strip()]
    return tuple(items)


def _print_rows(rows: list[TicketRow], ctx: Context) -> None:
    from rich.table import Table

    from agent_tui.widgets.countdown import countdown_words

    now, words = ctx.clock.now(), countdown_words()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    columns = ("#", _("Subject"), _("Customer"), _("Severity"), _("Status"), _("Tier"), _("Assignee"), _("SLA"),
               _("Auto"))
    for i, col_name in enumerate(columns):
        table.add_column(col_name, overflow="ellipsis", no_wrap=True, max_width=48 if i == 1 else 24)
    for r in rows:
        table.add_row(Text(str(r.number)), Text(one_line(r.subject, 60)), Text(one_line(r.customer, 30)),
                      Text(r.severity), Text(r.status), Text(r.tier), Text(r.assignee or "—"),
                      Text(r.sla.text(now, words) if r.has_sla else _("no SLA")), Text(r.auto.text(now, words)))
    out.print(table)
    if not rows:
        out.print(_("no tickets match"))


Number = Annotated[str, typer.Argument(help=_("Ticket number, e.g. 1042 or #1042."))]


Expect = Annotated[int | None, typer.Option("--expect-version", min=0, max=MAX_DB_INT,
                                            help=_("Refuse if the ticket's version differs."))]


AsJson = Annotated[bool, typer.Option("--json", help=_("Machine output."))]


def _body(text: str | None, file: Path | None, what: str) -> str:
    """The text of --body, --file or standard input; ``what`` names it in the error (already translated)."""
    if file is not None:
        from agent_tui.domain.text import decode_bytes

        return decode_bytes(file.read_bytes(), source=file.name)
    if text == "-" or (text is None and not sys.stdin.isatty()):
        from agent_tui.domain.text import decode_bytes

        return decode_bytes(sys.stdin.buffer.read(), source=_("standard input"))
    if text is None:
        raise InvalidInput(_("give the {what} with --body TEXT, --file PATH, or on standard input").format(what=what))
    return text


def _done(detail: TicketDetail, as_json: bool, message: str) -> None:
    if as_json:
        _json(detail)
    else:
        out.print(Text(_("#{number}: {message} (status {status}, {tier}, assignee {assignee})").format(
            number=detail.number, message=message, status=detail.row.status, tier=detail.row.tier,
            assignee=detail.row.assignee or "—")))


def _json_text(value: object, indent: int | None = None) -> str:
    """JSON for scripts; strings sanitized like every other output (``jq -r`` must not print escapes).

    Rows written by older versions may hold lone surrogates or control codes: cleaning them here means
    one such row never stops the output.
    """
    from agent_tui.domain.text import clean_data
    from agent_tui.services.views import to_jsonable

    return json.dumps(clean_data(to_jsonable(value)), ensure_ascii=False, indent=indent, default=str)


def _json(value: object) -> None:
    sys.stdout.write(_json_text(value, indent=2) + "\n")


def _launch(ctx: Context) -> None:
    _require_agent(ctx)
    from agent_tui.app import HelpdeskApp

    from agent_tui.config import configured_language, keymap as configured_keymap
    from agent_tui.i18n import choose

    raw_keymap, keymap_source = configured_keymap()
    from agent_tui.mail.settings import load_settings

    try:
        mail, mail_problem = load_settings(), ""
    except ConfigError as exc:  # the app still starts; it says why mail is not taken in
        mail, mail_problem = None, exc.message
    helpdesk = HelpdeskApp(ctx, keymap=raw_keymap, keymap_source=keymap_source, mail=mail, mail_problem=mail_problem,
                           language=choose(configured_language()))
    helpdesk.run()
    if helpdesk.return_code:  # Textual printed the crash; the shell must see that it failed
        raise typer.Exit(70)
