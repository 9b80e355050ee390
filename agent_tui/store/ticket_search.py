"""Full-text index of solved and closed tickets (subject; description and resolution), for "similar solved
tickets": the KB's machinery (``store.search``) on another table. SQLite ``solved_fts`` (FTS5, bm25),
PostgreSQL ``solved_index`` (tsvector, ts_rank_cd); both index the Python-stemmed terms of
``domain.textsearch`` and never pass user text to ``MATCH``/``to_tsquery``.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import text

from agent_tui.domain.textsearch import LANGUAGES, QueryTerm, field_terms, index_terms
from agent_tui.store.search import PostgresTsIndex, SqliteFts5Index


def _docs(subject: str, description: str, resolution: str, language: str) -> tuple[str, str]:
    lang = language if language in LANGUAGES else "en"
    return field_terms(subject, [lang]), index_terms(f"{description}\n{resolution}", lang)


class SolvedIndex(Protocol):
    def upsert_row(self, conn: Any, ticket_id: int, subject: str, description: str, resolution: str,
                   language: str) -> None: ...

    def delete(self, conn: Any, ticket_id: int) -> None: ...

    def query(self, conn: Any, terms: list[QueryTerm], *, limit: int, exclude: int | None) -> list[tuple[int, float]]:
        """(ticket id, score) best first, any term matching; higher is better."""
        ...


class SqliteSolvedIndex:
    WEIGHTS = (4.0, 1.0)  # bm25: subject, body

    def upsert_row(self, conn, ticket_id, subject, description, resolution, language):
        subj, body = _docs(subject, description, resolution, language)
        conn.execute(text("INSERT OR REPLACE INTO solved_fts(rowid, subject, body) VALUES (:id, :s, :b)"),
                     {"id": ticket_id, "s": subj, "b": body})

    def delete(self, conn, ticket_id):
        conn.execute(text("DELETE FROM solved_fts WHERE rowid = :id"), {"id": ticket_id})

    def query(self, conn, terms, *, limit, exclude):
        if not terms:
            return []
        sql = ("SELECT rowid, bm25(solved_fts, :ws, :wb) AS score FROM solved_fts WHERE solved_fts MATCH :q "
               "AND rowid <> :ex ORDER BY score LIMIT :limit")
        rows = conn.execute(text(sql), {"q": SqliteFts5Index.match_expression(terms, True), "ws": self.WEIGHTS[0],
                                        "wb": self.WEIGHTS[1], "ex": exclude or 0, "limit": limit}).all()
        return [(int(r[0]), -float(r[1])) for r in rows]


class PostgresSolvedIndex:
    def upsert_row(self, conn, ticket_id, subject, description, resolution, language):
        subj, body = _docs(subject, description, resolution, language)
        conn.execute(text(
            "INSERT INTO solved_index(ticket_id, doc) VALUES (:id, setweight(to_tsvector('simple', :s), 'A') || "
            "setweight(to_tsvector('simple', :b), 'D')) ON CONFLICT (ticket_id) DO UPDATE SET doc = EXCLUDED.doc"),
            {"id": ticket_id, "s": subj, "b": body})

    def delete(self, conn, ticket_id):
        conn.execute(text("DELETE FROM solved_index WHERE ticket_id = :id"), {"id": ticket_id})

    def query(self, conn, terms, *, limit, exclude):
        if not terms:
            return []
        sql = ("SELECT i.ticket_id, ts_rank_cd('{0.1, 0.2, 0.6, 1.0}', i.doc, q, 1) AS score "
               "FROM solved_index i, to_tsquery('simple', :q) q WHERE i.doc @@ q AND i.ticket_id <> :ex "
               "ORDER BY score DESC, i.ticket_id DESC LIMIT :limit")
        rows = conn.execute(text(sql), {"q": PostgresTsIndex.tsquery(terms, True), "ex": exclude or 0,
                                        "limit": limit}).all()
        return [(int(r[0]), float(r[1])) for r in rows]


_INDEXES: dict[str, type] = {"sqlite": SqliteSolvedIndex, "postgresql": PostgresSolvedIndex}


def solved_index_for(dialect: str) -> SolvedIndex:
    return _INDEXES[dialect]()
