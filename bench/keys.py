"""Key latency and paging in a real terminal (tmux): agent-tui's queue vs a minimal Textual app.

    python bench/keys.py                          # 1,000,000 tickets (the store is built once, ~1 min)
    python bench/keys.py --tickets 100000 --presses 40
    python bench/keys.py --src /tmp/base          # another checkout (before/after on one machine)

Both apps run in a tmux window of 120x40 whose output is piped to a file (``tmux pipe-pane``). A key is
sent with ``tmux send-keys``; its latency is the time from sending it to the end of the output burst
it causes (no byte for 25 ms): the frame is in the terminal. Every key is sent after a quiet spell
(so agent-tui's one-second countdown tick is not counted as a key's repaint), in the same run:

  (a) the minimal app: Header, a 3,000-row DataTable, Footer; ``j`` moves the cursor down, PgDn is the
      DataTable's own page down (the floor of a full-page repaint in Textual);
  (b) agent-tui (``agent-tui --db … --agent bench``, the real CLI entry) on the bulk store:
      ``j`` (cursor down, mostly inside the 100-row window held), PgDn from the top (a window read by key
      every few presses), End and Home in turn, then the same in arrival order (``o``).

Prints p50/p95/max per key and the ratios: j (b) / j (a) at p95, PgDn and End (b) / j (b) at p50 and p95,
and PgDn (b) / PgDn (a).
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stores import ROOT, bulk_store, child_env, percentile, stats_ms  # noqa: E402

MINIMAL = r"""
from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

class Minimal(App):
    BINDINGS = [Binding("j", "down", "Down")]

    def compose(self):
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("#", "Subject", "Customer", "Severity", "Status", "Tier", "Assignee", "SLA", "Auto")
        for i in range(3000):  # enough pages for the PgDn presses (DataTable's own page down)
            table.add_row(str(1000 + i), f"Subject of ticket {i}", f"Customer {i}", "moderate", "open", "T1",
                          "alice", "4h 10m", "-")
        table.focus()

    def action_down(self):
        self.query_one(DataTable).action_cursor_down()

Minimal().run()
"""


class Pane:
    """One app in a detached tmux session, its output appended to a file."""

    def __init__(self, name: str, command: str, env: dict[str, str], work: Path) -> None:
        self.session = f"speed18-keys-{name}-{os.getpid()}"
        self.out = work / f"{name}.out"
        self.out.write_bytes(b"")
        env_args = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()
                            if k.startswith(("AGENT_TUI_", "PYTHON", "XDG_", "PATH", "HOME", "LANG", "TERM")))
        subprocess.run(["tmux", "new-session", "-d", "-s", self.session, "-x", "120", "-y", "40",
                        f"env {env_args} {command}"], check=True)
        subprocess.run(["tmux", "pipe-pane", "-t", self.session, "-o", f"cat >> {shlex.quote(str(self.out))}"],
                       check=True)

    def size(self) -> int:
        return self.out.stat().st_size

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True,
                              text=True, check=False).stdout

    def wait_for(self, text: str, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while text not in self.screen():
            if time.monotonic() > end:
                raise SystemExit(f"{self.session}: {text!r} not on screen after {timeout} s:\n{self.screen()}")
            time.sleep(0.1)

    def quiet(self, spell: float = 0.1, timeout: float = 5) -> None:
        """Wait until nothing was written for ``spell`` seconds."""
        end = time.monotonic() + timeout
        last, since = self.size(), time.perf_counter()
        while time.monotonic() < end:
            time.sleep(0.002)
            now = self.size()
            if now != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= spell:
                return

    def press(self, key: str, settle: float = 0.025, timeout: float = 10) -> float:
        """Send ``key``; seconds until the end of the output burst it caused."""
        self.quiet()
        before = self.size()
        t0 = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.session, key], check=True)
        last_change = None
        size = before
        while True:
            now = self.size()
            t = time.perf_counter()
            if now != size:
                size, last_change = now, t
            if last_change is not None and t - last_change >= settle:
                return last_change - t0
            if t - t0 > timeout:
                return float("nan")
            time.sleep(0.0005)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], check=False, capture_output=True)


def run(args: argparse.Namespace) -> int:
    src = Path(args.src).resolve() if args.src else ROOT
    work = Path(tempfile.mkdtemp(prefix="agent-tui-keys-"))
    store = bulk_store(args.tickets, Path(args.stores), src)
    env = child_env(src, work)
    env["TERM"] = "xterm-256color"
    py = shlex.quote(sys.executable)
    results: dict[str, list[float]] = {}
    rng = random.Random(1)

    minimal = Pane("minimal", f"{py} -c {shlex.quote(MINIMAL)}", env, work)
    try:
        minimal.wait_for("Subject of ticket 0")
        minimal.quiet(0.5)
        results["(a) minimal  j"] = [minimal.press("j") for _ in range(args.presses)]
        minimal.press("home")
        results["(a) minimal  PgDn"] = [minimal.press("pagedown") for _ in range(args.presses)]
    finally:
        minimal.close()

    app = Pane("agent-tui", f"{py} -m agent_tui --db sqlite:///{store} --agent bench", env, work)
    try:
        app.wait_for("tickets")  # the title counts them once the first rows are in
        app.quiet(1.0, timeout=30)
        for order in args.orders.split(","):
            if order == "arrival":
                app.press("o")
                app.wait_for("oldest first")
                app.press("home")
            results[f"(b) {order:8} j"] = [app.press("j") for _ in range(args.presses)]
            app.press("home")
            results[f"(b) {order:8} PgDn"] = [app.press("pagedown") for _ in range(args.presses)]
            ends, homes = [], []
            for _ in range(max(5, args.presses // 4)):
                ends.append(app.press("end"))
                homes.append(app.press("home"))
                time.sleep(rng.random() * 0.05)
            results[f"(b) {order:8} End"] = ends
            results[f"(b) {order:8} Home"] = homes
        screen = app.screen()
    finally:
        app.close()

    print(f"store: {args.tickets:,} tickets (SQLite), code: {src}")
    for name, values in results.items():
        print(f"{name:24} {stats_ms([v for v in values if v == v])}")
    a95 = percentile(results["(a) minimal  j"], 95)
    a_page = results["(a) minimal  PgDn"]
    for order in args.orders.split(","):
        j = results[f"(b) {order:8} j"]
        print(f"{order}: j p95 (b)/(a) {percentile(j, 95) / a95:.2f}   "
              f"PgDn/j p50 {percentile(results[f'(b) {order:8} PgDn'], 50) / percentile(j, 50):.2f} "
              f"p95 {percentile(results[f'(b) {order:8} PgDn'], 95) / percentile(j, 95):.2f}   "
              f"End/j p50 {percentile(results[f'(b) {order:8} End'], 50) / percentile(j, 50):.2f} "
              f"p95 {percentile(results[f'(b) {order:8} End'], 95) / percentile(j, 95):.2f}   "
              f"PgDn (b)/(a) p50 {percentile(results[f'(b) {order:8} PgDn'], 50) / percentile(a_page, 50):.2f} "
              f"p95 {percentile(results[f'(b) {order:8} PgDn'], 95) / percentile(a_page, 95):.2f}")
    if "tickets" not in screen:
        print("warning: the queue's title was gone at the end:\n" + screen)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--presses", type=int, default=60, help="presses per key and app")
    parser.add_argument("--stores", default=str(Path(tempfile.gettempdir()) / "agent-tui-bench-stores"))
    parser.add_argument("--src", default="", help="another checkout of agent-tui to run (default: this one)")
    parser.add_argument("--orders", default="urgency,arrival", help="queue orders to page (code before the "
                        "arrival order: urgency)")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
