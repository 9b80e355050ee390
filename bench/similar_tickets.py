"""Similar solved tickets on the demo data: how often the top similar ticket is about the same problem.

    python bench/similar_tickets.py              # SQLite (a temporary file)
    python bench/similar_tickets.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench   # WIPES it

Every demo ticket (``agent-tui demo``) asks for its similar solved tickets. "Same problem" is judged two
ways, neither of them the similar-ticket index itself:

- topic tag: both tickets carry a topic tag the triage rules set (``sso``, ``billing``, ``sync``, …; the
  generic ``premium``, ``blocking``, ``how-to`` left out) and they share one;
- KB article: the KB's top suggested article for both tickets is the same article.

Baseline, measured in the same run: a solved ticket drawn at random (seeded) instead of the top similar.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlmodel import select  # noqa: E402

from _stores import open_bench_store  # noqa: E402
from agent_tui.domain.clock import FixedClock  # noqa: E402
from agent_tui.services import kb, similar  # noqa: E402
from agent_tui.services.context import Context  # noqa: E402
from agent_tui.services.demo import load_demo  # noqa: E402
from agent_tui.store.db import mask_url  # noqa: E402
from agent_tui.store.models import Ticket  # noqa: E402

GENERIC = {"premium", "blocking", "how-to"}


def measure(ctx: Context) -> dict[str, object]:
    with ctx.db.read() as s:
        tickets = {t.number: (set(t.tags or []) - GENERIC, t.status) for t in s.exec(select(Ticket)).all()}
    solved = sorted(n for n, (_tags, status) in tickets.items() if status in similar.DONE)
    top_kb: dict[int, str | None] = {}

    def kb_of(number: int) -> str | None:
        if number not in top_kb:
            hits = kb.suggest_for_ticket(ctx, number, limit=1)
            top_kb[number] = (hits[0].slug if hits else None)
        return top_kb[number]

    rng = random.Random(17)
    found = tag_pairs = tag_same = kb_pairs = kb_same = 0
    base_tag_pairs = base_tag_same = base_kb_pairs = base_kb_same = 0
    started = time.perf_counter()
    for number, (tags, _status) in sorted(tickets.items()):
        items = similar.similar_solved(ctx, number)
        if not items:
            continue
        found += 1
        top = items[0].number
        other = rng.choice([n for n in solved if n != number])
        for pick, is_base in ((top, False), (other, True)):
            ptags = tickets[pick][0]
            if tags and ptags:
                if is_base:
                    base_tag_pairs += 1
                    base_tag_same += bool(tags & ptags)
                else:
                    tag_pairs += 1
                    tag_same += bool(tags & ptags)
            mine, theirs = kb_of(number), kb_of(pick)
            if mine and theirs:
                if is_base:
                    base_kb_pairs += 1
                    base_kb_same += mine == theirs
                else:
                    kb_pairs += 1
                    kb_same += mine == theirs
    took = time.perf_counter() - started
    return {"tickets": len(tickets), "solved": len(solved), "with_similar": found,
            "tag": (tag_same, tag_pairs), "tag_base": (base_tag_same, base_tag_pairs),
            "kb": (kb_same, kb_pairs), "kb_base": (base_kb_same, base_kb_pairs), "seconds": took}


def share(pair: tuple[int, int]) -> str:
    same, n = pair
    return f"{same}/{n} = {same / n:.0%}" if n else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL the bench may wipe (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_bench_store(args.db, Path(tmp) / "bench.db")
        ctx = Context(db, FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)), "system")
        load_demo(ctx)
        r = measure(ctx)
        print(f"store: {mask_url(str(db.engine.url))}")
        print(f"demo tickets: {r['tickets']}, solved or closed: {r['solved']}, "
              f"with a similar solved ticket: {r['with_similar']}")
        print(f"top similar shares a topic tag:     {share(r['tag'])}   (random solved ticket: {share(r['tag_base'])})")
        print(f"top similar has the same top KB hit: {share(r['kb'])}   (random solved ticket: {share(r['kb_base'])})")
        print(f"{r['seconds'] / max(r['tickets'], 1) * 1000:.1f} ms per ticket (similar + KB suggestion)")
        db.dispose()


if __name__ == "__main__":
    main()
