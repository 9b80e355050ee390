"""Time to the first painted queue: agent-tui on big stores vs a minimal Textual app.

Run by hand from the repository root:

    python bench/startup.py                  # stores of 100,000 and 1,000,000 tickets
    python bench/startup.py --sizes 100000   # quicker

In one run it measures, each in a fresh process (so peak memory is that app's own):
  (a) a minimal Textual app: Header, a 50-row DataTable, Footer;
  (b) agent-tui's HelpdeskApp on each store, until the queue table shows its first rows.
It prints the times, the ratios b/a and the peak RSS of each process. The stores are
built with bench/sweep.py's bulk builder (real service-made templates, copied in SQL).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = 3

CHILD = r"""
import asyncio, json, resource, sys, time
t0 = time.perf_counter()
mode, url = sys.argv[1], sys.argv[2]

async def main():
    if mode == "minimal":
        from textual.app import App
        from textual.widgets import DataTable, Footer, Header

        class Minimal(App):
            def compose(self):
                yield Header()
                yield DataTable()
                yield Footer()

            def on_mount(self):
                table = self.query_one(DataTable)
                table.add_columns("#", "Subject", "Customer", "Status")
                for i in range(50):
                    table.add_row(str(i), f"Subject {i}", f"Customer {i}", "open")

        app = Minimal()
        ready = lambda: app.query_one(DataTable).row_count > 0
    else:
        from agent_tui.domain.clock import SystemClock
        from agent_tui.services import Context
        from agent_tui.store.db import open_database
        from agent_tui.app import HelpdeskApp
        from textual.widgets import DataTable

        ctx = Context(open_database(url), SystemClock(), "bench")
        app = HelpdeskApp(ctx, sweep_interval=3600)

        def ready():
            try:
                return app.screen.query_one(DataTable).row_count > 0
            except Exception:
                return False

    async with app.run_test(size=(120, 40)) as pilot:
        while not ready():
            await pilot.pause(0.005)
        await pilot.pause()  # one more refresh: the rows are painted
        elapsed = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024}))

asyncio.run(main())
"""


def measure(mode: str, url: str = "") -> dict:
    best = None
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", CHILD, mode, url], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"{mode} run failed:\n{out.stderr[-2000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return best


def build_store(directory: Path, tickets: int) -> str:
    sys.path.insert(0, str(HERE))
    import sweep as bulk  # bench/sweep.py

    from agent_tui.services import agents

    db = bulk.open_store(None, directory, f"startup-{tickets}")
    bulk.build(db, tickets, 1)
    from agent_tui.domain.clock import SystemClock
    from agent_tui.services import Context

    agents.upsert_agent(Context(db, SystemClock(), "system"), "bench", "tier1")
    url = str(db.engine.url)
    db.dispose()
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated store sizes")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="agent-tui-startup-") as tmp:
        stores = {}
        for n in sizes:
            t = time.perf_counter()
            stores[n] = build_store(Path(tmp), n)
            print(f"built a store of {n:,} tickets in {time.perf_counter() - t:.1f} s")
        a = measure("minimal")
        print(f"(a) minimal Textual app (Header, 50-row DataTable, Footer): {a['seconds'] * 1000:7.0f} ms, "
              f"peak {a['peak_mb']:.0f} MB   (best of {RUNS})")
        for n, url in stores.items():
            b = measure("agent-tui", url)
            print(f"(b) agent-tui queue on {n:>9,} tickets:                      {b['seconds'] * 1000:7.0f} ms, "
                  f"peak {b['peak_mb']:.0f} MB   ratio b/a {b['seconds'] / a['seconds']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
