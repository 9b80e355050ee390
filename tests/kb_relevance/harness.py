"""Shared by the relevance test and ``bench/kb_relevance.py``: load the query set, score a KB search.

Metrics, per query, use the rank of the expected article among ``services.kb.search(limit=10)`` hits:
top-1 (rank 1), top-3 (rank ≤ 3) and MRR (mean of 1/rank, 0 when the article is not among the 10).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from agent_tui.services import kb
from agent_tui.services.context import Context

ROOT = Path(__file__).resolve().parents[2]
KB_DIR = ROOT / "data" / "kb"
QUERIES = Path(__file__).with_name("queries.toml")
LANGS = ("en", "de", "pt", "nl")


@dataclass(frozen=True)
class Case:
    q: str
    expect: str
    lang: str
    kind: str


@dataclass
class Score:
    n: int = 0
    top1: int = 0
    top3: int = 0
    rr: float = 0.0

    def add(self, rank: int | None) -> None:
        self.n += 1
        if rank is not None:
            self.top1 += rank == 1
            self.top3 += rank <= 3
            self.rr += 1.0 / rank

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.n if self.n else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.n if self.n else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.n if self.n else 0.0

    def line(self, label: str) -> str:
        return f"{label:<8} n={self.n:<4} top-1 {self.top1_rate:6.1%}  top-3 {self.top3_rate:6.1%}  MRR {self.mrr:.3f}"


@dataclass
class Report:
    overall: Score = field(default_factory=Score)
    by_lang: dict[str, Score] = field(default_factory=lambda: {lang: Score() for lang in LANGS})
    by_kind: dict[str, Score] = field(default_factory=dict)
    misses: list[tuple[Case, int | None, list[str]]] = field(default_factory=list)


def load_cases() -> list[Case]:
    data = tomllib.loads(QUERIES.read_text(encoding="utf-8"))
    return [Case(str(q["q"]), str(q["expect"]), str(q["lang"]), str(q.get("kind", "plain"))) for q in data["query"]]


def load_demo_kb(ctx: Context) -> None:
    kb.import_directory(ctx, KB_DIR)


def rank_of(ctx: Context, case: Case) -> tuple[int | None, list[str]]:
    slugs = [h.slug for h in kb.search(ctx, case.q, limit=10).hits]
    return (slugs.index(case.expect) + 1 if case.expect in slugs else None), slugs


def evaluate(ctx: Context, cases: list[Case] | None = None) -> Report:
    report = Report()
    for case in cases if cases is not None else load_cases():
        rank, slugs = rank_of(ctx, case)
        report.overall.add(rank)
        report.by_lang.setdefault(case.lang, Score()).add(rank)
        report.by_kind.setdefault(case.kind, Score()).add(rank)
        if rank != 1:
            report.misses.append((case, rank, slugs[:3]))
    return report


def format_report(report: Report, misses: bool = True) -> str:
    lines = [report.overall.line("overall")]
    lines += [report.by_lang[lang].line(lang) for lang in LANGS]
    lines += [score.line(kind) for kind, score in sorted(report.by_kind.items())]
    if misses and report.misses:
        lines.append("not first:")
        for case, rank, top in report.misses:
            lines.append(f"  [{case.lang}] {case.q!r}: {case.expect} at {rank or '-'}; top {', '.join(top) or '(none)'}")
    return "\n".join(lines)
