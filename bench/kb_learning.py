"""Learning from use (issue 17) on real help centres: do the words of earlier tickets find the article?

    python bench/kb_learning.py              # SQLite (temporary files)
    python bench/kb_learning.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench   # WIPES it

The real relevance set (``tests/kb_relevance/real``: the Delta Chat FAQ in four languages, the Syncthing
docs; customer-worded questions with a fixed tune/test half). Each source is its own KB. First the test
half is scored as the KB stands. Then every TUNE question becomes a ticket (its subject the question, as a
customer wrote it) and the agent links the expected article to it, as an agent who solved it would; the
TEST half — other customers' other wording — is scored again. No test question is ever a ticket, so what
is measured is whether what the KB learnt from earlier customers carries to new ones. Baseline and
learning run in the same process on the same store.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


from _stores import open_bench_store  # noqa: E402
from agent_tui.domain.clock import FixedClock  # noqa: E402
from agent_tui.services import agents, kb  # noqa: E402
from agent_tui.services import intake as ti  # noqa: E402
from agent_tui.services.context import Context  # noqa: E402
from agent_tui.services.demo import install_shipped_presets  # noqa: E402
from agent_tui.store.db import mask_url  # noqa: E402
from tests.kb_relevance.harness import (  # noqa: E402
    REAL_SOURCES,
    RealReport,
    evaluate_real,
    load_real_cases,
    load_real_kb,
)


def line(label: str, before, after) -> str:
    return (f"{label:<22} n={before.n:<3} top-3 {before.top3_rate:6.1%} -> {after.top3_rate:6.1%}   "
            f"top-1 {before.top1_rate:6.1%} -> {after.top1_rate:6.1%}   MRR {before.mrr:.3f} -> {after.mrr:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL the bench may wipe (default: temporary SQLite files)")
    args = parser.parse_args()
    cases = load_real_cases()
    before, after = RealReport(), RealReport()
    learned = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source in REAL_SOURCES:
            db = open_bench_store(args.db, Path(tmp) / f"{source}.db")
            system = Context(db, FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)), "system")
            install_shipped_presets(system)
            agents.upsert_agent(system, "agent", "tier1")
            ctx = Context(db, system.clock, "agent")
            load_real_kb(ctx, source)
            test = [c for c in cases if c.source == source and c.half == "test"]
            evaluate_real(ctx, test, report=before)
            for i, c in enumerate(c for c in cases if c.source == source and c.half == "tune"):
                customer = ti.CustomerInput(email=f"customer{i}@example.org", name=f"Customer {i}")
                d = ti.create_ticket(ctx, c.q, c.q, customer, language=c.lang)
                kb.link_article(ctx, d.number, c.expect)
                learned += 1
            evaluate_real(ctx, test, report=after)
            url = mask_url(str(db.engine.url))
            db.dispose()
    print(f"store: {url}; tickets learnt from (the tune half, each linked to its article): {learned}")
    print("test half, before -> after learning:")
    print(line("all", before.score(half="test"), after.score(half="test")))
    for source in REAL_SOURCES:
        langs = sorted({c.lang for c in cases if c.source == source})
        print(line(source, before.score(source=source, half="test"), after.score(source=source, half="test")))
        if len(langs) > 1:
            for lang in langs:
                print(line(f"  {source}/{lang}", before.score(source=source, lang=lang, half="test"),
                           after.score(source=source, lang=lang, half="test")))


if __name__ == "__main__":
    main()
