"""KB search relevance on the demo articles: top-1, top-3 and MRR, overall and per language.

    python bench/kb_relevance.py                 # SQLite (a temporary file)
    python bench/kb_relevance.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench   # WIPES that database
    python bench/kb_relevance.py --quiet         # numbers only, without the list of queries not ranked first

The queries and the article each should find are in ``tests/kb_relevance/queries.toml``;
``tests/kb_relevance/test_relevance.py`` fails if top-3 drops below the floor reached here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from agent_tui.domain.clock import FixedClock  # noqa: E402
from agent_tui.services.context import Context  # noqa: E402
from agent_tui.store.db import mask_url, open_database, sqlite_url  # noqa: E402
from agent_tui.store.migrate import upgrade  # noqa: E402
from tests.kb_relevance.harness import evaluate, format_report, load_cases, load_demo_kb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL the bench may wipe (default: a temporary SQLite file)")
    parser.add_argument("--quiet", action="store_true", help="do not list the queries not ranked first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            db = open_database(args.db)
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db = open_database(sqlite_url(Path(tmp) / "kb.db"))
        upgrade(db)
        ctx = Context(db, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)), "bench")
        load_demo_kb(ctx)
        cases = load_cases()
        t0 = time.perf_counter()
        report = evaluate(ctx, cases)
        elapsed = time.perf_counter() - t0
        print(f"backend  {db.dialect} ({mask_url(args.db) if args.db else 'temporary SQLite file'})")
        print(f"queries  {len(cases)}, {elapsed / len(cases) * 1000:.1f} ms per search")
        print(format_report(report, misses=not args.quiet))
        db.dispose()


if __name__ == "__main__":
    main()
