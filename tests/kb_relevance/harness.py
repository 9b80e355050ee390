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


# --- Real help centres (issue 17): public documentation we did not write, questions worded as customers write.

REAL_DIR = Path(__file__).with_name("real")
REAL_QUESTIONS = REAL_DIR / "questions.toml"
REAL_SOURCES = ("deltachat", "syncthing")
HALVES = ("tune", "test")


@dataclass(frozen=True)
class RealCase:
    q: str
    expect: str
    source: str
    lang: str
    half: str
    typo: bool = False


def load_real_cases() -> list[RealCase]:
    data = tomllib.loads(REAL_QUESTIONS.read_text(encoding="utf-8"))
    return [RealCase(str(q["q"]), str(q["expect"]), str(q["source"]), str(q["lang"]), str(q["half"]),
                     bool(q.get("typo", False))) for q in data["question"]]


def load_real_kb(ctx: Context, source: str) -> None:
    """One help centre per KB, as a helpdesk has it: ``source``'s articles (all its languages) only."""
    kb.import_directory(ctx, REAL_DIR / source)


def real_titles() -> dict[str, tuple[str, str]]:
    """slug → (title, language) of every real article, read from the files (no database)."""
    from agent_tui.services.kb.files import parse_article_file

    out = {}
    for path in sorted(REAL_DIR.rglob("*.md")):
        a = parse_article_file(path)
        out[a.slug] = (a.title, a.language)
    return out


def copied_title_words(case: RealCase, title: str, language: str) -> list[str]:
    """The expected article's title words (stemmed, stop words and words under 3 letters left out) that the
    question uses too. A question may share one such word (customers do say "password"); two or more is a
    question written from the title, reported as a violation."""
    from agent_tui.domain.textsearch import is_stopword, stem, words
    from agent_tui.domain.triage import fold

    def content(text: str, lang: str) -> dict[str, str]:
        return {stem(w, lang): w for w in words(text) if len(w) > 2 and not is_stopword(fold(w))}

    in_title = content(title, language)
    return sorted({w for s, w in content(case.q, case.lang).items() if s in in_title})


def bm25_slugs(ctx: Context, q: str, limit: int = 10) -> list[str]:
    """The bare-bm25 reference: the same query words, any of them (OR), the index's own bm25/ts_rank order,
    no re-ranking, no did-you-mean."""
    from sqlmodel import col, select

    from agent_tui.domain.textsearch import parse_query
    from agent_tui.store.models import KbArticle

    terms = parse_query(q)
    with ctx.db.read() as s:
        ranked = ctx.kb_index.query(s, terms, language=None, limit=limit, any_term=True) if terms else []
        ids = [i for i, _ in ranked]
        slugs = dict(s.exec(select(KbArticle.id, KbArticle.slug).where(col(KbArticle.id).in_(ids))).all())
    return [slugs[i] for i in ids if i in slugs]


def search_slugs(ctx: Context, q: str, limit: int = 10) -> list[str]:
    return [h.slug for h in kb.search(ctx, q, limit=limit).hits]


@dataclass
class RealReport:
    groups: dict[tuple[str, str, str], Score] = field(default_factory=dict)  # (source, lang, half)
    misses: list[tuple[RealCase, int | None, list[str]]] = field(default_factory=list)

    def score(self, source: str = "*", lang: str = "*", half: str = "*") -> Score:
        total = Score()
        for (s, lg, h), sc in self.groups.items():
            if source in ("*", s) and lang in ("*", lg) and half in ("*", h):
                total.n += sc.n
                total.top1 += sc.top1
                total.top3 += sc.top3
                total.rr += sc.rr
        return total


def evaluate_real(ctx: Context, cases: list[RealCase], searcher=search_slugs,
                  report: RealReport | None = None) -> RealReport:
    """Score ``cases`` (of the source loaded in ``ctx``) into ``report`` (a new one by default)."""
    report = report if report is not None else RealReport()
    for case in cases:
        slugs = searcher(ctx, case.q)
        rank = slugs.index(case.expect) + 1 if case.expect in slugs else None
        report.groups.setdefault((case.source, case.lang, case.half), Score()).add(rank)
        if rank != 1:
            report.misses.append((case, rank, slugs[:3]))
    return report


def real_rows(report: RealReport) -> list[tuple[str, Score]]:
    """(label, score) per half overall, per source and half, per source, language and half."""
    rows = [(f"all/{h}", report.score(half=h)) for h in HALVES]
    keys = sorted({(s, lg) for s, lg, _h in report.groups}, key=lambda k: (k[0], LANGS.index(k[1])))
    for source in REAL_SOURCES:
        rows += [(f"{source}/{h}", report.score(source=source, half=h)) for h in HALVES]
        for s, lg in keys:
            if s == source and len([k for k in keys if k[0] == source]) > 1:
                rows += [(f"{source}/{lg}/{h}", report.score(source=s, lang=lg, half=h)) for h in HALVES]
    return rows


def format_real_report(report: RealReport, misses: bool = True, half: str | None = None) -> str:
    lines = []
    for label, score in real_rows(report):
        lines.append(f"{label:<20} n={score.n:<4} top-1 {score.top1_rate:6.1%}  top-3 {score.top3_rate:6.1%}  "
                     f"MRR {score.mrr:.3f}")
    if misses and report.misses:
        lines.append("not first" + (f" ({half} half)" if half else "") + ":")
        for case, rank, top in report.misses:
            if half and case.half != half:
                continue
            lines.append(f"  [{case.source}/{case.lang}/{case.half}] {case.q!r}: {case.expect} at {rank or '-'}; "
                         f"top {', '.join(top) or '(none)'}")
    return "\n".join(lines)
