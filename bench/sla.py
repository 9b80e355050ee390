"""Benchmark: recomputing SLA deadlines in business hours after a policy change.

Run by hand from the repository root:

    python bench/sla.py [--tickets 100000] [--seed 6] [--calendar berlin-office]

100,000 tickets with random creation times over 2026 (so weekends, holidays
and both DST switches are hit) and random targets between 1 h and 120 h.
Times ``add_business_minutes`` for every ticket (what a "policy change:
recompute every open deadline" costs) next to plain
``created + timedelta(minutes=N)`` over the same tickets in the same run, and
prints both, the per-ticket cost and the ratio. The calendar starts cold, so
the business-hours figure includes converting every local day once.

Then the same change through the services: ``--open`` open tickets (default
100,000) on a bulk-built SQLite store (templates made by the services, copied
with ``INSERT … SELECT`` as in bench/sweep.py), ``policy use droz`` and
``services.ticket_clocks.recompute_deadlines`` (business minutes used on the old
calendar, new deadlines on the new one, timers re-planned, one audit event per
ticket), next to plain ``created + timedelta`` over the same tickets' rows.
``--open 0`` skips it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent_tui.domain.calendar import add_business_minutes, calendars_from_toml  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--calendar", default="berlin-office")
    parser.add_argument("--open", type=int, default=100_000, help="open tickets for the services recompute")
    args = parser.parse_args()

    cal = calendars_from_toml((ROOT / "data" / "calendars.toml").read_text(encoding="utf-8"))[args.calendar]
    rnd = random.Random(args.seed)
    year_start = datetime(2026, 1, 1, tzinfo=UTC)
    span_us = 365 * 24 * 3600 * 1_000_000
    tickets = [
        (year_start + timedelta(microseconds=rnd.randrange(span_us)), rnd.choice((60, 240, 480, 720, 1440, 4320, 7200)))
        for _ in range(args.tickets)
    ]

    def timed(fn):
        """(result, wall seconds, CPU seconds of this process): CPU time is steadier on a busy machine."""
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        return out, time.perf_counter() - w, time.process_time() - c

    plain, plain_w, plain_c = timed(lambda: [created + timedelta(minutes=n) for created, n in tickets])
    business, cold_w, cold_c = timed(lambda: [add_business_minutes(cal, created, n) for created, n in tickets])
    warm, warm_w, warm_c = timed(lambda: [add_business_minutes(cal, created, n) for created, n in tickets])
    assert warm == business and len(plain) == len(business)

    n = len(tickets)
    print(f"calendar {cal.name} ({cal.timezone}), {n:,} tickets created over 2026, targets 1 h .. 120 h")
    print(f"{'':32}{'wall s':>9}{'µs/ticket':>11}{'CPU s':>9}{'µs/ticket':>11}{'ratio (CPU)':>13}")
    for label, w, c in (
        ("plain created + timedelta", plain_w, plain_c),
        ("add_business_minutes (cold)", cold_w, cold_c),
        ("add_business_minutes (warm)", warm_w, warm_c),
    ):
        print(f"{label:32}{w:9.3f}{w / n * 1e6:11.2f}{c:9.3f}{c / n * 1e6:11.2f}{c / plain_c:12.1f}x")
    moved = sum(1 for p, b in zip(plain, business) if b != p)
    print(f"deadlines that differ from wall-clock arithmetic: {moved:,} of {n:,}")
    if args.open > 0:
        services_recompute(args.open)


def services_recompute(n_open: int) -> None:
    """Policy change through the services on a bulk-built store of ``n_open`` open tickets."""
    import importlib.util
    import tempfile

    from sqlalchemy import text

    from agent_tui.domain.clock import FixedClock
    from agent_tui.domain.severity import Severity
    from agent_tui.services import agents as agent_svc
    from agent_tui.services import config_store
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_clocks as tc
    from agent_tui.services import intake as ti
    from agent_tui.services.context import Context
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.store.db import open_database, sqlite_url
    from agent_tui.store.migrate import upgrade

    spec = importlib.util.spec_from_file_location("bench_sweep", ROOT / "bench" / "sweep.py")
    sweep_bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(sweep_bench)  # type: ignore[union-attr]

    directory = Path(tempfile.mkdtemp(prefix="agent-tui-bench-sla-"))
    db = open_database(sqlite_url(directory / "sla.db"))
    upgrade(db)
    start = datetime(2026, 3, 16, 8, 30, tzinfo=UTC)  # Mon 09:30 CET
    clock = FixedClock(start)
    system = Context(db, clock, "system", quiet=True)
    install_shipped_presets(system)
    agent_svc.upsert_agent(system, "alice", "tier1")
    alice = system.as_actor("alice")
    t_build = time.perf_counter()
    templates = []
    for i, sev in enumerate((Severity.MODERATE, Severity.GENERAL_QUESTION, Severity.CRITICAL, Severity.MODERATE)):
        with db.transaction() as s:
            number = ti.create_in_session(s, alice, f"Template {i}", "Body", sweep_bench._customer(i),
                                          severity=sev)
        if i == 3:
            ta.assign(alice, number)
            clock.advance(minutes=30)
            ta.request_info(alice, number, "Which version?")  # pending: a paused clock
        elif i == 0:
            ta.assign(alice, number)
        templates.append(number)
    share = [n_open // len(templates)] * len(templates)
    share[0] += n_open - sum(share)
    for number, count in zip(templates, share):
        sweep_bench.clone_ticket(db, number, count - 1)
    with db.read() as s:
        total = s.execute(text("SELECT COUNT(*) FROM tickets")).scalar_one()
    build_s = time.perf_counter() - t_build
    print(f"\nservices: {total:,} open tickets bulk-built in {build_s:.1f} s ({directory / 'sla.db'})")

    clock.set(start + timedelta(hours=2))
    config_store.use_policy(system, "droz")

    # floor: the same rows read, plain created + timedelta per ticket, in the same run
    def plain() -> int:
        count = 0
        with db.read() as s:
            for created, target in s.execute(text(
                    "SELECT created_at, resolution_target_min FROM tickets")).yield_per(5000):
                _ = datetime.fromisoformat(created) + timedelta(minutes=target) if isinstance(created, str) \
                    else created + timedelta(minutes=target)
                count += 1
        return count

    w, c = time.perf_counter(), time.process_time()
    plain_n = plain()
    plain_w, plain_c = time.perf_counter() - w, time.process_time() - c
    w, c = time.perf_counter(), time.process_time()
    counts = tc.recompute_deadlines(system)
    svc_w, svc_c = time.perf_counter() - w, time.process_time() - c
    assert plain_n == total and counts["tickets"] == total, (plain_n, counts, total)
    with db.read() as s:
        audited = s.execute(text("SELECT COUNT(*) FROM audit_events WHERE action = 'sla_recomputed'")).scalar_one()
    print(f"{'':40}{'wall s':>9}{'µs/ticket':>11}{'CPU s':>9}{'ratio (wall)':>14}")
    print(f"{'read rows + created + timedelta':40}{plain_w:9.2f}{plain_w / total * 1e6:11.1f}{plain_c:9.2f}{1:13.1f}x")
    print(f"{'recompute_deadlines (policy -> droz)':40}{svc_w:9.2f}{svc_w / total * 1e6:11.1f}{svc_c:9.2f}"
          f"{svc_w / plain_w:13.1f}x")
    print(f"tickets recomputed: {counts['tickets']:,}, changed: {counts['changed']:,}, audit events: {audited:,}")
    db.dispose()


if __name__ == "__main__":
    main()
