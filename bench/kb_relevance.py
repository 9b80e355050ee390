"""KB search relevance on the demo articles: top-1, top-3 and MRR, overall and per language.

    python bench/kb_relevance.py                 # SQLite (a temporary file)
    python bench/kb_relevance.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench   # WIPES that database
    python bench/kb_relevance.py --quiet         # numbers only, without the list of queries not ranked first
    python bench/kb_relevance.py --set real      # the real help centres (Delta Chat FAQ en/de/pt/nl, Syncthing docs)
    python bench/kb_relevance.py --set real --half tune   # list only the tune half's misses (tune on these)
    python bench/kb_relevance.py --set real --bm25        # the bare-bm25 reference on the same questions
    python bench/kb_relevance.py --set real --reranker DIR   # with a local model2vec model re-ranking
    python bench/kb_relevance.py --set real --reranker DIR --weight 0.5   # the similarity's weight (default 1.0)

The queries and the article each should find are in ``tests/kb_relevance/queries.toml``;
``tests/kb_relevance/test_relevance.py`` fails if top-3 drops below the floor reached here.
``--set real``: ``tests/kb_relevance/real/questions.toml`` on the articles of ``tests/kb_relevance/real/``,
per source, language and half (tune/test), the questions sharing two or more words with their article's
title listed as violations; ``tests/kb_relevance/test_real_relevance.py`` holds its floors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


from _stores import open_bench_store  # noqa: E402
from agent_tui.domain.clock import FixedClock  # noqa: E402
from agent_tui.services import kb  # noqa: E402
from agent_tui.services.kb import semantic  # noqa: E402
from agent_tui.services.context import Context  # noqa: E402
from agent_tui.store.db import mask_url  # noqa: E402
from tests.kb_relevance.harness import (  # noqa: E402
    bm25_slugs,
    copied_title_words,
    evaluate,
    evaluate_real,
    format_real_report,
    format_report,
    load_cases,
    load_demo_kb,
    load_real_cases,
    load_real_kb,
    REAL_SOURCES,
    RealReport,
    real_titles,
    search_slugs,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL the bench may wipe (default: a temporary SQLite file)")
    parser.add_argument("--quiet", action="store_true", help="do not list the queries not ranked first")
    parser.add_argument("--set", choices=("demo", "real"), default="demo", help="demo queries or real help centres")
    parser.add_argument("--half", choices=("tune", "test"), help="--set real: list the misses of this half only")
    parser.add_argument("--bm25", action="store_true", help="--set real: the bare-bm25 reference instead of search")
    parser.add_argument("--reranker", metavar="DIR", help="a local model2vec model directory: semantic re-ranking on")
    parser.add_argument("--weight", type=float, help="--reranker: the similarity's weight (semantic.W_SEMANTIC)")
    args = parser.parse_args()
    if args.weight is not None:
        semantic.W_SEMANTIC = args.weight
    with tempfile.TemporaryDirectory() as tmp:
        if args.set == "real":
            real(args, tmp)
            return
        db = open_bench_store(args.db, Path(tmp) / "kb.db")
        ctx = Context(db, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)), "bench")
        load_demo_kb(ctx)
        use_reranker(ctx, args)
        cases = load_cases()
        t0 = time.perf_counter()
        report = evaluate(ctx, cases)
        elapsed = time.perf_counter() - t0
        print(f"backend  {db.dialect} ({mask_url(args.db) if args.db else 'temporary SQLite file'})")
        if args.reranker:
            print(f"ranking  services.kb.search + semantic re-ranking ({args.reranker}, weight {semantic.W_SEMANTIC})")
        print(f"queries  {len(cases)}, {elapsed / len(cases) * 1000:.1f} ms per search")
        print(format_report(report, misses=not args.quiet))
        db.dispose()


def use_reranker(ctx: Context, args) -> None:
    """``--reranker DIR``: the model is checked and stored as ``agent-tui kb reranker DIR`` would; a search
    that could not use it stops the bench (a lexical figure must not pass for a semantic one)."""
    if args.reranker:
        kb.set_reranker(ctx, args.reranker)
        result = kb.search(ctx, "test")
        if not result.semantic:
            raise SystemExit(f"the re-ranker is not used: {result.semantic_error}")


def real(args, tmp: str) -> None:
    """Each source in its own KB (a help centre per helpdesk), questions scored against it."""
    cases = load_real_cases()
    titles = real_titles()
    violations = [(c, w) for c in cases if len(w := copied_title_words(c, *titles[c.expect])) >= 2]
    counts: dict[tuple[str, str], int] = {}
    for c in cases:
        counts[(c.source, c.lang)] = counts.get((c.source, c.lang), 0) + 1
    report = RealReport()
    elapsed = 0.0
    for source in REAL_SOURCES:
        db = open_bench_store(args.db, Path(tmp) / f"{source}.db")
        ctx = Context(db, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)), "bench")
        load_real_kb(ctx, source)
        use_reranker(ctx, args)
        t0 = time.perf_counter()
        evaluate_real(ctx, [c for c in cases if c.source == source],
                      searcher=bm25_slugs if args.bm25 else search_slugs, report=report)
        elapsed += time.perf_counter() - t0
        dialect = db.dialect
        db.dispose()
    print(f"backend  {dialect} ({mask_url(args.db) if args.db else 'temporary SQLite file'}), one KB per source")
    print(f"ranking  {'bare bm25 (any word, no re-rank)' if args.bm25 else 'services.kb.search'}"
          + (f" + semantic re-ranking ({args.reranker}, weight {semantic.W_SEMANTIC})" if args.reranker else ""))
    print(f"articles {len(titles)}; questions {len(cases)} "
          + " ".join(f"{s}/{lg}={n}" for (s, lg), n in counts.items())
          + f"; typos {sum(c.typo for c in cases)}; {elapsed / len(cases) * 1000:.1f} ms per search")
    print(f"title words copied (2+ shared with the expected title): {len(violations)}")
    for c, w in violations:
        print(f"  [{c.source}/{c.lang}] {c.q!r} shares {', '.join(w)} with {c.expect}")
    print(format_real_report(report, misses=not args.quiet, half=args.half))



if __name__ == "__main__":
    main()
