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

Then the same change through the services (issue 16): ``--open`` open tickets (default
100,000) on a bulk-built store (templates made by the services, copied with
``INSERT … SELECT`` as in bench/sweep.py), ``policy use droz`` and
``services.ticket_clocks.recompute_deadlines``: set-based, per batch one read of the
clock columns, the new deadlines from the domain, one executemany UPDATE, one INSERT
of audit events (old and new deadlines), the timers re-planned in two statements.
Measured in the same run against (a) the deadlines alone: the same tickets' columns
already in memory, every deadline recomputed by ``sla_clocks.retarget`` (the floor),
and (c) the path before it, ticket by ticket through the ORM, on ``--orm-sample``
tickets. ``--open 0`` skips it; ``--db URL`` runs it on PostgreSQL (the bench WIPES
that database's public schema).
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
    parser.add_argument("--orm-sample", type=int, default=10_000,
                        help="tickets recomputed the old way (ORM, ticket by ticket) for comparison (0: skip)")
    parser.add_argument("--db", default=None, help="a PostgreSQL database the bench may WIPE (default: SQLite)")
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
        services_recompute(args.open, args.orm_sample, args.db)


def services_recompute(n_open: int, orm_sample: int, url: str | None) -> None:
    """Policy change on a bulk-built store of ``n_open`` open tickets: the set-based service against the
    deadlines alone (and the ticket-by-ticket ORM path on a sample), measured in this run."""
    import importlib.util
    import tempfile

    from sqlalchemy import select, text

    from agent_tui.domain.clock import FixedClock
    from agent_tui.domain.severity import Severity
    from agent_tui.domain.sla_clocks import calendar_names, refresh_queue_keys, retarget
    from agent_tui.domain.timers import plan_timers
    from agent_tui.services import agents as agent_svc
    from agent_tui.services import config_store
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_clocks as tc
    from agent_tui.services import intake as ti
    from agent_tui.services.context import Context
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.store.db import mask_url
    from agent_tui.store.migrate import upgrade
    from agent_tui.store.models import Ticket

    spec = importlib.util.spec_from_file_location("bench_sweep", ROOT / "bench" / "sweep.py")
    sweep_bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(sweep_bench)  # type: ignore[union-attr]

    directory = Path(tempfile.mkdtemp(prefix="agent-tui-bench-sla-"))
    db = sweep_bench.open_store(url, directory, "sla")
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
            clock.advance(minutes=10)
            ta.reply(alice, number, "On it")  # answered: its update clock runs
        templates.append(number)
    share = [n_open // len(templates)] * len(templates)
    share[0] += n_open - sum(share)
    for number, count in zip(templates, share):
        sweep_bench.clone_ticket(db, number, count - 1)
    if db.is_sqlite:  # statistics for the planner, as bench/sweep.py does
        raw = db.engine.raw_connection()
        try:
            raw.cursor().execute("ANALYZE")
        finally:
            raw.close()
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    with db.read() as s:
        total = s.execute(text("SELECT COUNT(*) FROM tickets")).scalar_one()
    build_s = time.perf_counter() - t_build
    print(f"\nservices: {total:,} open tickets bulk-built in {build_s:.1f} s ({mask_url(db.url_for_display)})")
    print("  (four templates made by the services, copied with INSERT … SELECT: new, answered with an update clock, "
          "critical on 24x7, pending)")

    clock.set(start + timedelta(hours=2))
    now = clock.now()

    def timed(fn):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        return out, time.perf_counter() - w, time.process_time() - c

    # (a) the floor: the deadlines alone. Every open ticket's clock columns already in memory (read untimed), the
    # target looked up and every deadline recomputed by the domain (sla_clocks.retarget) under droz, queue keys.
    with db.read() as s:
        table = Ticket.__table__
        rows = s.connection().execute(select(*(table.c[n] for n in tc._READ)).where(
            table.c.status.in_(tc.OPEN_STATUSES))).all()
        droz = config_store.load_policy(s, "droz")
        cals = tc._Calendars(s, {})
        objects = [tc.TicketClocks(r) for r in rows]
        cals_warm = droz.calendars() | {n for r in rows[:4] for n in calendar_names(tc.TicketClocks(r))}
        for name in cals_warm:
            cals._load(name)  # warm, as the service's are after its first batch

        def deadlines_alone(with_timers: bool = False) -> int:
            objects = [tc.TicketClocks(r) for r in rows]  # fresh copies: retarget changes them
            start_w, start_c = time.perf_counter(), time.process_time()
            for t in objects:
                target = droz.target(Severity(t.severity), None, t.tags or ())
                new_cals = cals.of_target(target, droz)
                retarget(t, target, cals.before(calendar_names(t)), new_cals, now, droz.update_rules)
                refresh_queue_keys(t)
                if with_timers:
                    plan_timers(tc.timer_inputs(t, new_cals), droz)
            return len(objects), time.perf_counter() - start_w, time.process_time() - start_c

        # the best of three runs (the machine is shared): the floor should not be inflated by a neighbour
        alone_n, alone_w, alone_c = min((deadlines_alone() for _ in range(3)), key=lambda r: r[2])
        _n, timers_w, timers_c = min((deadlines_alone(True) for _ in range(3)), key=lambda r: r[2])
    del rows

    # (a') the deadlines computed from the store: the same rows read (as the service reads them, in batches of
    # 2,000) and every deadline recomputed, nothing written
    def read_and_compute() -> int:
        done, last = 0, 0
        table = Ticket.__table__
        while True:
            with db.read() as s:
                batch = s.connection().execute(select(*(table.c[n] for n in tc._READ)).where(
                    table.c.status.in_(tc.OPEN_STATUSES), table.c.id > last).order_by(table.c.id).limit(2000)).all()
                if not batch:
                    return done
                for r in batch:
                    t = tc.TicketClocks(r)
                    target = droz.target(Severity(t.severity), None, t.tags or ())
                    retarget(t, target, cals.before(calendar_names(t)), cals.of_target(target, droz), now,
                             droz.update_rules)
                    refresh_queue_keys(t)
                done, last = done + len(batch), batch[-1][0]

    with db.read() as s:
        cals = tc._Calendars(s, {})
        for name in list(cals_warm):
            cals._load(name)
        read_n, read_w, read_c = min((timed(read_and_compute) for _ in range(2)), key=lambda r: r[2])

    # (c) before issue 16: the same change ticket by ticket through the ORM (row objects, apply_target, an audit
    # row and sync_timers each, one flush per batch of 500), on a sample of the tickets, to tap-inspect
    def orm_path() -> int:
        from sqlmodel import col
        from sqlmodel import select as orm_select

        from agent_tui.services.ticket_base import audit, touch
        from agent_tui.store.models import Customer, Timer

        done, last_id = 0, 0
        while done < orm_sample:
            with db.transaction() as s:
                policy = config_store.load_policy(s, "tap-inspect")
                tickets = s.exec(orm_select(Ticket).where(col(Ticket.status).in_(tc.OPEN_STATUSES),
                                                          col(Ticket.id) > last_id)
                                 .order_by(Ticket.id).limit(min(500, orm_sample - done)).with_for_update()).all()
                if not tickets:
                    break
                plans = dict(s.exec(orm_select(Customer.id, Customer.plan).where(
                    col(Customer.id).in_({t.customer_id for t in tickets if t.customer_id}))).all())
                timers: dict[int, list] = {t.id: [] for t in tickets}
                for timer in s.exec(orm_select(Timer).where(col(Timer.ticket_id).in_(list(timers)))).all():
                    timers[timer.ticket_id].append(timer)
                s.autoflush = False
                for ticket in tickets:
                    last_id, done = ticket.id, done + 1
                    before, old_policy = tc.deadlines(ticket), ticket.policy_name
                    target = policy.target(Severity(ticket.severity), plans.get(ticket.customer_id), ticket.tags or ())
                    tc.apply_target(s, ticket, target, now, policy)
                    ticket.policy_name = policy.name
                    audit(s, system, ticket, "sla_recomputed", "policy", old_policy, policy.name,
                          **tc.deadline_change(before, tc.deadlines(ticket)))
                    refresh_queue_keys(ticket)
                    tc.sync_timers(s, ticket, policy, timers[ticket.id])
                    touch(system, ticket)
        return done

    orm_n, orm_w, orm_c = timed(orm_path) if orm_sample > 0 else (0, 0.0, 0.0)

    # (b) the service: set-based recompute of every open ticket, to droz
    config_store.use_policy(system, "droz")
    counts, svc_w, svc_c = timed(lambda: tc.recompute_deadlines(system))
    assert counts["tickets"] == total and alone_n == total, (counts, alone_n, total)
    with db.read() as s:
        audited = s.execute(text("SELECT COUNT(*) FROM audit_events WHERE action = 'sla_recomputed' "
                                 "AND after = 'droz'")).scalar_one()
        on_droz = s.execute(text("SELECT COUNT(*) FROM tickets WHERE policy_name = 'droz'")).scalar_one()

    n = counts["tickets"]
    print(f"{'':50}{'wall s':>8}{'µs/ticket':>10}{'CPU s':>8}{'µs/ticket':>10}{'× (a) wall':>11}{'× (a) CPU':>10}")
    for label, k, w, c in (
        ("(a) the deadlines alone (domain, in memory)", alone_n, alone_w, alone_c),
        ("(a+) and every timer instant (warnings, breaches)", alone_n, timers_w, timers_c),
        ("(a') the rows read from the store, then (a)", read_n, read_w, read_c),
        ("(b) recompute_deadlines, set-based (service)", n, svc_w, svc_c),
        (f"(c) ORM ticket by ticket, before (sample {orm_n:,})", orm_n, orm_w, orm_c),
    ):
        if k:
            print(f"{label:50}{w:8.2f}{w / k * 1e6:10.1f}{c:8.2f}{c / k * 1e6:10.1f}"
                  f"{(w / k) / (alone_w / alone_n):10.1f}x{(c / k) / (alone_c / alone_n):9.1f}x")
    print(f"(b) against (a+), the whole computation the change needs: {(svc_w / n) / (timers_w / alone_n):.1f}x wall, "
          f"{(svc_c / n) / (timers_c / alone_n):.1f}x CPU; against (a'), computed from the store: "
          f"{(svc_w / n) / (read_w / read_n):.1f}x wall, {(svc_c / n) / (read_c / read_n):.1f}x CPU")
    if orm_n:
        print(f"set-based against the ORM path, per ticket: {(orm_w / orm_n) / (svc_w / n):.1f}x faster (wall), "
              f"{(orm_c / orm_n) / (svc_c / n):.1f}x (CPU)")
    print(f"tickets recomputed: {n:,}, changed: {counts['changed']:,}, audit events: {audited:,}, "
          f"on droz: {on_droz:,}")
    db.dispose()


if __name__ == "__main__":
    main()
