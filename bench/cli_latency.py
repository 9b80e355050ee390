"""Wall time of one CLI call (read commands) against ``python -c pass``, in the same run.

    python bench/cli_latency.py                 # on a fresh demo store, 15 runs of each
    python bench/cli_latency.py --runs 30
    python bench/cli_latency.py --src /tmp/base # another checkout (before/after on one machine)
    python bench/cli_latency.py --compare /tmp/base   # this code and that one, interleaved in one run

Each command runs as a user runs it (``python -m agent_tui …``, a fresh process, the bytecode cache on
and written by a first run) on the demo store built by that code into a temporary home. Prints, per
command, p50 and min wall time, the time above the floor (``python -c pass``), and — to show what any
Python program reading the store through SQLAlchemy pays — ``import sqlalchemy, sqlmodel``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stores import ROOT, child_env  # noqa: E402

COMMANDS = [
    ("kb search --json", ["kb", "search", "rechnung herunterladen", "--json"]),
    ("tickets list --json", ["tickets", "list", "--json"]),
    ("ticket show 1042", ["ticket", "show", "1042"]),
    ("ticket show 1042 --json", ["ticket", "show", "1042", "--json"]),
    ("--version", ["--version"]),
]


def wall(argv: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    p = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({p.returncode}):\n{p.stderr.decode()[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--src", default="", help="another checkout of agent-tui to run (default: this one)")
    parser.add_argument("--compare", default="", help="a second checkout, timed in the same run")
    parser.add_argument("--compare-python", default="", help="the interpreter (venv) for --compare: its "
                        "installed dependencies, e.g. a venv without one added since (default: this one)")
    args = parser.parse_args(argv)
    py = sys.executable
    sources = [(Path(args.src).resolve() if args.src else ROOT, py)]
    if args.compare:
        sources.append((Path(args.compare).resolve(), args.compare_python or py))
    plain = child_env(ROOT)
    cases = [("python -c pass (floor)", [py, "-c", "pass"], plain),
             ("python -c 'import sqlalchemy, sqlmodel'", [py, "-c", "import sqlalchemy, sqlmodel"], plain)]
    for i, (src, python) in enumerate(sources):
        env = child_env(src, Path(tempfile.mkdtemp(prefix="agent-tui-cli-")))
        t = time.perf_counter()
        subprocess.run([python, "-m", "agent_tui", "demo", "--no-launch"], env=env, check=True, capture_output=True)
        print(f"[{i}] code {src} ({python}): demo store built in {time.perf_counter() - t:.1f} s")
        cases += [(f"[{i}] agent-tui {name}", [python, "-m", "agent_tui", *cmd], env) for name, cmd in COMMANDS]
    for _name, cmd, env in cases:  # writes the bytecode cache, warms the page cache
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _ in range(args.runs):  # interleaved: a burst of load elsewhere hits every case alike
        for name, cmd, env in cases:
            times[name].append(wall(cmd, env))
    floor = statistics.median(times[cases[0][0]])
    for name, values in times.items():
        p50 = statistics.median(values)
        print(f"{name:46} p50 {p50 * 1000:6.0f} ms  min {min(values) * 1000:6.0f} ms  "
              f"above the floor {(p50 - floor) * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
