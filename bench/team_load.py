"""Team load: N agent processes on one queue for a fixed time, then an audit/message consistency check.

    python bench/team_load.py                         # PostgreSQL on 127.0.0.1, 20 agents, 30 s
    python bench/team_load.py --db sqlite --procs 4   # one SQLite file, 4 agents
    python bench/team_load.py --db postgresql+psycopg://postgres@127.0.0.1:5432/agent_tui_load

The PostgreSQL database (default ``agent_tui_load``) is DROPPED and re-created;
SQLite uses a file in a temporary directory. Set-up: migrate, shipped presets,
the demo KB articles, one Tier 1 agent per process plus Tier 2 agents, and
``--tickets`` tier-1 tickets (created through the services, in parallel).

Each agent loops until the deadline over a realistic mix: take next, reply,
note, request info, solve, escalate (to Tier 2) and KB search. Writes read the
ticket first and pass ``expected_version`` (as the screens do), after a short
"thinking" pause; some replies/notes go to a small set of hot tickets that many
agents look at, so version conflicts really happen. Latency is per operation,
including that read (what the agent waits for), excluding the pause.

At the end it checks, exactly:
* audit events written during the run, per kind, equal the successful operations:
  ``replied`` = replies, ``noted`` = notes, ``info_requested`` = requests,
  ``solved`` = solves, ``escalated`` = escalations, ``assigned`` with
  ``via=take_next`` = successful take-nexts;
* every ticket's message count = its count before the run + the successful
  replies, notes and requests on it (nothing lost, nothing doubled; the agents'
  own public and internal messages: a solve's automatic solution notice is a
  'system' message and not counted);
* no ticket was taken twice by take-next.
It exits non-zero when any check fails.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OPS = {  # weight: how often an agent does it
    "take_next": 14,
    "reply": 24,
    "note": 18,
    "request_info": 9,
    "solve": 9,
    "escalate": 4,
    "kb_search": 22,
}
KB_QUERIES = ["export pdf", "password reset", "invoice vat", "api token", "sso login", "Auszahlung",
              "webhook retry", "two factor", "faturação", "wachtwoord", "c++ sdk", "e-mail bounce"]
FULL_CHECKLIST = {
    "customer_number": "C-10001", "domain": "example.com", "contact": "jana@example.com",
    "error_message": "Error 503", "reproduction_steps": "1. open 2. publish", "environment": "Firefox 128",
    "end_customer_contact": "yes",
}
HOT = 30  # hot tickets: the first HOT numbers, looked at by everyone


def pg_admin_url(url: str) -> tuple[str, str]:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return u.set(database="postgres").render_as_string(hide_password=False), u.database


def prepare(url: str, tickets: int, agents: int, procs: int) -> None:
    from sqlalchemy import create_engine, text

    from agent_tui.domain.clock import SystemClock
    from agent_tui.services import Context
    from agent_tui.services import agents as agent_svc
    from agent_tui.services import kb
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.locations import shipped_data_dir
    from agent_tui.store.db import open_database
    from agent_tui.store.migrate import upgrade

    if url.startswith("postgresql"):
        admin, name = pg_admin_url(url)
        eng = create_engine(admin, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{name}"'))
        eng.dispose()
    db = open_database(url)
    upgrade(db)
    ctx = Context(db, SystemClock(), "system")
    install_shipped_presets(ctx)
    articles = kb.import_directory(ctx, shipped_data_dir() / "kb")
    for i in range(agents):
        agent_svc.upsert_agent(ctx, agent_name(i), "tier1")
    for i in range(max(2, agents // 5)):
        agent_svc.upsert_agent(ctx, f"t2-{i:02d}", "tier2")
    db.dispose()
    per = [tickets // procs + (1 if i < tickets % procs else 0) for i in range(procs)]
    with mp.get_context("spawn").Pool(procs) as pool:
        pool.starmap(_create_tickets, [(url, n, i) for i, n in enumerate(per)])
    print(f"set-up: {tickets:,} tickets, {agents} tier-1 agents, KB {articles}", flush=True)


def agent_name(i: int) -> str:
    return f"agent{i:02d}"


def _create_tickets(url: str, n: int, seed: int) -> None:
    from agent_tui.domain.clock import SystemClock
    from agent_tui.services import Context
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq
    from agent_tui.store.db import open_database

    db = open_database(url)
    ctx = Context(db, SystemClock(), "system", quiet=True)
    rnd = random.Random(seed)
    subjects = ["Export to PDF shows wrong totals", "Cannot reset my password", "Invoice has the wrong VAT",
                "API token expired", "SSO login loops", "Webhook not delivered", "App crashes on upload"]
    for i in range(n):
        cust = ti.CustomerInput(email=f"c{seed}-{i % 200}@example.com", name=f"Customer {seed}-{i % 200}",
                                customer_number=f"C-{seed:02d}{i % 200:04d}", domain="example.com")
        ti.create_ticket(ctx, f"{rnd.choice(subjects)} ({seed}-{i})", "Please help, details inside.", cust,
                         checklist=FULL_CHECKLIST)
    db.dispose()


# ------------------------------------------------------------------ the agents


def agent_loop(url: str, index: int, seconds: float, first_number: int, last_number: int, out: str) -> None:
    from agent_tui.domain.clock import SystemClock
    from agent_tui.domain.escalation import Handover
    from agent_tui.errors import AgentTuiError, StaleTicket
    from agent_tui.services import Context
    from agent_tui.services import kb
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq
    from agent_tui.store.db import open_database

    rnd = random.Random(1000 + index)
    db = open_database(url)
    ctx = Context(db, SystemClock(), agent_name(index))
    mine: list[int] = []
    lat: dict[str, list[float]] = defaultdict(list)
    outcome: Counter = Counter()  # (op, ok|stale|empty|refused|error)
    per_ticket: Counter = Counter()  # successful message-adding ops per ticket number
    taken: list[int] = []
    errors: Counter = Counter()
    names, weights = list(OPS), list(OPS.values())
    deadline = time.monotonic() + seconds

    def target(hot_share: float) -> int | None:
        if rnd.random() < hot_share:
            return rnd.randint(first_number, min(last_number, first_number + HOT - 1))
        if mine:
            return rnd.choice(mine)
        return None

    while time.monotonic() < deadline:
        op = rnd.choices(names, weights)[0]
        number = None
        if op in ("reply", "note"):
            number = target(0.35)
        elif op in ("request_info", "solve", "escalate"):
            number = rnd.choice(mine) if mine else None
        if op not in ("take_next", "kb_search") and number is None:
            op, number = "take_next", None
        try:
            if op == "take_next":
                t0 = time.perf_counter()
                detail = ta.take_next(ctx)
                took = time.perf_counter() - t0
                if detail is None:
                    outcome[(op, "empty")] += 1
                else:
                    outcome[(op, "ok")] += 1
                    mine.append(detail.number)
                    taken.append(detail.number)
                lat[op].append(took)
                continue
            if op == "kb_search":
                t0 = time.perf_counter()
                kb.search(ctx, rnd.choice(KB_QUERIES))
                lat[op].append(time.perf_counter() - t0)
                outcome[(op, "ok")] += 1
                continue
            t0 = time.perf_counter()
            version = tq.get_ticket(ctx, number).version
            read = time.perf_counter() - t0
            time.sleep(rnd.uniform(0.0, 0.03))  # the agent reads and types (kept short: load, not realism)
            t0 = time.perf_counter()
            try:
                if op == "reply":
                    ta.reply(ctx, number, f"Reply from {ctx.actor}", expected_version=version)
                elif op == "note":
                    ta.note(ctx, number, f"Note from {ctx.actor}", expected_version=version)
                elif op == "request_info":
                    ta.request_info(ctx, number, "Which version do you use?", expected_version=version)
                elif op == "solve":
                    ta.solve(ctx, number, "fixed", "Fixed by the load test", expected_version=version)
                elif op == "escalate":
                    ta.escalate(ctx, number, "tier2", "deeper_knowledge",
                                Handover("found x", "tried y", "none", ""), expected_version=version)
            finally:
                lat[op].append(read + time.perf_counter() - t0)
            outcome[(op, "ok")] += 1
            if op in ("reply", "note", "request_info"):
                per_ticket[number] += 1
            if op in ("solve", "escalate") and number in mine:
                mine.remove(number)
        except StaleTicket:
            outcome[(op, "stale")] += 1
        except AgentTuiError as exc:
            outcome[(op, "refused")] += 1  # e.g. a reply to a ticket someone solved meanwhile
            errors[f"{op}: {exc.__class__.__name__}"] += 1
            if number in mine and op in ("request_info", "solve", "escalate", "reply"):
                mine.remove(number)
        except Exception as exc:  # noqa: BLE001 - counted, reported, fails the run
            outcome[(op, "error")] += 1
            errors[f"{op}: {exc.__class__.__name__}: {str(exc).splitlines()[0][:100]}"] += 1
    db.dispose()
    Path(out).write_text(json.dumps({
        "lat": lat,
        "outcome": [[k[0], k[1], v] for k, v in outcome.items()],
        "per_ticket": {str(k): v for k, v in per_ticket.items()},
        "taken": taken,
        "errors": dict(errors),
    }))


# ------------------------------------------------------------------ checks


def snapshot(url: str) -> tuple[dict[int, int], Counter, int, int]:
    """Messages per ticket number, audit events per kind (take_next separately), ticket number range."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from agent_tui.store.db import open_database
    from agent_tui.store.models import AuditEvent, Message, Ticket

    db = open_database(url)
    with db.read() as s:
        # the agents' own messages (replies and requests are public, notes internal); the notices the desk
        # writes itself ('system': the solution mail a solve sends under some policies) are not counted
        msgs = dict(s.exec(select(Ticket.number, func.count(Message.id)).join(
            Message, (Message.ticket_id == Ticket.id) & col(Message.kind).in_(("public", "internal")),
            isouter=True).group_by(Ticket.number)).all())
        kinds = Counter(dict(s.exec(select(AuditEvent.action, func.count(AuditEvent.id)).group_by(
            AuditEvent.action)).all()))
        details = s.exec(select(AuditEvent.details).where(AuditEvent.action == "assigned")).all()
        kinds["assigned_via_take_next"] = sum(1 for d in details if isinstance(d, dict) and d.get("via") == "take_next")
        lo, hi = s.exec(select(func.min(Ticket.number), func.max(Ticket.number))).one()
    db.dispose()
    return {int(k): int(v) for k, v in msgs.items()}, kinds, int(lo), int(hi)


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="postgres",
                    help="'postgres' (127.0.0.1, database agent_tui_load), 'sqlite', or a URL (the database is wiped)")
    ap.add_argument("--procs", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--tickets", type=int, default=3000)
    args = ap.parse_args()

    tmp = None
    if args.db == "postgres":
        url = "postgresql+psycopg://postgres@127.0.0.1:5432/agent_tui_load"
    elif args.db == "sqlite":
        tmp = tempfile.mkdtemp(prefix="agent-tui-load-")
        url = f"sqlite:///{tmp}/load.db"
    else:
        url = args.db
    try:
        return run(url, args)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def run(url: str, args) -> int:
    from agent_tui.store.db import mask_url

    print(f"team load: {args.procs} agents × {args.seconds:g} s on {mask_url(url)}", flush=True)
    t0 = time.monotonic()
    prepare(url, args.tickets, args.procs, min(args.procs, os.cpu_count() or 4))
    print(f"set-up took {time.monotonic() - t0:.1f} s", flush=True)
    before_msgs, before_kinds, lo, hi = snapshot(url)

    outdir = tempfile.mkdtemp(prefix="agent-tui-load-out-")
    spawn = mp.get_context("spawn")
    procs = [spawn.Process(target=agent_loop, args=(url, i, args.seconds, lo, hi, f"{outdir}/{i}.json"))
             for i in range(args.procs)]
    start = time.monotonic()
    for p in procs:
        p.start()
    for p in procs:
        p.join(args.seconds + 120)
    wall = time.monotonic() - start
    results = []
    for i, p in enumerate(procs):
        path = Path(f"{outdir}/{i}.json")
        if p.exitcode != 0 or not path.exists():
            print(f"agent {i} failed (exit {p.exitcode})")
            continue
        results.append(json.loads(path.read_text()))
    shutil.rmtree(outdir, ignore_errors=True)

    lat: dict[str, list[float]] = defaultdict(list)
    outcome: Counter = Counter()
    per_ticket: Counter = Counter()
    taken: list[int] = []
    errors: Counter = Counter()
    for r in results:
        for op, values in r["lat"].items():
            lat[op].extend(values)
        for op, kind, n in r["outcome"]:
            outcome[(op, kind)] += n
        per_ticket.update({int(k): v for k, v in r["per_ticket"].items()})
        taken.extend(r["taken"])
        errors.update(r["errors"])

    total_ops = sum(outcome.values())
    print(f"\n{total_ops:,} operations in {wall:.1f} s (incl. process start): "
          f"{total_ops / args.seconds:,.0f} ops/s over the {args.seconds:g} s window\n")
    print(f"{'operation':<13}{'count':>8}{'ok':>8}{'stale':>7}{'empty':>7}{'refused':>8}{'error':>6}"
          f"{'p50 ms':>9}{'p95 ms':>9}")
    for op in OPS:
        n = sum(v for (o, _), v in outcome.items() if o == op)
        print(f"{op:<13}{n:>8}{outcome[(op, 'ok')]:>8}{outcome[(op, 'stale')]:>7}{outcome[(op, 'empty')]:>7}"
              f"{outcome[(op, 'refused')]:>8}{outcome[(op, 'error')]:>6}"
              f"{pct(lat[op], 50) * 1000:>9.1f}{pct(lat[op], 95) * 1000:>9.1f}")
    stale = sum(v for (_, k), v in outcome.items() if k == "stale")
    print(f"\nconflicts detected: {stale} StaleTicket, {outcome[('take_next', 'empty')]} take-next with nothing to take")
    if errors:
        print("refusals/errors: " + "; ".join(f"{k} ×{v}" for k, v in errors.most_common(8)))

    after_msgs, after_kinds, _, _ = snapshot(url)
    checks: list[tuple[str, int, int]] = []
    for kind, op in (("replied", "reply"), ("noted", "note"), ("info_requested", "request_info"),
                     ("solved", "solve"), ("escalated", "escalate"), ("assigned_via_take_next", "take_next")):
        checks.append((f"audit '{kind}' events = successful {op}", after_kinds[kind] - before_kinds[kind],
                       outcome[(op, "ok")]))
    bad_tickets = [n for n in after_msgs if after_msgs[n] != before_msgs.get(n, 0) + per_ticket.get(n, 0)]
    checks.append(("tickets whose message count ≠ before + successful replies/notes/requests", len(bad_tickets), 0))
    checks.append(("tickets taken twice by take-next", len(taken) - len(set(taken)), 0))
    checks.append(("unexpected errors", sum(v for (_, k), v in outcome.items() if k == "error"), 0))
    print()
    ok = True
    for label, got, want in checks:
        good = got == want
        ok &= good
        print(f"{'ok  ' if good else 'FAIL'} {label}: {got} (expected {want})")
    if bad_tickets:
        print("  e.g. " + ", ".join(f"#{n}: {before_msgs.get(n, 0)}+{per_ticket.get(n, 0)}≠{after_msgs[n]}"
                                    for n in bad_tickets[:5]))
    print("\nall checks passed" if ok else "\nCHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
