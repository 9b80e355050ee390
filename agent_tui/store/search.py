"""Full-text search over KB articles: one small interface, two implementations.

Both index the same Python-stemmed terms (``domain.textsearch``); neither ever
passes user text to ``MATCH``/``to_tsquery``: queries are built only from
``\\w+`` tokens, each quoted.
"""

from __future__ import annotations

from collections import Counter
from typing import Protocol

from sqlalchemy import select, text
from sqlmodel import Session

from agent_tui.domain.textsearch import LANGUAGES, QueryTerm, field_terms, index_terms, is_stopword, words
from agent_tui.domain.triage import fold
from agent_tui.store.models import KbArticle, KbLink, Ticket


class KbIndex(Protocol):
    def upsert(self, session: Session, article: KbArticle) -> None: ...

    def delete(self, session: Session, article_id: int) -> None: ...

    def query(
        self, session: Session, terms: list[QueryTerm], *, language: str | None, limit: int, any_term: bool
    ) -> list[tuple[int, float]]:
        """(article id, score) best first; higher score is better."""
        ...

    def matches_any(self, session: Session, term: QueryTerm) -> bool:
        """Does any article contain ``term`` (as the index would match it)?"""
        ...

    def count_upto(self, session: Session, term: QueryTerm, cap: int) -> int:
        """How many articles contain ``term``, counting no further than ``cap`` (cheap on a big KB)."""
        ...

    def indexed_terms(self, session: Session, ids: list[int]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        """Per article: (title and tag terms, body terms) exactly as indexed, for re-ranking a few candidates."""
        ...


# Learning from use (issue 17): the subjects of the tickets an article was linked to (by an agent, or written
# from) weigh into its index beside its body, so the KB learns how customers describe each problem: a word
# counts once LEARN_MIN_TICKETS of those tickets used it (bench/kb_learning.py: one-off words of single
# tickets pulled other customers' questions to the wrong article). The latest LEARNED_TICKETS links count;
# LEARN = False indexes the article's own text only.
LEARN = True
LEARNED_TICKETS = 50


def learned_text(session: Session, article_id: int | None) -> str:
    """The customers' words for this article: the subjects of its latest linked tickets."""
    if not LEARN or article_id is None:
        return ""
    rows = session.execute(select(Ticket.subject).join(KbLink, KbLink.ticket_id == Ticket.id)
                           .where(KbLink.article_id == article_id)
                           .order_by(KbLink.id.desc()).limit(LEARNED_TICKETS)).scalars().all()
    return "\n".join(r for r in rows if r)


LEARN_MIN_TICKETS = 2


def learned_words(subjects: str) -> str:
    """The words worth learning from linked tickets' subjects (one per line): those at least
    LEARN_MIN_TICKETS tickets used (a wording customers repeat, not one customer's other words), stop words
    ("how do I") left out; each once per ticket that used it."""
    used = Counter(w for line in subjects.splitlines() for w in dict.fromkeys(fold(x) for x in words(line))
                   if not is_stopword(w))
    return " ".join(" ".join([w] * n) for w, n in used.items() if n >= LEARN_MIN_TICKETS)


def _docs(article: KbArticle, learned: str = "") -> tuple[str, str, str]:
    """Title: stems in the article's language plus the folded words (prefixes typed past the stem).
    Tags: the same in all four languages, since tags are often shared words (``export``, ``webhooks``).
    Body: stems only (it is most of the index), and the learned words (the subjects of linked tickets, stems
    in every language: customers write in theirs)."""
    lang = article.language or "en"
    body = index_terms(article.body, lang)
    if learned:
        body = f"{body} {field_terms(learned_words(learned), LANGUAGES)}"
    return (
        field_terms(article.title, [lang]),
        field_terms(" ".join(article.tags or []), LANGUAGES),
        body,
    )


def _boolean_query(terms: list[QueryTerm], any_term: bool, *, exact: str, prefix: str, either: str,
                   both: str) -> str:
    """One group per term: its stems quoted (terms are ``\\w+`` only), plus prefixes for the word being typed."""
    groups = []
    for term in terms:
        options = [exact.format(v) for v in term.exact]
        if term.is_last and len(term.prefix) >= 2:
            options.append(prefix.format(term.prefix))
            options += [prefix.format(v) for v in term.variants if len(v) >= 3]
        groups.append("(" + either.join(dict.fromkeys(options)) + ")")
    return (either if any_term else both).join(groups)


class SqliteFts5Index:
    # Weights for bm25(): title, tags, body.
    WEIGHTS = (10.0, 6.0, 1.0)

    def upsert(self, session: Session, article: KbArticle) -> None:
        title, tags, body = _docs(article, learned_text(session, article.id))
        session.execute(text("DELETE FROM kb_fts WHERE rowid = :id"), {"id": article.id})
        session.execute(
            text("INSERT INTO kb_fts(rowid, title, tags, body) VALUES (:id, :title, :tags, :body)"),
            {"id": article.id, "title": title, "tags": tags, "body": body},
        )

    def delete(self, session: Session, article_id: int) -> None:
        session.execute(text("DELETE FROM kb_fts WHERE rowid = :id"), {"id": article_id})

    @staticmethod
    def match_expression(terms: list[QueryTerm], any_term: bool) -> str:
        return _boolean_query(terms, any_term, exact='"{}"', prefix='"{}"*', either=" OR ", both=" AND ")

    def query(self, session, terms, *, language, limit, any_term):
        if not terms:
            return []
        w = self.WEIGHTS
        sql = (
            "SELECT kb_fts.rowid, bm25(kb_fts, :wt, :wg, :wb) AS score FROM kb_fts "
            + ("JOIN kb_articles a ON a.id = kb_fts.rowid " if language else "")
            + "WHERE kb_fts MATCH :q "
            + ("AND a.language = :lang " if language else "")
            + "ORDER BY score LIMIT :limit"
        )
        params = {"q": self.match_expression(terms, any_term), "limit": limit, "lang": language,
                  "wt": w[0], "wg": w[1], "wb": w[2]}
        rows = session.execute(text(sql), params).all()
        return [(int(r[0]), -float(r[1])) for r in rows]

    def indexed_terms(self, session, ids):
        if not ids:
            return {}
        marks = ", ".join(str(int(i)) for i in ids)  # ints only
        rows = session.execute(text(f"SELECT rowid, title, tags, body FROM kb_fts WHERE rowid IN ({marks})")).all()
        return {int(r[0]): (frozenset(f"{r[1]} {r[2]}".split()), frozenset((r[3] or "").split())) for r in rows}

    def count_upto(self, session, term, cap):
        q = self.match_expression([term], any_term=False)
        sql = "SELECT count(*) FROM (SELECT 1 FROM kb_fts WHERE kb_fts MATCH :q LIMIT :cap)"
        return int(session.execute(text(sql), {"q": q, "cap": int(cap)}).scalar_one())

    def matches_any(self, session, term):
        q = self.match_expression([term], any_term=False)
        return session.execute(text("SELECT 1 FROM kb_fts WHERE kb_fts MATCH :q LIMIT 1"), {"q": q}).first() is not None


class PostgresTsIndex:
    def upsert(self, session: Session, article: KbArticle) -> None:
        title, tags, body = _docs(article, learned_text(session, article.id))
        session.execute(
            text(
                "INSERT INTO kb_index(article_id, doc) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || "
                "setweight(to_tsvector('simple', :tags), 'B') || "
                "setweight(to_tsvector('simple', :body), 'D')) "
                "ON CONFLICT (article_id) DO UPDATE SET doc = EXCLUDED.doc"
            ),
            {"id": article.id, "title": title, "tags": tags, "body": body},
        )

    def delete(self, session: Session, article_id: int) -> None:
        session.execute(text("DELETE FROM kb_index WHERE article_id = :id"), {"id": article_id})

    @staticmethod
    def tsquery(terms: list[QueryTerm], any_term: bool) -> str:
        return _boolean_query(terms, any_term, exact="'{}'", prefix="'{}':*", either=" | ", both=" & ")

    def query(self, session, terms, *, language, limit, any_term):
        if not terms:
            return []
        sql = (
            "SELECT i.article_id, ts_rank_cd('{0.1, 0.2, 0.6, 1.0}', i.doc, q, 1) AS score "
            "FROM kb_index i, to_tsquery('simple', :q) q "
            + "WHERE i.doc @@ q "
            + ("AND EXISTS (SELECT 1 FROM kb_articles a WHERE a.id = i.article_id AND a.language = :lang) "
               if language else "")
            + "ORDER BY score DESC, i.article_id LIMIT :limit"
        )
        rows = session.execute(text(sql), {"q": self.tsquery(terms, any_term), "limit": limit, "lang": language}).all()
        return [(int(r[0]), float(r[1])) for r in rows]

    def indexed_terms(self, session, ids):
        if not ids:
            return {}
        rows = session.execute(
            text("SELECT i.article_id, u.lexeme, u.weights FROM kb_index i, unnest(i.doc) u "
                 "WHERE i.article_id = ANY(:ids)"), {"ids": [int(i) for i in ids]}).all()
        heads: dict[int, set[str]] = {int(i): set() for i in ids}
        bodies: dict[int, set[str]] = {int(i): set() for i in ids}
        for aid, lexeme, weights in rows:
            (heads if set(weights or ()) & {"A", "B"} else bodies)[int(aid)].add(lexeme)
            if "D" in (weights or ()):
                bodies[int(aid)].add(lexeme)
        return {i: (frozenset(heads[i]), frozenset(bodies[i])) for i in heads}

    def count_upto(self, session, term, cap):
        sql = "SELECT count(*) FROM (SELECT 1 FROM kb_index WHERE doc @@ to_tsquery('simple', :q) LIMIT :cap) t"
        return int(session.execute(text(sql), {"q": self.tsquery([term], any_term=False), "cap": int(cap)}).scalar_one())

    def matches_any(self, session, term):
        q = self.tsquery([term], any_term=False)
        sql = "SELECT 1 FROM kb_index WHERE doc @@ to_tsquery('simple', :q) LIMIT 1"
        return session.execute(text(sql), {"q": q}).first() is not None


_INDEXES: dict[str, type] = {"sqlite": SqliteFts5Index, "postgresql": PostgresTsIndex}


def kb_index_for(dialect: str) -> KbIndex:
    return _INDEXES[dialect]()
