"""Time to the first painted queue: agent-tui on big stores vs a minimal Textual app.

Run by hand from the repository root:

    python bench/startup.py                  # stores of 100,000 and 1,000,000 tickets
    python bench/startup.py --sizes 100000   # quicker
    python bench/startup.py --src /tmp/base  # another checkout (before/after on one machine)

In one run it measures, each in a fresh process (so peak memory is that app's own), the two
interleaved run by run (a burst of load elsewhere hits both alike), best of ``--runs``:
  (a) a minimal Textual app: Header, a 50-row DataTable, Footer;
  (b) agent-tui's HelpdeskApp on each store, until the queue table shows its first rows.
It prints the times, the ratios b/a and the peak RSS of each process. The stores are
built with bench/sweep.py's bulk builder (real service-made templates, copied in SQL) and kept
in ``--stores`` for the next run; children run with the bytecode cache on (bench/_stores.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _stores import ROOT, bulk_store, child_env  # noqa: E402

CHILD = r"""
import asyncio, json, os, resource, sys, time
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
        print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024}), flush=True)
        os._exit(0)  # measured: do not wait for the app's background work (a sweep of 1M tickets) to end

asyncio.run(main())
"""


def once(mode: str, url: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, url], capture_output=True, text=True, check=False,
                         env=env)
    if out.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated store sizes")
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the best counts")
    parser.add_argument("--stores", default=str(Path(tempfile.gettempdir()) / "agent-tui-bench-stores"))
    parser.add_argument("--src", default="", help="another checkout of agent-tui to run (default: this one)")
    args = parser.parse_args(argv)
    src = Path(args.src).resolve() if args.src else ROOT
    env = child_env(src, Path(tempfile.mkdtemp(prefix="agent-tui-startup-")))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    stores = {n: f"sqlite:///{bulk_store(n, Path(args.stores), src)}" for n in sizes}
    print(f"code: {src}")
    for n, url in stores.items():
        once("agent-tui", url, env)  # writes the bytecode cache
        a_runs, b_runs = [], []
        for _ in range(args.runs):
            a_runs.append(once("minimal", "", env))
            b_runs.append(once("agent-tui", url, env))
        a = min(a_runs, key=lambda r: r["seconds"])
        b = min(b_runs, key=lambda r: r["seconds"])
        print(f"(a) minimal Textual app (Header, 50-row DataTable, Footer): {a['seconds'] * 1000:7.0f} ms, "
              f"peak {a['peak_mb']:.0f} MB   (best of {args.runs})")
        print(f"(b) agent-tui queue on {n:>9,} tickets:                      {b['seconds'] * 1000:7.0f} ms, "
              f"peak {b['peak_mb']:.0f} MB   ratio b/a {b['seconds'] / a['seconds']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
