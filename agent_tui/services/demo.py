"""Build the demo database from ``data/demo/tickets.json`` by replaying each ticket's story.

Every step goes through the same services an agent uses, at the time the
script says (relative to now), so the audit log, SLA clocks and timers of
the demo are exactly what real work would have produced.
"""

from __future__ import annotations

import json
from datetime import timedelta
from collections.abc import Callable
from pathlib import Path

from agent_tui.domain.clock import FixedClock
from agent_tui.domain.escalation import Handover
from agent_tui.errors import AgentTuiError, ImportFailed
from agent_tui.i18n import _
from agent_tui.locations import shipped_data_dir
from agent_tui.services import agents as agent_svc
from agent_tui.services import kb as kb_svc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services.config_store import install_presets
from agent_tui.services.context import Context
from agent_tui.services.sweep import sweep


def install_shipped_presets(ctx: Context, data: Path | None = None) -> dict:
    base = data or shipped_data_dir()
    calendars = base / "calendars.toml"
    return install_presets(ctx, base / "policies.toml", base / "triage_rules.toml",
                           calendars_file=calendars if calendars.exists() else None)


def load_demo(ctx: Context, data: Path | None = None,
              progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Fill an empty, migrated database with the demo agents, customers, tickets and KB.

    ``progress(done, total)`` is called after each ticket's story is replayed.
    """
    with ctx.db.batch():  # one transaction: a fresh store no one else uses; all of it or nothing
        return _load(ctx, data, progress)


def _load(ctx: Context, data: Path | None, progress: Callable[[int, int], None] | None) -> dict[str, int]:
    base = data or shipped_data_dir()
    now = ctx.clock.now()
    install_shipped_presets(ctx, base)
    doc = json.loads((base / "demo" / "tickets.json").read_text(encoding="utf-8"))
    for a in doc["agents"]:
        agent_svc.upsert_agent(ctx, a["name"], a["tier"], a.get("display_name", ""))
    customers = {c["customer_number"]: c for c in doc["customers"]}
    kb_counts = kb_svc.import_directory(ctx, base / "kb")
    clock = FixedClock(now)
    demo = Context(ctx.db, clock, "system", quiet=True)  # replaying: skip building screen views
    steps = 0
    total = len(doc["tickets"])
    for done, item in enumerate(doc["tickets"], start=1):
        created = now - timedelta(hours=float(item["created_hours_ago"]))
        clock.set(created)
        c = customers[item["customer"]]
        with ctx.db.transaction() as s:
            number = ti.create_in_session(
                s, demo.as_customer(c["email"]), item["subject"], item["body"],
                ti.CustomerInput(email=c["email"], name=c["name"], customer_number=c["customer_number"],
                                company=c.get("company", ""), plan=c.get("plan", "standard"),
                                domain=c.get("domain", "")),
                channel=item.get("channel", "email"), language=item.get("language", ""), tags=item.get("tags", ()),
                checklist=item.get("checklist") or {}, created_at=created,
            )
        for step in item.get("script", []):
            clock.set(now - timedelta(hours=float(step["hours_ago"])))
            try:
                _step(demo, number, step)
            except AgentTuiError as exc:
                raise ImportFailed(_("demo ticket {item}: step {step}: {message}").format(
                    item=item['ref'], step=step['do'], message=exc.message)) from None
            steps += 1
        if progress is not None:
            progress(done, total)
    clock.set(now)
    report = sweep(demo, now)
    return {"tickets": len(doc["tickets"]), "steps": steps, "agents": len(doc["agents"]),
            "articles": sum(kb_counts.values()), "timers_fired": report.total}


def _step(ctx: Context, number: int, step: dict) -> None:
    do = step["do"]
    actor = ctx.as_actor(step.get("agent") or "system")
    if do == "assign":
        ta.assign(actor, number, step["agent"])
    elif do == "reply":
        ta.reply(actor, number, step["body"])
    elif do == "note":
        ta.note(actor, number, step["body"])
    elif do == "request_info":
        ta.request_info(actor, number, step["body"])
    elif do == "customer_reply":
        ti.customer_message(ctx, number, step["body"])
    elif do == "set_checklist":
        ta.update_checklist(actor, number, step["fields"])
    elif do == "escalate":
        ta.escalate(actor, number, step["to"], step["criterion"],
                   Handover(step.get("findings", ""), step.get("steps_taken", ""), step.get("workaround", ""),
                            step.get("logs", "")))
    elif do == "deescalate":
        ta.deescalate(actor, number, step["summary"])
    elif do == "hold":
        ta.hold(actor, number, step["reason"], step.get("kind", "third_party"))
    elif do == "propose_solution":
        ta.propose_solution(actor, number, step["solution"], hotfix=bool(step.get("hotfix")))
    elif do == "approve":
        ta.approve(actor, number, step.get("note", ""))
    elif do == "resume":
        ta.resume(actor, number, step.get("note", ""))
    elif do == "solve":
        ta.solve(actor, number, step["outcome"], step.get("resolution", ""))
    elif do == "survey":
        ta.record_survey(ctx, number, int(step["score"]))
    elif do == "close":
        ta.close(actor, number)
    else:
        raise ImportFailed(_("unknown demo step {do!r}").format(do=do))

