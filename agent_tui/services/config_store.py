"""Policies, triage rules and settings kept in the store, so a team edits them once."""

from __future__ import annotations

import secrets
import tomllib
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import event, insert, update
from sqlmodel import Session, select

from agent_tui.domain.calendar import (
    TWENTY_FOUR_SEVEN,
    Calendar,
    calendar_from_dict,
    calendar_to_dict,
    calendars_from_tables,
)
from agent_tui.domain.policy import Policy, policy_from_dict, policy_to_dict
from agent_tui.domain.triage import Rule, rule_from_dict, rule_to_dict
from agent_tui.errors import ConfigError, InvalidInput, NotFound
from agent_tui.i18n import _
from agent_tui.services.context import Context
from agent_tui.store.models import AuditEvent, CalendarRow, Counter, PolicyRow, Setting, TriageRuleRow

ACTIVE_POLICY = "active_policy"
T = TypeVar("T")


def get_setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


# ---------------------------------------------------------------- policies and calendars, cached per process
#
# Every ticket action needs its ticket's policy and calendars. They are kept per process (per engine) and
# checked with one cheap read per session: the ``config`` row of ``counters``, which every change of a
# policy or calendar row sets to a new random value in the same transaction (``_bump_config_version``,
# a flush hook, so no writer can forget it). Another process's change is therefore seen by the next
# session here; a session that changes them itself reads them from the store until it ends.
CONFIG_VERSION = "config"
_BY_ENGINE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> (version, policies, calendars)


def _process_cache(session: Session) -> tuple[int, dict, dict] | None:
    info = session.info
    if info.get("agent_tui_config_changed"):
        return None
    entry = info.get("agent_tui_config_cache")
    if entry is None:
        version = session.connection().execute(
            select(Counter.value).where(Counter.name == CONFIG_VERSION)).scalar_one_or_none()
        if version is None:  # a store whose config no hook has stamped yet: read it every time
            entry = info["agent_tui_config_cache"] = ()
        else:
            engine = session.get_bind()
            entry = _BY_ENGINE.get(engine)
            if entry is None or entry[0] != version:
                entry = _BY_ENGINE[engine] = (version, {}, {})
            info["agent_tui_config_cache"] = entry
    return entry or None


@event.listens_for(Session, "before_flush")
def _bump_config_version(session: Session, _flush_context, _instances) -> None:
    """A policy or calendar row written: stamp the config with a new version (other processes reload)."""
    if not any(isinstance(o, PolicyRow | CalendarRow) for o in (*session.new, *session.dirty, *session.deleted)):
        return
    session.info["agent_tui_config_changed"] = True
    conn = session.connection()
    table = Counter.__table__
    old = conn.execute(select(table.c.value).where(table.c.name == CONFIG_VERSION)).scalar_one_or_none()
    if old is None:  # random, so a store re-created under the same engine does not meet an old version
        conn.execute(insert(table).values(name=CONFIG_VERSION, value=secrets.randbelow(2**31 - 2) + 1))
    else:  # never the value it had (the column is a 32-bit INTEGER on PostgreSQL)
        value = (old + 1 + secrets.randbelow(2**30)) % (2**31 - 1) or 1
        conn.execute(update(table).where(table.c.name == CONFIG_VERSION).values(value=value if value != old else old % 7 + 1))


def load_policy(session: Session, name: str) -> Policy:
    """The named policy, parsed once per process and config version (a sweep applies thousands of timers)."""
    cache = session.info.setdefault("agent_tui_policies", {})
    if name in cache:
        return cache[name]
    shared = _process_cache(session)
    if shared is not None and name in shared[1]:
        cache[name] = shared[1][name]
        return cache[name]
    row = session.get(PolicyRow, name)
    if row is None:
        raise NotFound(_("no policy named {name!r}; run 'agent-tui init' to load the presets").format(name=name))
    cache[name] = policy_from_dict(name, row.data)
    if shared is not None:
        shared[1][name] = cache[name]
    return cache[name]


# Calendars parsed once per process and content: each keeps its per-day cache warm across sessions.
_CALENDARS: dict[tuple[str, str], Calendar] = {}


def _calendar(name: str, data: dict) -> Calendar:
    import json

    key = (name, json.dumps(data, sort_keys=True))
    cal = _CALENDARS.get(key)
    if cal is None:
        if len(_CALENDARS) > 256:
            _CALENDARS.clear()
        cal = _CALENDARS[key] = calendar_from_dict(name, data)
    return cal


def load_calendar(session: Session, name: str) -> Calendar:
    """The named business-hours calendar (once per session); ``24x7`` exists even if not stored."""
    cache = session.info.setdefault("agent_tui_calendars", {})
    if name in cache:
        return cache[name]
    shared = _process_cache(session)
    if shared is not None and name in shared[2]:
        cache[name] = shared[2][name]
        return cache[name]
    row = session.get(CalendarRow, name)
    if row is not None:
        cal = _calendar(name, row.data)
    elif name == TWENTY_FOUR_SEVEN.name:
        cal = TWENTY_FOUR_SEVEN
    else:
        raise NotFound(_("no calendar named {name!r}; run 'agent-tui init' to load the presets").format(name=name))
    cache[name] = cal
    if shared is not None:
        shared[2][name] = cal
    return cal


def list_calendars(ctx: Context) -> list[Calendar]:
    with ctx.db.read() as s:
        rows = s.exec(select(CalendarRow).order_by(CalendarRow.name)).all()
        cals = [_calendar(r.name, r.data) for r in rows]
    if not any(c.name == TWENTY_FOUR_SEVEN.name for c in cals):
        cals.append(TWENTY_FOUR_SEVEN)
    return cals


def active_policy_name(session: Session) -> str:
    name = get_setting(session, ACTIVE_POLICY)
    if not name:
        raise ConfigError(_("no active policy: run 'agent-tui init' first"))
    return name


def load_rules(session: Session) -> list[Rule]:
    cache = session.info.get("agent_tui_rules")
    if cache is None:
        rows = session.exec(select(TriageRuleRow).order_by(TriageRuleRow.priority, TriageRuleRow.name)).all()
        cache = session.info["agent_tui_rules"] = [rule_from_dict(row.data) for row in rows]
    return cache


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(_("file not found: {path}").format(path=path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name}: {exc}") from None


def _upsert_preset(s: Session, model: type, name: str, data: dict, now, **columns: object) -> int:
    """Insert or update one preset row keyed by name; 1 if it changed, 0 if it was already so."""
    row = s.get(model, name)
    if row is None:
        s.add(model(name=name, data=data, updated_at=now, **columns))
        return 1
    if row.data == data:
        return 0
    row.data, row.updated_at = data, now
    for key, value in columns.items():
        setattr(row, key, value)
    return 1


def _from_file(path: Path, entry: str, parse: Callable[[], T]) -> T:
    """``parse()``, its problem prefixed with the file's name and the entry (unless the message names it)."""
    try:
        return parse()
    except InvalidInput as exc:
        where = "" if entry in exc.message else f"{entry}: "
        raise InvalidInput(f"{path.name}: {where}{exc.message}") from None


def install_presets(ctx: Context, policies_file: Path, rules_file: Path, *, active: str | None = None,
                    calendars_file: Path | None = None) -> dict:
    """Load calendars, policy presets and triage rules from TOML (idempotent: same content, no change).

    Returns how many of each changed, and the names of the calendars and policies whose content changed
    (``changed_calendars``, ``changed_policies``): their open tickets' clocks are to be recomputed
    (``ticket_clocks.recompute_changed``)."""
    calendars: dict[str, Calendar] = {}
    if calendars_file is not None:
        calendars = calendars_from_tables(read_toml(calendars_file), calendars_file.name)
    policies_doc = read_toml(policies_file)
    rules_doc = read_toml(rules_file)
    raw_policies = policies_doc.get("policy", {})
    if not isinstance(raw_policies, dict) or not raw_policies:
        raise InvalidInput(_("{name}: no [policy.NAME] tables").format(name=policies_file.name))
    parsed = {name: _from_file(policies_file, f"policy {name!r}", lambda: policy_from_dict(name, data))
              for name, data in raw_policies.items()}
    raw_rules = rules_doc.get("rule", [])
    if not isinstance(raw_rules, list):
        raise InvalidInput(_("{name}: rules must be [[rule]] tables").format(name=rules_file.name))
    rules = [_from_file(rules_file, f"[[rule]] #{i}", lambda: rule_from_dict(r))
             for i, r in enumerate(raw_rules, start=1)]
    if len({r.name for r in rules}) != len(rules):
        raise InvalidInput(_("{name}: rule names must be unique").format(name=rules_file.name))
    default = active or str(policies_doc.get("default", "")) or next(iter(parsed))
    if default not in parsed:
        raise InvalidInput(_("{name}: default policy {default!r} is not defined").format(
            name=policies_file.name, default=default))
    now = ctx.clock.now()
    changed: dict = {"calendars": 0, "policies": 0, "rules": 0}
    names: dict[str, list[str]] = {"changed_calendars": [], "changed_policies": []}
    with ctx.db.transaction() as s:
        for name, cal in calendars.items():
            if _upsert_preset(s, CalendarRow, name, calendar_to_dict(cal), now):
                changed["calendars"] += 1
                names["changed_calendars"].append(name)
        s.flush()
        for policy in parsed.values():
            for cal_name in sorted(policy.calendars()):
                if cal_name not in calendars and cal_name != TWENTY_FOUR_SEVEN.name \
                        and s.get(CalendarRow, cal_name) is None:
                    raise InvalidInput(_("{file}: policy {policy!r} names calendar {calendar!r}, which is not "
                                         "defined").format(file=policies_file.name, policy=policy.name,
                                                           calendar=cal_name))
        for name, policy in parsed.items():
            if _upsert_preset(s, PolicyRow, name, policy_to_dict(policy), now):
                changed["policies"] += 1
                names["changed_policies"].append(name)
        for rule in rules:
            changed["rules"] += _upsert_preset(s, TriageRuleRow, rule.name, rule_to_dict(rule), now,
                                               priority=rule.priority)
        if not get_setting(s, ACTIVE_POLICY) or active:
            before = get_setting(s, ACTIVE_POLICY) or None
            if before != default:
                set_setting(s, ACTIVE_POLICY, default)
                s.add(AuditEvent(at=now, actor=ctx.actor, action="policy_selected", field="active_policy",
                                 before=before, after=default, details={}))
        if any(changed.values()):
            s.add(AuditEvent(at=now, actor=ctx.actor, action="presets_loaded", details={**changed, **names}))
    return {**changed, **names}


def use_policy(ctx: Context, name: str) -> None:
    with ctx.db.transaction() as s:
        load_policy(s, name)
        before = get_setting(s, ACTIVE_POLICY) or None
        set_setting(s, ACTIVE_POLICY, name)
        s.add(AuditEvent(at=ctx.clock.now(), actor=ctx.actor, action="policy_selected",
                         field="active_policy", before=before, after=name, details={}))


def list_policies(ctx: Context) -> tuple[str, list[Policy]]:
    with ctx.db.read() as s:
        rows = s.exec(select(PolicyRow).order_by(PolicyRow.name)).all()
        return get_setting(s, ACTIVE_POLICY), [policy_from_dict(r.name, r.data) for r in rows]

