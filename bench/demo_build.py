"""How long ``agent-tui demo`` takes to build the demo store (what a newcomer waits for).

    python bench/demo_build.py                # 3 builds, each in a fresh home
    python bench/demo_build.py --src /tmp/base --runs 2
    python bench/demo_build.py --compare /tmp/base   # this code and that one, run by run in turn

Each run is ``python -m agent_tui demo --no-launch`` in a fresh process and data directory (bytecode
cache on and written by a first run), wall time from start to exit: imports, migrating a new SQLite
file, the presets, 66 KB articles, and 213 tickets' stories replayed through the services. Prints
each run, the best and the median, and the floor ``python -c pass`` measured between them.
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


def build(src: Path) -> float:
    env = child_env(src, Path(tempfile.mkdtemp(prefix="agent-tui-demo-")))
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "agent_tui", "demo", "--no-launch"], env=env, capture_output=True,
                       check=False)
    elapsed = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(p.stderr.decode()[-2000:])
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", default="", help="another checkout of agent-tui to run (default: this one)")
    parser.add_argument("--compare", default="", help="a second checkout, built in turn with the first")
    args = parser.parse_args(argv)
    sources = [Path(args.src).resolve() if args.src else ROOT]
    if args.compare:
        sources.append(Path(args.compare).resolve())
    for src in sources:
        build(src)  # writes the bytecode cache
    runs: dict[Path, list[float]] = {src: [] for src in sources}
    floors = []
    for _ in range(args.runs):  # in turn: a burst of load elsewhere hits each alike
        for src in sources:
            runs[src].append(build(src))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        floors.append(time.perf_counter() - t)
    for src, values in runs.items():
        print(f"code: {src}")
        print("  demo builds: " + ", ".join(f"{r:.2f} s" for r in values))
        print(f"  best {min(values):.2f} s, median {statistics.median(values):.2f} s")
    print(f"python -c pass: {statistics.median(floors) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
