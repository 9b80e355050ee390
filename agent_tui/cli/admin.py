"""Setting up and looking after a store: init, demo, sweep, agents, policies, SLA recompute,
calendars and database passwords."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from agent_tui.config import DEMO_AGENT
from agent_tui.domain.clock import parse_instant
from agent_tui.errors import ConfigError, InvalidInput
from agent_tui.i18n import _

from agent_tui.cli.common import (
    _launch,
    out,
    err,
    app,
    state,
    context,
    AsJson,
    _json,
)


@app.command(help=_("Create or upgrade the database (Alembic) and load policy presets and triage rules."))
def init(
    policy: Annotated[str | None, typer.Option(help=_("Make this policy preset the active one."))] = None,
    agent_tier: Annotated[str, typer.Option("--tier", help=_("Tier of the --agent, created if missing."))] = "tier1",
) -> None:
    from agent_tui.services import agents as agent_svc
    from agent_tui.services import config_store

    from agent_tui.services import ticket_clocks as tc
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.store.migrate import upgrade

    ctx = context(migrate_check=False, demo_fallback=False)  # init makes the real store, never the demo's
    before, after = upgrade(ctx.db)
    old_calendars = {c.name: c for c in config_store.list_calendars(ctx)} if before is not None else {}
    changed = install_shipped_presets(ctx)
    if policy:
        config_store.use_policy(ctx, policy)
    if state.agent:
        agent_svc.upsert_agent(ctx, state.agent, agent_tier)
    what = _("created") if before is None else (_("upgraded") if before != after else _("already current"))
    out.print(Text(_("database {url}: {what} (schema {schema}); presets: {policies} policies, {rules} rules changed")
                   .format(url=ctx.db.url_for_display, what=what, schema=after, policies=changed["policies"],
                           rules=changed["rules"])))
    if before is not None and (changed["changed_policies"] or changed["changed_calendars"]):
        # issue 16: a changed policy or calendar recomputes the running clocks of the open tickets on it
        _print_recomputed(tc.recompute_changed(
            ctx.as_actor("system"), policies=changed["changed_policies"],
            calendars={name: old_calendars.get(name) for name in changed["changed_calendars"]}))


@app.command(help=_(
    "Build a fresh demo database (200+ tickets, 60+ KB articles) and open the app on it.\n\nUntil "
    "'agent-tui init' creates your own database, every other command uses the demo's."
))
def demo(
    launch: Annotated[bool, typer.Option("--launch/--no-launch", help=_("Open the app afterwards."))] = True,
    agent: Annotated[str, typer.Option("--as", help=_("Which demo agent you are."))] = DEMO_AGENT,
) -> None:
    from agent_tui.locations import demo_database_path
    from agent_tui.services.demo import load_demo
    from agent_tui.store.urls import sqlite_url
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
    from agent_tui.services.export import store_has_tickets

    if store_has_tickets(ctx):
        raise ConfigError(_("{url} already holds tickets; the demo needs an empty database").format(
            url=ctx.db.url_for_display))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn(_("building the demo")), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("demo", total=None)
        counts = load_demo(ctx, progress=lambda done, total: bar.update(task, completed=done, total=total))
    err.print(Text(_("demo ready: {tickets} tickets, {articles} KB articles, {agents} agents; you are {agent}")
                   .format(tickets=counts["tickets"], articles=counts["articles"], agents=counts["agents"],
                           agent=ctx.actor)))
    err.print(Text(_demo_where(ctx.db.url_for_display, own_store)))
    if launch:
        _launch(ctx)


def _demo_where(url: str, own_store: bool) -> str:
    """Where the demo went, and whether the next command will see it."""
    from agent_tui.config import resolve
    from agent_tui.store.urls import mask_url

    if own_store and resolve().is_demo:
        return _("written to {url}; other commands use it until you run 'agent-tui init' "
                 "(try 'agent-tui tickets list')").format(url=url)
    if own_store:
        return _("written to {url}; other commands use {other}: pass --db {url} for the demo").format(
            url=url, other=mask_url(resolve().database_url))
    return _("written to {url}; pass the same --db (or AGENT_TUI_DATABASE_URL) to use it").format(url=url)


@app.command(help=_("Apply every due timer once: reminders, auto-solve, auto-close, SLA warnings and breaches."))
def sweep(
    now: Annotated[str | None, typer.Option(help=_("Apply timers due at this ISO 8601 instant (default: now)."))] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    from agent_tui.services.sweep import sweep as run

    report = run(context(), parse_instant(now) if now else None)
    if as_json:
        _json(report)
        return
    if not report.total:
        out.print(_("nothing due at {now}").format(now=report.now.isoformat()))
    for kind, n in sorted(report.fired.items()):
        out.print(f"{kind}: {n}")


agent_app = typer.Typer(help=_("Agents and their tiers."), rich_markup_mode=None)


@agent_app.command("add")
def agent_add(name: Annotated[str, typer.Argument()], tier: Annotated[str, typer.Option()] = "tier1",
              display_name: Annotated[str, typer.Option("--display-name")] = "",
              email: Annotated[str | None, typer.Option("--email", help=_(
                  "Where SLA warnings go by mail when the policy says warn_mail = true ('' removes it)."))] = None,
              ) -> None:
    from agent_tui.services import agents as agent_svc

    a = agent_svc.upsert_agent(context(), name, tier, display_name, email)
    out.print(Text(_("agent {name}: {tier}").format(name=a.name, tier=a.tier) + (f" <{a.email}>" if a.email else "")))


@agent_app.command("list")
def agent_list(as_json: AsJson = False) -> None:
    from agent_tui.services import agents as agent_svc

    agents = agent_svc.list_agents(context())
    if as_json:
        _json(agents)
        return
    for a in agents:
        out.print(Text(f"{a.name:<16} {a.tier:<12} {a.display_name}" + (f" <{a.email}>" if a.email else "")))


policy_app = typer.Typer(help=_("Support policies (SLA targets, timers)."), rich_markup_mode=None)


@policy_app.command("list")
def policy_list(as_json: AsJson = False) -> None:
    from agent_tui.services import config_store

    active, policies = config_store.list_policies(context())
    if as_json:
        from agent_tui.domain.policy import policy_to_dict

        _json({"active": active, "policies": {p.name: policy_to_dict(p) for p in policies}})
        return
    for p in policies:
        mark = "*" if p.name == active else " "
        out.print(Text(f"{mark} {p.name:<14} {p.description}"))


@policy_app.command("use", help=_(
    "Make a policy the active one for new tickets (open tickets keep theirs unless --recompute)."
))
def policy_use(name: Annotated[str, typer.Argument()],
               recompute: Annotated[bool, typer.Option(
                   "--recompute", help=_("Also move open tickets to it and recompute their deadlines."))] = False
               ) -> None:
    from agent_tui.services import config_store
    from agent_tui.services import ticket_clocks as tc

    ctx = context()
    config_store.use_policy(ctx, name)
    out.print(Text(_("active policy: {name}").format(name=name)))
    if recompute:
        _print_recomputed(tc.recompute_deadlines(ctx))


def _print_recomputed(counts: dict) -> None:
    out.print(Text(_("recomputed {tickets} open tickets, {changed} changed").format(
        tickets=counts["tickets"], changed=counts["changed"])))


sla_app = typer.Typer(help=_("SLA deadlines."), rich_markup_mode=None)


@sla_app.command("recompute", help=_(
    "Recompute the deadlines of every open ticket under the active policy (each change audited)."
))
def sla_recompute(
    policy: Annotated[str | None, typer.Option(help=_("Policy to apply (default: the active one)."))] = None,
    as_json: AsJson = False,
) -> None:
    from agent_tui.services import ticket_clocks as tc

    counts = tc.recompute_deadlines(context(), policy_name=policy)
    if as_json:
        _json(counts)
        return
    _print_recomputed(counts)


calendar_app = typer.Typer(help=_("Business-hours calendars the SLA clocks count on."), rich_markup_mode=None)


@calendar_app.command("list", help=_("The stored business-hours calendars: zone, weekly hours, holidays."))
def calendar_list(as_json: AsJson = False) -> None:
    from agent_tui.services import config_store

    from agent_tui.domain.calendar import calendar_to_dict

    cals = config_store.list_calendars(context())
    if as_json:
        _json({c.name: calendar_to_dict(c) for c in cals})
        return
    table = Table(box=None, pad_edge=False)
    for name in (_("calendar"), _("zone"), _("hours"), _("h/week"), _("holidays")):
        table.add_column(name)
    for c in cals:
        hours = calendar_to_dict(c)["hours"]
        hours_text = "; ".join(f"{k} {', '.join(v)}" for k, v in hours.items())  # type: ignore[union-attr]
        n_hol = len(c.holidays) + len(c.yearly_holidays)
        table.add_row(Text(c.name), Text(c.timezone), Text(hours_text), Text(f"{c.weekly_minutes() / 60:g}"),
                      Text(_("{count} dates").format(count=n_hol) + (f" + {c.region}" if c.region else "")))
    out.print(table)


secrets_app = typer.Typer(help=_("Database passwords in the OS keyring."), rich_markup_mode=None)


@secrets_app.command("set", help=_(
    "Store the database password (for --db / AGENT_TUI_DATABASE_URL) in the OS keyring."
))
def secrets_set() -> None:
    import getpass

    from agent_tui.config import keyring_status, resolve, store_password

    settings = resolve(state.db_url, state.agent)
    if "postgresql" not in settings.database_url:
        raise ConfigError(_("secrets are for PostgreSQL URLs; pass --db postgresql+psycopg://user@host/db"))
    ok, why = keyring_status()
    if not ok:
        raise ConfigError(_("{reason}: set AGENT_TUI_DB_PASSWORD in the environment instead").format(reason=why))
    if sys.stdin.isatty():
        password = getpass.getpass(_("Database password: "))
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise InvalidInput(_("empty password; nothing stored"))
    store_password(settings.database_url, password)
    out.print(_("password stored in the keyring"))
