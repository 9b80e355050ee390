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


if __name__ == "__main__":
    main()
