"""KB search at scale: agent-tui's search vs the bare FTS5 query vs a LIKE scan, on one SQLite index.

    python bench/kb_search.py                     # 100,000 articles (a few minutes on 2 cores)
    python bench/kb_search.py --articles 20000    # quick run

The store is a temporary SQLite file, deleted at the end. The 66 demo articles are imported through
``services.kb.import_directory``; then ``--articles`` synthetic articles are added in one transaction
(``executemany`` into ``kb_articles`` and ``kb_fts``; the FTS terms come from the index's own
``store.search._docs``, exactly what ``SqliteFts5Index.upsert`` writes). Each synthetic article has a
language (en/de/pt/nl, weighted like the demo KB), a title and tags recombined from the demo titles and
tags of that language, and a body of 200–600 words: demo sentences of that language, shuffled, with about
one word in ten swapped for another word of the same language, and a ``##`` heading of title words over every
other paragraph (the re-rank scores an article's sections: ``domain/kb_sections.py``).

Then ``--queries`` queries (the relevance set's agent queries, prefixes as typed while searching, and
single words) are each timed, after one untimed warm-up pass, three ways:

(a) ``services.kb.search(ctx, q, limit=20)``: what the KB screen calls (ranking, re-rank, snippets, counts);
(b) the bare ``SELECT rowid FROM kb_fts WHERE kb_fts MATCH ? ORDER BY bm25(kb_fts) LIMIT 20`` with the
    match expression (a) builds first (``SqliteFts5Index.match_expression``);
(c) ``SELECT id FROM kb_articles WHERE body LIKE '%term%' LIMIT 20`` for the query's longest word.

Prints p50 and p95 of each in ms, a/b and c/a (of the p50s and of the p95s), and the slowest (a) queries.

``--reranker DIR`` (a local model2vec model) or ``--reranker words`` (a model the bench builds: a word-level
tokenizer over the demo KB's words, 256-wide random vectors, tests/tiny_reranker.py) then times (d), (a) with
semantic re-ranking on, twice over the same queries: the first pass encodes each candidate article (cold),
the second finds their vectors in the process cache (warm); d/a of each.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from agent_tui.domain.clock import FixedClock  # noqa: E402
from agent_tui.domain.textsearch import parse_query, words  # noqa: E402
from agent_tui.services import kb  # noqa: E402
from agent_tui.services.context import Context  # noqa: E402
from agent_tui.store.db import open_database, sqlite_url  # noqa: E402
from agent_tui.store.migrate import upgrade  # noqa: E402
from agent_tui.store.models import KbArticle  # noqa: E402
from agent_tui.store.search import SqliteFts5Index, _docs  # noqa: E402
from tests.kb_relevance.harness import KB_DIR, load_cases  # noqa: E402

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BATCH = 5_000
_SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")


def _corpus(ctx: Context) -> dict[str, dict[str, list]]:
    """Per language: sentences, words, title words and tags of the demo articles."""
    with ctx.db.read() as s:
        rows = s.execute(text("SELECT title, body, language, tags FROM kb_articles")).all()
    out: dict[str, dict[str, list]] = {}
    for title, body, language, tags in rows:
        c = out.setdefault(language, {"sentences": [], "words": [], "titles": [], "tags": [], "n": []})
        c["n"].append(1)
        plain = re.sub(r"[#*`|>_\[\]]+", " ", body)
        c["sentences"] += [" ".join(x.split()) for x in _SENTENCE.split(plain) if len(x.split()) >= 4]
        c["words"] += [w for w in words(plain) if len(w) > 3 and not w.isdigit()]
        c["titles"] += words(title)
        c["tags"] += list(json.loads(tags) if isinstance(tags, str) else tags or [])
    return out


def _article(rng: random.Random, lang: str, c: dict[str, list], i: int) -> dict:
    n_words = rng.randint(200, 600)
    body_parts, count = [], 0
    while count < n_words:
        sentence = rng.choice(c["sentences"]).split()
        sentence = [rng.choice(c["words"]) if rng.random() < 0.1 else w for w in sentence]
        body_parts.append(" ".join(sentence))
        count += len(sentence)
    paragraphs = [" ".join(body_parts[j:j + 4]) for j in range(0, len(body_parts), 4)]
    for j in range(1, len(paragraphs), 2):  # a heading over every other paragraph: the re-rank scores sections
        paragraphs[j] = "## " + " ".join(rng.sample(c["titles"], rng.randint(2, 4))).capitalize() + "\n\n" + paragraphs[j]
    title = " ".join(rng.sample(c["titles"], rng.randint(3, 7))).capitalize()
    tags = sorted(set(rng.sample(c["tags"], min(len(c["tags"]), rng.randint(2, 4)))))
    body = "\n\n".join(paragraphs)
    digest = hashlib.sha256(f"{title}\0{body}".encode()).hexdigest()
    when = NOW - timedelta(minutes=i)
    return {"slug": f"bench-{lang}-{i}", "article_key": f"bench-{lang}-{i}", "title": title, "body": body, "language": lang, "tags": tags,
            "author": "bench", "source": "bench", "source_ticket_id": None, "content_hash": digest,
            "created_at": when, "updated_at": when}


def build(ctx: Context, n: int, seed: int) -> float:
    t0 = time.perf_counter()
    kb.import_directory(ctx, KB_DIR)
    corpus = _corpus(ctx)
    rng = random.Random(seed)
    langs = sorted(corpus)
    weights = [len(corpus[lang]["n"]) for lang in langs]
    table = KbArticle.__table__
    with ctx.db.transaction() as s:
        first_id = int(s.execute(text("SELECT COALESCE(MAX(id), 0) FROM kb_articles")).scalar_one()) + 1
        for start in range(0, n, BATCH):
            rows = []
            for i in range(start, min(n, start + BATCH)):
                lang = rng.choices(langs, weights)[0]
                rows.append(_article(rng, lang, corpus[lang], i))
            for k, row in enumerate(rows):
                row["id"] = first_id + start + k
            s.execute(insert(table), rows)
            fts = []
            for row in rows:
                title, tags, body = _docs(SimpleNamespace(**row))
                fts.append({"id": row["id"], "title": title, "tags": tags, "body": body})
            s.execute(text("INSERT INTO kb_fts(rowid, title, tags, body) VALUES (:id, :title, :tags, :body)"), fts)
            print(f"\r  built {min(n, start + BATCH):,} / {n:,} articles", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with ctx.db.transaction() as s:
        s.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('optimize')"))
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - t0


def queries(ctx: Context, corpus_words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    agent = [c.q for c in load_cases()]
    prefixes = [w[: rng.randint(3, 5)] for w in rng.sample(corpus_words, 60)]
    singles = rng.sample(corpus_words, 40)
    out = agent + prefixes + singles
    rng.shuffle(out)
    return out[:count]


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic articles (default 100,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries timed (default 200)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--reranker", metavar="DIR|words", help="also time search with semantic re-ranking")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(sqlite_url(Path(tmp) / "kb.db"))
        upgrade(db)
        ctx = Context(db, FixedClock(NOW), "bench")
        seconds = build(ctx, args.articles, args.seed)
        with db.read() as s:
            total = s.execute(text("SELECT count(*) FROM kb_articles")).scalar_one()
            words_avg = s.execute(text("SELECT avg(length(body)) FROM kb_articles")).scalar_one()
        print(f"built    {total:,} articles (avg {words_avg:,.0f} characters) in {seconds:.1f} s")
        corpus = _corpus_words(ctx)
        qs = queries(ctx, corpus, args.queries, args.seed)
        a_ms, b_ms, c_ms, slow = [], [], [], []
        with db.engine.connect() as conn:
            raw = conn.connection.driver_connection
            for timed in (False, True):
                for q in qs:
                    t0 = time.perf_counter()
                    result = kb.search(ctx, q, limit=20)
                    t1 = time.perf_counter()
                    terms = parse_query(q)
                    expr = SqliteFts5Index.match_expression(terms, any_term=False)
                    t2 = time.perf_counter()
                    raw.execute("SELECT rowid FROM kb_fts WHERE kb_fts MATCH ? ORDER BY bm25(kb_fts) LIMIT 20",
                                (expr,)).fetchall()
                    t3 = time.perf_counter()
                    longest = max((t.prefix for t in terms), key=len)
                    raw.execute("SELECT id FROM kb_articles WHERE body LIKE ? LIMIT 20", (f"%{longest}%",)).fetchall()
                    t4 = time.perf_counter()
                    if timed:
                        a_ms.append((t1 - t0) * 1000)
                        b_ms.append((t3 - t2) * 1000)
                        c_ms.append((t4 - t3) * 1000)
                        slow.append(((t1 - t0) * 1000, (t3 - t2) * 1000, q, len(result.hits), result.did_you_mean))
        semantic_ms = _semantic_passes(ctx, qs, args.reranker, corpus, Path(tmp)) if args.reranker else None
        db.dispose()
    print(f"queries  {len(qs)} (agent questions, typos, prefixes as typed, single words), each after a warm-up")
    for label, ms in (("(a) services.kb.search", a_ms), ("(b) bare FTS5 MATCH+bm25", b_ms),
                      ("(c) LIKE '%term%' scan", c_ms)):
        print(f"{label:<26} p50 {_pct(ms, 50):8.2f} ms   p95 {_pct(ms, 95):8.2f} ms   mean {statistics.mean(ms):8.2f} ms")
    print(f"a/b      p50 {_pct(a_ms, 50) / _pct(b_ms, 50):.2f}   p95 {_pct(a_ms, 95) / _pct(b_ms, 95):.2f}")
    print(f"c/a      p50 {_pct(c_ms, 50) / _pct(a_ms, 50):.2f}   p95 {_pct(c_ms, 95) / _pct(a_ms, 95):.2f}")
    if semantic_ms is not None:
        for label, ms in zip(("cold", "warm"), semantic_ms, strict=True):
            print(f"{'(d) + semantic, ' + label:<26} p50 {_pct(ms, 50):8.2f} ms   p95 {_pct(ms, 95):8.2f} ms   "
                  f"mean {statistics.mean(ms):8.2f} ms   d/a p50 {_pct(ms, 50) / _pct(a_ms, 50):.2f}   "
                  f"p95 {_pct(ms, 95) / _pct(a_ms, 95):.2f}")
    print("slowest (a):")
    for a, b, q, n, dym in sorted(slow, reverse=True)[:5]:
        print(f"  {a:8.2f} ms (bare {b:6.2f} ms)  {q!r}: {n} hits" + (f", did you mean {dym!r}" if dym else ""))


def _semantic_passes(ctx: Context, qs: list[str], reranker: str, corpus: list[str],
                     tmp: Path) -> tuple[list[float], list[float]]:
    if reranker == "words":
        from tests.tiny_reranker import build_model

        reranker = str(build_model(tmp / "model", extra_words=corpus, dim=256))
        print(f"reranker a built word-level model: {len(corpus):,} words, 256 wide")
    kb.set_reranker(ctx, reranker)
    passes: tuple[list[float], list[float]] = ([], [])
    for ms in passes:
        for q in qs:
            t0 = time.perf_counter()
            result = kb.search(ctx, q, limit=20)
            ms.append((time.perf_counter() - t0) * 1000)
            if not result.semantic:
                raise SystemExit(f"the re-ranker is not used: {result.semantic_error}")
    return passes


def _corpus_words(ctx: Context) -> list[str]:
    with ctx.db.read() as s:
        bodies = s.execute(text("SELECT title, body FROM kb_articles WHERE author != 'bench'")).all()
    return sorted({w.lower() for t, b in bodies for w in words(t + " " + b) if len(w) > 4 and w.isalpha()})


if __name__ == "__main__":
    main()
