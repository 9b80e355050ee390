"""Worker processes for the concurrency tests.

Kept apart from the test modules so a spawned child imports only agent_tui
(not pytest or the fixtures). Every worker opens its own engine from the URL,
waits at a barrier so all of them start at the same instant, does its work and
reports one picklable result through a queue.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_mod
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

SPAWN = mp.get_context("spawn")


def _entry(func: Callable[..., Any], args: tuple, barrier, results, index: int) -> None:
    try:
        results.put((index, True, func(barrier, *args)))
    except BaseException:  # noqa: BLE001 - report everything to the parent
        results.put((index, False, traceback.format_exc()))


def run_workers(func: Callable[..., Any], arg_list: Sequence[tuple], *, timeout: float = 60.0) -> list[Any]:
    """Run ``func(barrier, *args)`` once per ``args`` in its own spawned process; return results in order."""
    barrier = SPAWN.Barrier(len(arg_list), timeout=timeout)
    results = SPAWN.Queue()
    procs = [SPAWN.Process(target=_entry, args=(func, args, barrier, results, i), daemon=True)
             for i, args in enumerate(arg_list)]
    for p in procs:
        p.start()
    out: dict[int, Any] = {}
    errors: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) + len(errors) < len(procs):
            try:
                index, ok, value = results.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue_mod.Empty:
                raise AssertionError(f"workers did not finish within {timeout:.0f} s") from None
            if ok:
                out[index] = value
            else:
                errors.append(f"worker {index}:\n{value}")
    finally:
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join()
    if errors:
        raise AssertionError("\n".join(errors))
    return [out[i] for i in range(len(procs))]


def _open(url: str):
    from agent_tui.store.db import open_database

    return open_database(url)


# ------------------------------------------------------------------ workers


def increment_counter(barrier, url: str, key: str, n: int) -> int:
    """``n`` read-then-write increments of a settings row, each in its own write transaction."""
    from agent_tui.store.models import Setting

    db = _open(url)
    try:
        barrier.wait()
        for _ in range(n):
            with db.transaction() as s:
                row = s.get(Setting, key)
                current = int(row.value)
                time.sleep(0)  # yield: widen the read-then-write window
                row.value = str(current + 1)
        return n
    finally:
        db.dispose()


def add_notes(barrier, url: str, actor: str, number: int, n: int, at: datetime) -> dict[str, int]:
    """``n`` internal notes, each sent with the version the agent last saw; a stale one reloads and retries."""
    from agent_tui.domain.clock import FixedClock
    from agent_tui.errors import StaleTicket
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq
    from agent_tui.services.context import Context

    db = _open(url)
    ctx = Context(db, FixedClock(at), actor)
    stale = 0
    try:
        barrier.wait()
        version = tq.get_ticket(ctx, number).row.version
        done = 0
        while done < n:
            try:
                version = ta.note(ctx, number, f"{actor} note {done}", expected_version=version).row.version
                done += 1
            except StaleTicket:
                stale += 1
                version = tq.get_ticket(ctx, number).row.version
        return {"notes": done, "stale": stale}
    finally:
        db.dispose()


def take_all(barrier, url: str, agent: str, at: datetime) -> list[int]:
    """Take the next ticket until the queue is empty; return the numbers this agent got."""
    from agent_tui.domain.clock import FixedClock
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq
    from agent_tui.services.context import Context

    db = _open(url)
    ctx = Context(db, FixedClock(at), agent)
    got: list[int] = []
    try:
        barrier.wait()
        while True:
            detail = ta.take_next(ctx, agent)
            if detail is None:
                return got
            assert detail.row.assignee == agent, (detail.row.number, detail.row.assignee, agent)
            got.append(detail.row.number)
    finally:
        db.dispose()


def sweep_once(barrier, url: str, at: datetime) -> dict[str, Any]:
    """One sweep at ``at``, started together with the other workers."""
    from agent_tui.domain.clock import FixedClock
    from agent_tui.services.context import Context
    from agent_tui.services.sweep import sweep

    db = _open(url)
    ctx = Context(db, FixedClock(at), "system")
    try:
        barrier.wait()
        report = sweep(ctx, at)
        return {"fired": report.fired, "skipped": report.skipped, "tickets": report.tickets}
    finally:
        db.dispose()


def customer_messages(barrier, url: str, numbers: list[int], at: datetime) -> dict[str, Any]:
    """One customer message to each ticket in ``numbers``, in order; every failure is reported, not raised."""
    from agent_tui.domain.clock import FixedClock
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq
    from agent_tui.services.context import Context

    db = _open(url)
    ctx = Context(db, FixedClock(at), "customer")
    errors: list[str] = []
    sent: list[int] = []
    try:
        barrier.wait()
        for number in numbers:
            try:
                ti.customer_message(ctx, number, f"Still broken on #{number}", author="jana@brightlane.example")
                sent.append(number)
            except Exception as exc:  # noqa: BLE001 - the test counts them
                errors.append(f"#{number}: {type(exc).__name__}: {exc}")
        return {"sent": sent, "errors": errors}
    finally:
        db.dispose()


def sweep_or_messages(barrier, role: str, url: str, at: datetime, numbers: list[int]) -> dict[str, Any]:
    """``sweep_once`` or ``customer_messages``, so one ``run_workers`` call starts both at the same instant."""
    if role == "sweep":
        return sweep_once(barrier, url, at)
    return customer_messages(barrier, url, numbers, at)


def tickets_for_new_customers(barrier, url: str, who: str, customers: list[dict[str, str]],
                              at: datetime) -> dict[str, Any]:
    """One ticket per customer in ``customers`` (each new to the store), in order; failures are reported."""
    from agent_tui.domain.clock import FixedClock
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import intake as ti
    from agent_tui.services import ticket_queries as tq
    from agent_tui.services.context import Context

    db = _open(url)
    ctx = Context(db, FixedClock(at), "system")
    created: list[int] = []
    errors: list[str] = []
    try:
        barrier.wait()
        for i, customer in enumerate(customers):
            try:
                created.append(ti.create_ticket(ctx, f"{who}: printer {i} offline", "It stopped printing.",
                                                ti.CustomerInput(**customer)).row.number)
            except Exception as exc:  # noqa: BLE001 - the test counts them
                errors.append(f"{customer}: {type(exc).__name__}: {exc}")
        return {"created": created, "errors": errors}
    finally:
        db.dispose()


def add_agents(barrier, url: str, names: list[str], at: datetime) -> dict[str, Any]:
    """``agent add NAME`` for each name, in order; failures are reported."""
    from agent_tui.domain.clock import FixedClock
    from agent_tui.services import agents as agent_svc
    from agent_tui.services.context import Context

    db = _open(url)
    ctx = Context(db, FixedClock(at), "admin")
    errors: list[str] = []
    try:
        barrier.wait()
        for name in names:
            try:
                agent_svc.upsert_agent(ctx, name, "tier2", display_name=name.title())
            except Exception as exc:  # noqa: BLE001 - the test counts them
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
        return {"errors": errors}
    finally:
        db.dispose()
