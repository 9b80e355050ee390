"""The scriptable interface (Typer). Every command calls services; errors are one line and non-zero."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from agent_tui import __version__
from agent_tui.config import DEMO_AGENT
from agent_tui.config import clock_from_env
from agent_tui.domain.clock import parse_instant
from agent_tui.domain.escalation import CRITERIA, Handover
from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.domain.text import clean, clean_data, one_line, storable
from agent_tui.errors import AgentTuiError, ConfigError, DatabaseUnavailable, InvalidInput
from agent_tui.mail.cli import mail_app
from agent_tui.services import Context
from agent_tui.services.context import SYSTEM
from agent_tui.services import agents as agent_svc
from agent_tui.services import config_store
from agent_tui.services import kb as kb_svc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_base as tb
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.views import TicketDetail, TicketRow, to_jsonable
from agent_tui.widgets.safe import SafeConsole

# Piped output is for scripts: do not squeeze tables to 80 columns or wrap error lines.
# Both consoles sanitize whatever they print (stored or typed text is data, never control codes or markup).
out = SafeConsole(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 200)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(
    name="agent-tui",
    help="A keyboard-driven terminal helpdesk. Without a command, opens the app on the configured database.",
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
import_app = typer.Typer(help="Import tickets or KB articles.", rich_markup_mode=None)
tickets_app = typer.Typer(help="List tickets.", rich_markup_mode=None)
ticket_app = typer.Typer(help="Act on one ticket (one subcommand per action).", rich_markup_mode=None)
kb_app = typer.Typer(help="Knowledge base.", rich_markup_mode=None)
agent_app = typer.Typer(help="Agents and their tiers.", rich_markup_mode=None)
policy_app = typer.Typer(help="Support policies (SLA targets, timers).", rich_markup_mode=None)
secrets_app = typer.Typer(help="Database passwords in the OS keyring.", rich_markup_mode=None)
report_app = typer.Typer(help="Reports (SLA compliance).", rich_markup_mode=None)
calendar_app = typer.Typer(help="Business-hours calendars the SLA clocks count on.", rich_markup_mode=None)
sla_app = typer.Typer(help="SLA deadlines.", rich_markup_mode=None)
app.add_typer(import_app, name="import")
app.add_typer(tickets_app, name="tickets")
app.add_typer(ticket_app, name="ticket")
app.add_typer(kb_app, name="kb")
app.add_typer(agent_app, name="agent")
app.add_typer(policy_app, name="policy")
app.add_typer(secrets_app, name="secrets")
app.add_typer(report_app, name="report")
app.add_typer(calendar_app, name="calendar")
app.add_typer(sla_app, name="sla")
app.add_typer(mail_app, name="mail")


class State:
    db_url: str | None = None
    agent: str | None = None
    _ctx: Context | None = None


state = State()


def _warn(message: str) -> None:
    err.print(Text(f"note: {message}"))


def context(*, migrate_check: bool = True, demo_fallback: bool = True) -> Context:
    """Open the configured database (once per process); before ``init``, the demo store if one was built."""
    if state._ctx is not None:
        return state._ctx
    from agent_tui.config import password_source, resolve
    from agent_tui.store.db import open_database
    from agent_tui.store.migrate import is_current

    settings = resolve(state.db_url, state.agent, demo_fallback=demo_fallback)
    pw = password_source(settings.database_url, warn=_warn) if "postgresql" in settings.database_url else None
    db = open_database(settings.database_url, password=pw)
    agent_name = settings.agent
    # An inline password now lives only in the connect callback; drop the strings that held it.
    state.db_url = db.url_for_display if state.db_url else None
    del settings
    ctx = Context(db=db, clock=clock_from_env(), actor=agent_name)
    if migrate_check:
        try:
            current = is_current(db)
        except AgentTuiError:
            raise
        except Exception as exc:
            raise DatabaseUnavailable(_db_error(exc, db.url_for_display)) from None
        if not current:
            raise ConfigError(f"the database {db.url_for_display} is not initialised or is out of date: "
                              "run 'agent-tui init'")
    state._ctx = ctx
    return ctx


def _db_error(exc: Exception, url: str) -> str:
    from agent_tui.store.db import mask_url

    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or ["error"])[0]
    return mask_url(f"cannot use the database {url}: {first}")


@app.callback(invoke_without_command=True)
def main_callback(
    typer_ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (sqlite:///PATH or postgresql+psycopg://user@host/db). Env: AGENT_TUI_DATABASE_URL.")] = None,
    agent: Annotated[str | None, typer.Option("--agent", help="Who you are (agent name). Env: AGENT_TUI_AGENT.")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"agent-tui {__version__}")
        raise typer.Exit()
    state.db_url, state.agent = db, agent
    del db  # a URL may carry a password: keep it out of this frame's locals (crash screens print locals)
    if typer_ctx.invoked_subcommand is None:
        _launch(context())


def _require_agent(ctx: Context) -> None:
    from agent_tui.services import agents as a

    try:
        a.get_agent(ctx, ctx.actor)
    except AgentTuiError:
        raise ConfigError(f"no agent named {ctx.actor!r} in this database: pass --agent NAME "
                          f"(see 'agent-tui agent list') or add one with 'agent-tui agent add {ctx.actor}'") from None


def _importer(ctx: Context) -> Context:
    """Who an import is recorded as: the agent named by --agent or AGENT_TUI_AGENT (checked once, up front,
    so a wrong name is one line, not one per row), else the system, as for the sweep: a migration is not
    any one agent's work, and a fresh store after 'init' has no agents yet."""
    if state.agent or os.environ.get("AGENT_TUI_AGENT"):
        _require_agent(ctx)
        return ctx
    return ctx.as_actor(SYSTEM)


def _launch(ctx: Context) -> None:
    _require_agent(ctx)
    try:
        from agent_tui.app import HelpdeskApp
    except ImportError:  # pragma: no cover - until the screens exist
        _print_rows(tq.list_tickets(ctx, limit=40), ctx)
        return
    from agent_tui.config import keymap as configured_keymap

    raw_keymap, keymap_source = configured_keymap()
    helpdesk = HelpdeskApp(ctx, keymap=raw_keymap, keymap_source=keymap_source)
    helpdesk.run()
    if helpdesk.return_code:  # Textual printed the crash; the shell must see that it failed
        raise typer.Exit(70)


# ------------------------------------------------------------------ set-up


@app.command()
def init(
    policy: Annotated[str | None, typer.Option(help="Make this policy preset the active one.")] = None,
    agent_tier: Annotated[str, typer.Option("--tier", help="Tier of the --agent, created if missing.")] = "tier1",
) -> None:
    """Create or upgrade the database (Alembic) and load policy presets and triage rules."""
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.store.migrate import upgrade

    ctx = context(migrate_check=False, demo_fallback=False)  # init makes the real store, never the demo's
    before, after = upgrade(ctx.db)
    changed = install_shipped_presets(ctx)
    if policy:
        config_store.use_policy(ctx, policy)
    if state.agent:
        agent_svc.upsert_agent(ctx, state.agent, agent_tier)
    what = "created" if before is None else ("upgraded" if before != after else "already current")
    out.print(Text(f"database {ctx.db.url_for_display}: {what} (schema {after}); "
                   f"presets: {changed['policies']} policies, {changed['rules']} rules changed"))


@app.command()
def demo(
    launch: Annotated[bool, typer.Option("--launch/--no-launch", help="Open the app afterwards.")] = True,
    agent: Annotated[str, typer.Option("--as", help="Which demo agent you are.")] = DEMO_AGENT,
) -> None:
    """Build a fresh demo database (200+ tickets, 60+ KB articles) and open the app on it.

    Until 'agent-tui init' creates your own database, every other command uses the demo's.
    """
    from agent_tui.locations import demo_database_path
    from agent_tui.services.demo import load_demo
    from agent_tui.store.db import sqlite_url
    from agent_tui.store.migrate import upgrade

    own_store = state.db_url is None and not os.environ.get("AGENT_TUI_DATABASE_URL")
    if own_store:
        path = demo_database_path()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        state.db_url = sqlite_url(path)
    state.agent = state.agent or agent
    ctx = context(migrate_check=False)
    upgrade(ctx.db)
    with ctx.db.read() as s:
        from sqlmodel import select

        from agent_tui.store.models import Ticket

        if s.exec(select(Ticket.id).limit(1)).first() is not None:
            raise ConfigError(f"{ctx.db.url_for_display} already holds tickets; the demo needs an empty database")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("building the demo"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("demo", total=None)
        counts = load_demo(ctx, progress=lambda done, total: bar.update(task, completed=done, total=total))
    err.print(Text(f"demo ready: {counts['tickets']} tickets, {counts['articles']} KB articles, "
                   f"{counts['agents']} agents; you are {ctx.actor}"))
    err.print(Text(_demo_where(ctx.db.url_for_display, own_store)))
    if launch:
        _launch(ctx)


def _demo_where(url: str, own_store: bool) -> str:
    """Where the demo went, and whether the next command will see it."""
    from agent_tui.config import resolve
    from agent_tui.store.db import mask_url

    if own_store and resolve().is_demo:
        return f"written to {url}; other commands use it until you run 'agent-tui init' (try 'agent-tui tickets list')"
    if own_store:
        return f"written to {url}; other commands use {mask_url(resolve().database_url)}: pass --db {url} for the demo"
    return f"written to {url}; pass the same --db (or AGENT_TUI_DATABASE_URL) to use it"


# ------------------------------------------------------------------ imports


@import_app.command(
    "tickets",
    help="Import tickets from a CSV (header row) or JSON (list of objects) file.\n\n"
    "Columns: external_id, subject (required), description, customer_email / customer_number / "
    "customer_name (one required), company, plan, channel, language, tags (separated by ;), "
    "created_at, created_time, status, first_response_at, solved_at, closed_at, resolution, severity, "
    "domain, contact, error_message, reproduction_steps, environment, end_customer_contact (yes/no). "
    "Common real headers (Ticket #, Ticket ID, Customer Complaint, Ticket Status, Received Via, Date, "
    "Time …) are recognised; map others with --map or a --mapping TOML file.\n\n"
    "All or nothing: every problem in the file is listed (by line) and then nothing is imported. "
    "Re-importing the same rows creates no duplicates. Solved and closed tickets keep their status and "
    "run no timers; a deadline that passed before the import never fires and is not counted as a breach.",
)
def import_tickets(
    file: Annotated[Path, typer.Argument(help="A .csv or .json file.")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv or json (default: from the file name).")] = None,
    column_map: Annotated[list[str] | None, typer.Option(
        "--map", help="HEADER=COLUMN, repeatable: read the file's column HEADER as COLUMN ('-' leaves it out).")] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="A TOML file with [columns], [status], [defaults], date_format, ignore_unknown.")] = None,
    date_format: Annotated[list[str] | None, typer.Option(
        "--date-format", help="strptime format of the dates, repeatable (e.g. '%d-%m-%y'); ISO 8601 always works.")] = None,
    status_map: Annotated[list[str] | None, typer.Option(
        "--status-map", help="WORD=STATUS, repeatable: the export's status word as ours (e.g. 'Waiting=on_hold').")] = None,
    default: Annotated[list[str] | None, typer.Option(
        "--default", help="COLUMN=VALUE, repeatable: the value where a row has none (e.g. 'customer_name=Web').")] = None,
    ignore_unknown: Annotated[bool, typer.Option(
        "--ignore-unknown", help="Leave out columns we do not know instead of refusing the file.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check everything and report; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine output.")] = False,
) -> None:
    from agent_tui.errors import ImportFailed
    from agent_tui.services import imports

    opts = imports.ImportOptions(
        columns=imports.parse_pairs(column_map or [], "--map"), date_formats=tuple(date_format or ()),
        status_map=imports.parse_pairs(status_map or [], "--status-map"),
        defaults=imports.parse_pairs(default or [], "--default"), ignore_unknown=ignore_unknown, dry_run=dry_run)
    if mapping is not None:
        opts = imports.load_mapping(mapping).merged(opts)
    try:
        report = imports.import_tickets(_importer(context()), file, fmt=fmt, options=opts)
    except imports.ImportProblems as exc:
        if len(exc.problems) == 1:
            raise ImportFailed(exc.message) from None  # one problem: the usual one error line
        for problem in exc.problems[:imports.MAX_LISTED]:
            err.print(Text(problem))
        if len(exc.problems) > imports.MAX_LISTED:
            err.print(Text(f"… and {len(exc.problems) - imports.MAX_LISTED} more"))
        raise ImportFailed(f"{len(exc.problems)} problems in {file.name}; nothing was imported") from None
    if as_json:
        _json(report)
    elif report.dry_run:
        by_status = ", ".join(f"{n} {status}" for status, n in report.statuses.items())
        out.print(Text(f"dry run: would import {report.created} tickets ({by_status or 'none'}), skip "
                       f"{report.skipped} already imported; nothing was written"))
    else:
        out.print(f"imported {report.created} tickets, skipped {report.skipped} already imported")


@import_app.command("kb")
def import_kb(
    directory: Annotated[Path, typer.Argument(help="Folder of Markdown (front matter) and .rst files.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import KB articles; re-importing updates changed articles instead of duplicating them."""
    counts = kb_svc.import_directory(context(), directory)
    if as_json:
        _json(counts)
    else:
        out.print(f"KB import: {counts['created']} created, {counts['updated']} updated, "
                  f"{counts['unchanged']} unchanged")


# ------------------------------------------------------------------ timers


@app.command()
def sweep(
    now: Annotated[str | None, typer.Option(help="Apply timers due at this ISO 8601 instant (default: now).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Apply every due timer once: reminders, auto-solve, auto-close, SLA warnings and breaches."""
    from agent_tui.services.sweep import sweep as run

    report = run(context(), parse_instant(now) if now else None)
    if as_json:
        _json(report)
        return
    if not report.total:
        out.print(f"nothing due at {report.now.isoformat()}")
    for kind, n in sorted(report.fired.items()):
        out.print(f"{kind}: {n}")


# ------------------------------------------------------------------ listing


def _split(values: list[str] | None) -> tuple[str, ...]:
    items: list[str] = []
    for v in values or []:
        items += [p.strip() for p in v.split(",") if p.strip()]
    return tuple(items)


@tickets_app.command("list")
def tickets_list(
    status: Annotated[list[str] | None, typer.Option(help="new, open, pending, on_hold, solved, closed, or 'all'.")] = None,
    severity: Annotated[list[str] | None, typer.Option(help="general_question, moderate, critical.")] = None,
    tier: Annotated[list[str] | None, typer.Option(help="tier1, tier2, engineering.")] = None,
    assignee: Annotated[str | None, typer.Option(help="Agent name; 'none' for unassigned.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only tickets assigned to --agent.")] = False,
    search: Annotated[str, typer.Option("--search", "-s", help="Text in subject or customer, or a number.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    offset: Annotated[int, typer.Option(min=0, max=tb.MAX_DB_INT)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The queue, most urgent first."""
    from agent_tui.domain.escalation import parse_tier
    from agent_tui.domain.lifecycle import Status

    ctx = context()
    statuses = _split(status)
    if "all" in statuses:
        statuses = tuple(s.value for s in Status)
    for s in statuses:
        if s not in {x.value for x in Status}:
            raise InvalidInput(f"unknown status {s!r}; use one of: {', '.join(x.value for x in Status)}")
    f = tq.QueueFilter(
        statuses=statuses or tq.QueueFilter().statuses,
        severities=tuple(parse_severity(s).value for s in _split(severity)),
        tiers=tuple(parse_tier(t).value for t in _split(tier)),
        assignee=ctx.actor if mine else ("" if assignee == "none" else assignee),
        text=search,
    )
    rows = tq.list_tickets(ctx, f, limit=limit, offset=offset)
    if as_json:
        _json(rows)
    else:
        _print_rows(rows, ctx)


def _print_rows(rows: list[TicketRow], ctx: Context) -> None:
    now = ctx.clock.now()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for col_name in ("#", "Subject", "Customer", "Severity", "Status", "Tier", "Assignee", "SLA", "Auto"):
        table.add_column(col_name, overflow="ellipsis", no_wrap=True, max_width=48 if col_name == "Subject" else 24)
    for r in rows:
        table.add_row(Text(str(r.number)), Text(one_line(r.subject, 60)), Text(one_line(r.customer, 30)),
                      Text(r.severity), Text(r.status), Text(r.tier), Text(r.assignee or "—"),
                      Text(r.sla.text(now)), Text(r.auto.text(now)))
    out.print(table)
    if not rows:
        out.print("no tickets match")


# ------------------------------------------------------------------ one ticket


Number = Annotated[str, typer.Argument(help="Ticket number, e.g. 1042 or #1042.")]
Expect = Annotated[int | None, typer.Option("--expect-version", min=0, max=tb.MAX_DB_INT,
                                            help="Refuse if the ticket's version differs.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine output.")]


def _body(text: str | None, file: Path | None, what: str) -> str:
    if file is not None:
        from agent_tui.domain.text import decode_bytes

        return decode_bytes(file.read_bytes(), source=file.name)
    if text == "-" or (text is None and not sys.stdin.isatty()):
        from agent_tui.domain.text import decode_bytes

        return decode_bytes(sys.stdin.buffer.read(), source="standard input")
    if text is None:
        raise InvalidInput(f"give the {what} with --body TEXT, --file PATH, or on standard input")
    return text


def _done(detail: TicketDetail, as_json: bool, message: str) -> None:
    if as_json:
        _json(detail)
    else:
        out.print(Text(f"#{detail.number}: {message} (status {detail.row.status}, {detail.row.tier}, "
                       f"assignee {detail.row.assignee or '—'})"))


@ticket_app.command("show")
def ticket_show(number: Number, as_json: AsJson = False) -> None:
    """Everything about one ticket: header, checklist, conversation and audit trail."""
    ctx = context()
    d = tq.get_ticket(ctx, tq.resolve_number(number))
    if as_json:
        _json(d)
        return
    now = ctx.clock.now()
    r = d.row
    out.print(Text(f"#{r.number} {one_line(r.subject, 200)}", style="bold"))
    out.print(Text(f"{r.status} · {r.severity} · {r.tier} · assignee {r.assignee or '—'} · "
                   f"customer {one_line(r.customer, 80)} <{d.customer_email}> · version {r.version}"))
    out.print(Text(f"triage: {d.triage_reason}" + (" (overridden)" if d.severity_overridden else "")))
    out.print(Text(f"first response: {d.first_response.text(now)} · resolution: {d.resolution_clock.text(now)} · "
                   f"{r.auto.label}: {r.auto.text(now)}"))
    if d.hold_reason:
        out.print(Text(f"on hold: {d.hold_reason}"))
    if d.outcome:
        out.print(Text(f"outcome: {d.outcome} — {one_line(d.resolution, 200)}"))
    gaps = ", ".join(d.checklist_gaps) or "complete"
    out.print(Text(f"checklist gaps: {gaps}"))
    out.print(Text("— conversation —", style="dim"))
    for m in d.messages:
        out.print(Text(f"[{m.at:%Y-%m-%d %H:%M}] {m.kind} {m.author}:", style="bold"))
        out.print(Text(clean(m.body)))
    out.print(Text("— audit —", style="dim"))
    for e in d.events:
        change = f" {e.field}: {e.before or '—'} → {e.after or '—'}" if e.field else ""
        out.print(Text(f"{e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action}{change}"))


@ticket_app.command("create")
def ticket_create(
    subject: Annotated[str, typer.Option(help="Subject line.")],
    customer_email: Annotated[str, typer.Option("--customer", help="Customer e-mail.")],
    body: Annotated[str | None, typer.Option(help="Description; '-' reads standard input.")] = None,
    customer_name: Annotated[str, typer.Option("--name")] = "",
    customer_number: Annotated[str | None, typer.Option("--customer-number")] = None,
    channel: Annotated[str, typer.Option()] = "email",
    language: Annotated[str, typer.Option()] = "",
    as_json: AsJson = False,
) -> None:
    """Create a ticket; triage decides its severity and tier."""
    d = ti.create_ticket(context(), subject, _body(body, None, "description") if body else "",
                         ti.CustomerInput(email=customer_email, name=customer_name, customer_number=customer_number),
                         channel=channel, language=language)
    _done(d, as_json, f"created, {d.row.severity} ({d.triage_reason})")


@ticket_app.command("assign")
def ticket_assign(number: Number, to: Annotated[str | None, typer.Option(help="Agent (default: --agent).")] = None,
                  expect: Expect = None, as_json: AsJson = False) -> None:
    d = ta.assign(context(), tq.resolve_number(number), to, expected_version=expect)
    _done(d, as_json, f"assigned to {d.row.assignee}")


@ticket_app.command("take")
def ticket_take(as_json: AsJson = False) -> None:
    """Take the most urgent unassigned ticket of your tier."""
    ctx = context()
    d = ta.take_next(ctx)
    if d is None:
        out.print("nothing to take: no unassigned ticket in your tier")
        raise typer.Exit(0)
    _done(d, as_json, f"taken by {ctx.actor}")


@ticket_app.command("reply")
def ticket_reply(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                 file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                 as_json: AsJson = False) -> None:
    """Public reply to the customer."""
    d = ta.reply(context(), tq.resolve_number(number), _body(body, file, "reply"), expected_version=expect)
    _done(d, as_json, "reply sent")


@ticket_app.command("note")
def ticket_note(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                as_json: AsJson = False) -> None:
    """Internal note (not shown to the customer)."""
    d = ta.note(context(), tq.resolve_number(number), _body(body, file, "note"), expected_version=expect)
    _done(d, as_json, "note added")


@ticket_app.command("request-info")
def ticket_request_info(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                        file: Annotated[Path | None, typer.Option()] = None, expect: Expect = None,
                        as_json: AsJson = False) -> None:
    """Ask the customer for details: the ticket waits (pending) and auto-solves if they never answer."""
    d = ta.request_info(context(), tq.resolve_number(number), _body(body, file, "request"), expected_version=expect)
    _done(d, as_json, f"waiting for the customer; {d.row.auto.label} at {d.row.auto.due_at}")


@ticket_app.command("customer-reply")
def ticket_customer_reply(number: Number, body: Annotated[str | None, typer.Option("--body", "-m")] = None,
                          file: Annotated[Path | None, typer.Option()] = None,
                          author: Annotated[str | None, typer.Option()] = None, as_json: AsJson = False) -> None:
    """Record a message from the customer (re-opens pending, on-hold and solved tickets)."""
    n = tq.resolve_number(number)
    d = ti.customer_message(context(), n, _body(body, file, "message"), author=author)
    msg = "customer message added" if d.number == n else f"ticket #{n} is closed: follow-up #{d.number} opened"
    _done(d, as_json, msg)


@ticket_app.command("hold")
def ticket_hold(number: Number, reason: Annotated[str, typer.Option()],
                kind: Annotated[str, typer.Option(help="third_party or other.")] = "third_party",
                expect: Expect = None, as_json: AsJson = False) -> None:
    """Put on hold (waiting on a third party); the SLA clock pauses."""
    d = ta.hold(context(), tq.resolve_number(number), reason, kind, expected_version=expect)
    _done(d, as_json, "on hold")


@ticket_app.command("resume")
def ticket_resume(number: Number, note: Annotated[str, typer.Option()] = "", expect: Expect = None,
                  as_json: AsJson = False) -> None:
    d = ta.resume(context(), tq.resolve_number(number), note, expected_version=expect)
    _done(d, as_json, "resumed")


@ticket_app.command("propose")
def ticket_propose(number: Number, solution: Annotated[str, typer.Option()],
                   hotfix: Annotated[bool, typer.Option("--hotfix/--needs-approval",
                                                        help="A hotfix is applied directly; anything else waits for approval.")] = False,
                   expect: Expect = None, as_json: AsJson = False) -> None:
    """Record a proposed solution (seed 001)."""
    d = ta.propose_solution(context(), tq.resolve_number(number), solution, hotfix=hotfix, expected_version=expect)
    _done(d, as_json, "hotfix recorded" if hotfix else "waiting for the customer's approval")


@ticket_app.command("approve")
def ticket_approve(number: Number, note: Annotated[str, typer.Option()] = "", expect: Expect = None,
                   as_json: AsJson = False) -> None:
    """Record the customer's approval of the proposed solution."""
    d = ta.approve(context(), tq.resolve_number(number), note, expected_version=expect)
    _done(d, as_json, "approval recorded")


@ticket_app.command("escalate")
def ticket_escalate(
    number: Number,
    to: Annotated[str, typer.Option("--to", help="tier2 or engineering (the next tier).")],
    criterion: Annotated[str, typer.Option(help="; ".join(f"{t.value}: {', '.join(c)}" for t, c in CRITERIA.items()))],
    findings: Annotated[str, typer.Option()] = "",
    steps: Annotated[str, typer.Option("--steps", help="Steps taken so far.")] = "",
    workaround: Annotated[str, typer.Option()] = "",
    logs: Annotated[str, typer.Option()] = "",
    expect: Expect = None,
    as_json: AsJson = False,
) -> None:
    """Escalate with a hand-over; refused while the checklist or hand-over is incomplete."""
    d = ta.escalate(context(), tq.resolve_number(number), to, criterion, Handover(findings, steps, workaround, logs),
                    expected_version=expect)
    _done(d, as_json, f"escalated to {d.row.tier}")


@ticket_app.command("deescalate")
def ticket_deescalate(number: Number, summary: Annotated[str, typer.Option()], expect: Expect = None,
                      as_json: AsJson = False) -> None:
    """Back to Tier 1, who tells the customer."""
    d = ta.deescalate(context(), tq.resolve_number(number), summary, expected_version=expect)
    _done(d, as_json, "back at tier1")


@ticket_app.command("solve")
def ticket_solve(number: Number, outcome: Annotated[str, typer.Option(
        help="fixed, workaround, answered_with_article, added_to_roadmap, cannot_reproduce, third_party, duplicate")],
                 resolution: Annotated[str, typer.Option()] = "", expect: Expect = None,
                 as_json: AsJson = False) -> None:
    d = ta.solve(context(), tq.resolve_number(number), outcome, resolution, expected_version=expect)
    _done(d, as_json, f"solved ({d.outcome})")


@ticket_app.command("reopen")
def ticket_reopen(number: Number, reason: Annotated[str, typer.Option()] = "", expect: Expect = None,
                  as_json: AsJson = False) -> None:
    d = ta.reopen(context(), tq.resolve_number(number), reason, expected_version=expect)
    _done(d, as_json, "reopened")


@ticket_app.command("close")
def ticket_close(number: Number, expect: Expect = None, as_json: AsJson = False) -> None:
    d = ta.close(context(), tq.resolve_number(number), expected_version=expect)
    _done(d, as_json, "closed")


@ticket_app.command("survey")
def ticket_survey(number: Number, score: Annotated[int, typer.Option(min=1, max=7, help="1 (very hard) … 7 (very easy).")],
                  comment: Annotated[str, typer.Option()] = "", as_json: AsJson = False) -> None:
    """Record the customer's one-question ease score after solve."""
    d = ta.record_survey(context(), tq.resolve_number(number), score, comment)
    _done(d, as_json, f"survey {score} recorded")


SEVERITY_HELP = " ".join(f"{s.value}: {s.definition}" for s in Severity)


@ticket_app.command("severity")
def ticket_severity(number: Number, level: Annotated[str, typer.Argument(help=SEVERITY_HELP)],
                    reason: Annotated[str, typer.Option(help="Why (required; recorded in the audit log).")] = "",
                    expect: Expect = None, as_json: AsJson = False) -> None:
    """Override triage's severity with a reason (recorded, deadlines recomputed)."""
    d = ta.set_severity(context(), tq.resolve_number(number), parse_severity(level), reason, expected_version=expect)
    _done(d, as_json, f"severity {d.row.severity}")


@ticket_app.command("checklist")
def ticket_checklist(number: Number, fields: Annotated[list[str], typer.Argument(help="key=value pairs.")],
                     expect: Expect = None, as_json: AsJson = False) -> None:
    """Fill in required info: customer_number, domain, contact, error_message, reproduction_steps, environment, end_customer_contact."""
    values = {}
    for item in fields:
        if "=" not in item:
            raise InvalidInput(f"expected key=value, got {item!r}")
        k, v = item.split("=", 1)
        values[k.strip()] = v
    d = ta.update_checklist(context(), tq.resolve_number(number), values, expected_version=expect)
    _done(d, as_json, "checklist " + ("complete" if not d.checklist_gaps else "missing " + ", ".join(d.checklist_gaps)))


@ticket_app.command("link")
def ticket_link(number: Number, article: Annotated[str, typer.Argument(help="Article slug or id.")]) -> None:
    """Link a KB article to the ticket."""
    ctx = context()
    kb_svc.link_article(ctx, tq.resolve_number(number), article)
    out.print(Text(f"#{tq.resolve_number(number)}: linked {article}"))


# ------------------------------------------------------------------ KB


@kb_app.command("search")
def kb_search(query: Annotated[str, typer.Argument()],
              lang: Annotated[str | None, typer.Option("--lang", help="en, de, pt or nl.")] = None,
              limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
              as_json: AsJson = False) -> None:
    """Ranked article search; any text is safe (quotes, AND, *, parentheses are just characters)."""
    result = kb_svc.search(context(), query, language=lang, limit=limit)
    if as_json:
        _json({"query": result.query, "did_you_mean": result.did_you_mean,
               "hits": [{"id": h.id, "slug": h.slug, "title": h.title, "language": h.language, "tags": h.tags,
                         "score": round(h.score, 6), "snippet": h.snippet.plain, "solved_count": h.solved_count}
                        for h in result.hits]})
        return
    if result.did_you_mean:
        out.print(Text(f"no exact match; showing results for: {result.did_you_mean}", style="italic"))
    if not result.hits:
        out.print("no articles match")
    for h in result.hits:
        line = Text(f"{h.slug}  ", style="bold")
        line.append(Text(h.title))
        line.append(Text(f"  [{h.language}]" + (f" solved {h.solved_count}" if h.solved_count else ""), style="dim"))
        out.print(line)
        snippet = Text("   ")
        for part, hit in h.snippet.parts:
            snippet.append(part, style="reverse" if hit else "")
        out.print(snippet)


@kb_app.command("show")
def kb_show(article: Annotated[str, typer.Argument()], as_json: AsJson = False) -> None:
    a = kb_svc.get_article(context(), article)
    if as_json:
        _json(a)
        return
    out.print(Text(a.title, style="bold"))
    out.print(Text(f"{a.slug} · {a.language} · {', '.join(a.tags)} · by {a.author or '—'}"))
    out.print(Text(a.body))


@kb_app.command("reindex")
def kb_reindex() -> None:
    """Rebuild the search index of every article (after an upgrade changed what is indexed)."""
    n = kb_svc.reindex(context())
    out.print(f"reindexed {n} articles")


@kb_app.command("from-ticket")
def kb_from_ticket(number: Number, as_json: AsJson = False) -> None:
    """Write a KB article from a solved ticket (problem, cause, workaround, solution, tags)."""
    a = kb_svc.create_from_ticket(context(), tq.resolve_number(number))
    if as_json:
        _json(a)
    else:
        out.print(Text(f"article {a.slug} written from ticket #{tq.resolve_number(number)}"))


# ------------------------------------------------------------------ agents, policies, secrets


@agent_app.command("add")
def agent_add(name: Annotated[str, typer.Argument()], tier: Annotated[str, typer.Option()] = "tier1",
              display_name: Annotated[str, typer.Option("--display-name")] = "") -> None:
    a = agent_svc.upsert_agent(context(), name, tier, display_name)
    out.print(Text(f"agent {a.name}: {a.tier}"))


@agent_app.command("list")
def agent_list(as_json: AsJson = False) -> None:
    agents = agent_svc.list_agents(context())
    if as_json:
        _json(agents)
        return
    for a in agents:
        out.print(Text(f"{a.name:<16} {a.tier:<12} {a.display_name}"))


@policy_app.command("list")
def policy_list(as_json: AsJson = False) -> None:
    active, policies = config_store.list_policies(context())
    if as_json:
        from agent_tui.domain.policy import policy_to_dict

        _json({"active": active, "policies": {p.name: policy_to_dict(p) for p in policies}})
        return
    for p in policies:
        mark = "*" if p.name == active else " "
        out.print(Text(f"{mark} {p.name:<14} {p.description}"))


@policy_app.command("use")
def policy_use(name: Annotated[str, typer.Argument()],
               recompute: Annotated[bool, typer.Option(
                   "--recompute", help="Also move open tickets to it and recompute their deadlines.")] = False
               ) -> None:
    """Make a policy the active one for new tickets (open tickets keep theirs unless --recompute)."""
    ctx = context()
    config_store.use_policy(ctx, name)
    out.print(Text(f"active policy: {name}"))
    if recompute:
        counts = tc.recompute_deadlines(ctx)
        out.print(Text(f"recomputed {counts['tickets']} open tickets, {counts['changed']} changed"))


@sla_app.command("recompute")
def sla_recompute(
    policy: Annotated[str | None, typer.Option(help="Policy to apply (default: the active one).")] = None,
    as_json: AsJson = False,
) -> None:
    """Recompute the deadlines of every open ticket under the active policy (each change audited)."""
    counts = tc.recompute_deadlines(context(), policy_name=policy)
    if as_json:
        _json(counts)
        return
    out.print(Text(f"recomputed {counts['tickets']} open tickets, {counts['changed']} changed"))


@calendar_app.command("list")
def calendar_list(as_json: AsJson = False) -> None:
    """The stored business-hours calendars: zone, weekly hours, holidays."""
    from agent_tui.domain.calendar import calendar_to_dict

    cals = config_store.list_calendars(context())
    if as_json:
        _json({c.name: calendar_to_dict(c) for c in cals})
        return
    table = Table(box=None, pad_edge=False)
    for name in ("calendar", "zone", "hours", "h/week", "holidays"):
        table.add_column(name)
    for c in cals:
        hours = calendar_to_dict(c)["hours"]
        hours_text = "; ".join(f"{k} {', '.join(v)}" for k, v in hours.items())  # type: ignore[union-attr]
        n_hol = len(c.holidays) + len(c.yearly_holidays)
        table.add_row(Text(c.name), Text(c.timezone), Text(hours_text), Text(f"{c.weekly_minutes() / 60:g}"),
                      Text(f"{n_hol} dates" + (f" + {c.region}" if c.region else "")))
    out.print(table)


def _period(start: str | None, end: str | None, now) -> tuple:
    from datetime import timedelta

    to = parse_instant(end) if end else now
    frm = parse_instant(start) if start else to - timedelta(days=28)
    return frm, to


@report_app.command("sla")
def report_sla(
    start: Annotated[str | None, typer.Option("--from", help="Tickets created from (ISO date/time, UTC; "
                                                             "default: 28 days before --to).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="... up to, excluded (default: now).")] = None,
    by: Annotated[str, typer.Option(help="Group by severity, tier or agent.")] = "severity",
    as_json: AsJson = False,
) -> None:
    """SLA compliance: tickets handled, % within target, median/p90 business time, breaches, data issues."""
    from agent_tui.services.report import format_minutes, format_pct, sla_report

    ctx = context()
    frm, to = _period(start, end, ctx.clock.now())
    rep = sla_report(ctx, frm, to, by)
    if as_json:
        _json(rep)
        return
    out.print(Text(f"SLA report {frm:%Y-%m-%d %H:%M} – {to:%Y-%m-%d %H:%M} UTC, by {by}; "
                   "times are business time"))
    table = Table(box=None, pad_edge=False)
    for name in (by, "handled", "1st resp. ok", "median", "p90", "resolved ok", "median", "p90"):
        table.add_column(name, justify="left" if name == by else "right")
    for g in [*rep.groups, rep.total]:
        table.add_row(Text(g.key), str(g.handled),
                      f"{format_pct(g.first_response_compliance)} ({g.first_response_met}/{g.first_response_measured})",
                      format_minutes(g.first_response_median_min), format_minutes(g.first_response_p90_min),
                      f"{format_pct(g.resolution_compliance)} ({g.resolution_met}/{g.resolution_measured})",
                      format_minutes(g.resolution_median_min), format_minutes(g.resolution_p90_min))
    out.print(table)
    if rep.weeks:
        out.print(Text("per week (created): " + "  ".join(
            f"{w.week:%d %b} {w.handled} / res {format_pct(w.resolution_compliance)}" for w in rep.weeks)))
    out.print(Text(f"breaches: {rep.breach_count}"))
    for b in rep.breaches[:50]:
        done = f"done {b.done_at:%Y-%m-%d %H:%M}" if b.done_at else "not done"
        out.print(Text(f"  #{b.number} {b.clock}: due {b.due_at:%Y-%m-%d %H:%M} UTC, {done} "
                       f"({b.severity}, {b.tier}, {b.agent})"))
    if rep.data_issue_count:
        out.print(Text(f"data issues: {rep.data_issue_count} (not counted where they would mislead)"))
        for i in rep.data_issues[:50]:
            out.print(Text(f"  #{i.number}: {i.problem}"))


@secrets_app.command("set")
def secrets_set() -> None:
    """Store the database password (for --db / AGENT_TUI_DATABASE_URL) in the OS keyring."""
    import getpass

    from agent_tui.config import keyring_status, resolve, store_password

    settings = resolve(state.db_url, state.agent)
    if "postgresql" not in settings.database_url:
        raise ConfigError("secrets are for PostgreSQL URLs; pass --db postgresql+psycopg://user@host/db")
    ok, why = keyring_status()
    if not ok:
        raise ConfigError(f"{why}: set AGENT_TUI_DB_PASSWORD in the environment instead")
    if sys.stdin.isatty():
        password = getpass.getpass("Database password: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise InvalidInput("empty password; nothing stored")
    store_password(settings.database_url, password)
    out.print("password stored in the keyring")


@app.command()
def export(
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file (default: standard output).")] = None,
    status: Annotated[list[str] | None, typer.Option()] = None,
) -> None:
    """Export tickets with their conversation and audit trail as JSON Lines (one ticket per line)."""
    ctx = context()
    f = tq.QueueFilter(statuses=_split(status) or ("new", "open", "pending", "on_hold", "solved", "closed"))
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        offset = 0
        while True:
            rows = tq.list_tickets(ctx, f, limit=500, offset=offset)
            if not rows:
                break
            for r in rows:
                stream.write(_json_text(tq.get_ticket(ctx, r.number)) + "\n")
            offset += len(rows)
    finally:
        if output:
            stream.close()


def _json_text(value: object, indent: int | None = None) -> str:
    """JSON for scripts; strings sanitized like every other output (``jq -r`` must not print escapes).

    Rows written by older versions may hold lone surrogates or control codes: cleaning them here means
    one such row never stops the output.
    """
    return json.dumps(clean_data(to_jsonable(value)), ensure_ascii=False, indent=indent, default=str)


def _json(value: object) -> None:
    sys.stdout.write(_json_text(value, indent=2) + "\n")


def _usage_line(exc: typer.TyperException) -> str:
    """Typer's usage errors as one line, with the help command to read."""
    message = " ".join(exc.format_message().split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", "") or "agent-tui"
    return f"error: {message} (see '{path} --help')"


def _hide_passwords_from_ps(args: list[str]) -> bool:
    """Rewrite this process's title so ``ps`` shows ``--db postgresql://u:***@h/db``; True if one was given."""
    from agent_tui.store.db import mask_url

    shown = [mask_url(a) for a in args]
    if shown == args:
        return False
    from setproctitle import setproctitle

    setproctitle(" ".join(["agent-tui", *shown]))
    return True


def main() -> None:
    """Entry point: one clear line and a non-zero exit for every error, never a traceback.

    Exit codes: 2 bad input or usage, 3 not found, 4 not allowed now, 5 changed meanwhile,
    6 database unavailable, 70 a bug (reported in one line too), 130 interrupted.
    """
    from agent_tui.store.db import mask_url

    # A lone surrogate is how Python hands over an argument that was not valid UTF-8.
    args = [storable(a) for a in sys.argv[1:]]
    password_given = _hide_passwords_from_ps(args)
    try:
        code = app(args=args, prog_name="agent-tui", standalone_mode=False)
        if isinstance(code, int) and code:  # a typer.Exit(code) is returned, not raised, in this mode
            sys.exit(code)
        if password_given:  # after the output, and never next to an error's one line
            _warn("a password on the command line is visible to other users while it starts; store it with "
                  "'agent-tui --db URL-without-password secrets set' or set AGENT_TUI_DB_PASSWORD")
    except AgentTuiError as exc:
        err.print(Text(f"error: {mask_url(one_line(exc.message, 2000))}"))
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
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
            err.print(Text(f"error: database: {mask_url(one_line(line, 300))}"))
            sys.exit(6)
        err.print(Text(f"error: unexpected {exc.__class__.__name__}: {mask_url(one_line(str(exc), 300))}"))
        sys.exit(70)
