"""Stores and child processes the start-up, key and CLI benches share (not a bench itself).

``bulk_store(n)``: a SQLite store of ``n`` tickets built by bench/sweep.py's bulk builder (real
service-made templates copied in SQL: 1 due, 10 % waiting, the rest closed history), plus the agent
``bench`` (Tier 1); kept in ``--stores DIR`` to be reused by the next run. ``--src DIR`` runs another
checkout of agent-tui (e.g. ``git archive <commit> | tar -x -C DIR``) to measure before and after on
one machine in one session: stores are built by the code that reads them.

Children run with Python's bytecode cache on (as an installed agent-tui runs), whatever
PYTHONDONTWRITEBYTECODE the shell has, and each is run once before timing to write it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_env(src: Path = ROOT, home: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_TUI_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(src)  # ahead of the editable install's finder
    if home is not None:
        env["AGENT_TUI_DATA_HOME"] = str(home / "data")
        env["AGENT_TUI_CONFIG_HOME"] = str(home / "config")
    return env


BUILD = r"""
import sys
from pathlib import Path
src, n, path = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sys.path.insert(0, str(src / "bench"))
import sweep as bulk
from agent_tui.domain.clock import SystemClock
from agent_tui.services import Context, agents
from agent_tui.store.db import open_database, sqlite_url
db = open_database(sqlite_url(Path(path)))
bulk.build(db, n, 1)
agents.upsert_agent(Context(db, SystemClock(), "system"), "bench", "tier1")
db.dispose()
"""


def open_bench_store(url: str | None, path: Path):
    """A migrated store for a bench: the PostgreSQL database at ``url``, wiped first (its public schema
    dropped), or a SQLite file at ``path``."""
    from sqlalchemy import text

    from agent_tui.store.db import open_database, sqlite_url
    from agent_tui.store.migrate import upgrade

    if url:
        db = open_database(url)
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db = open_database(sqlite_url(path))
    upgrade(db)
    return db


def bulk_store(n: int, stores: Path, src: Path = ROOT) -> Path:
    """The store of ``n`` tickets for ``src`` (built once, then reused)."""
    tag = "here" if src == ROOT else src.name
    path = stores / f"bulk-{tag}-{n}.db"
    if path.exists():
        return path
    stores.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    subprocess.run([sys.executable, "-c", BUILD, str(src), str(n), str(tmp)], env=child_env(src), check=True)
    tmp.rename(path)
    return path


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats_ms(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50) * 1000:6.1f} ms  p95 {percentile(values, 95) * 1000:6.1f} ms  "
            f"max {max(values) * 1000:6.1f} ms  (n={len(values)})")
