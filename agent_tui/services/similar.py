"""Similar solved tickets: the few solved or closed tickets whose subject, description and resolution are
closest to a ticket's, with how they were resolved.

The index (``store/ticket_search.py``) holds solved and closed tickets only; every status change keeps
it so (``sync_in_session``, called by ``ticket_clocks.set_status`` and the history import): a ticket
that is solved or closed is (re)indexed, one that is re-opened leaves it. Words are matched as the KB
matches them (``domain.textsearch``: stems in every shipped language, stop words dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from agent_tui.domain.textsearch import LANGUAGES, QueryTerm, parse_query, stem, words
from agent_tui.domain.triage import fold
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import load_ticket
from agent_tui.store.models import AuditEvent, Ticket
from agent_tui.store.ticket_search import solved_index_for

DONE = ("solved", "closed")
MAX_TERMS = 16


@dataclass(frozen=True)
class SimilarTicket:
    number: int
    subject: str
    status: str
    outcome: str | None
    resolution: str
    language: str
    tags: list[str]
    solved_at: datetime | None
    score: float


def sync_in_session(s: Session, ctx: Context, ticket: Ticket, old_status: str | None) -> None:
    """After a status change: index a ticket that is now solved or closed, drop one that no longer is."""
    index = solved_index_for(ctx.db.dialect)
    if ticket.id is None:
        s.flush()
    conn = s.connection()  # not the session: no autoflush of the ticket's pending changes (one statement)
    if ticket.status in DONE:
        index.upsert_row(conn, ticket.id, ticket.subject, ticket.description, ticket.resolution, ticket.language)
    elif old_status in DONE:
        index.delete(conn, ticket.id)


def query_terms(subject: str, description: str) -> list[QueryTerm]:
    """Whole words (no prefix matching: nothing is being typed) from the subject, then the description."""
    out: dict[str, QueryTerm] = {}
    for text in (subject, description[:2000]):
        for t in parse_query(text + " "):
            if len(t.prefix) > 2 and not t.prefix.isdigit() and t.prefix not in out and len(out) < MAX_TERMS:
                out[t.prefix] = QueryTerm(t.variants, t.prefix, False)
    return list(out.values())


def _shared(terms: list[QueryTerm], text: str, language: str) -> list[bool]:
    """For each term: does ``text`` hold it (as the index matches: a stem or the folded word)?"""
    lang = language if language in LANGUAGES else "en"
    found: set[str] = set()
    for w in set(words(text)):
        found.add(fold(w))
        found.add(stem(w, lang))
    return [any(v in found for v in t.variants) for t in terms]


# A candidate the index found on one shared word (``app``, ``error``) is not "similar": it must share
# MIN_SHARED of the ticket's words (all of them when it has fewer); the rest keep the index's order (bm25 /
# ts_rank_cd: rare words count more). bench/similar_tickets.py measures it on the demo data.
MIN_SHARED = 2
POOL = 12


def similar_solved(ctx: Context, number: int, limit: int = 3) -> list[SimilarTicket]:
    """The ``limit`` solved or closed tickets most like ticket ``number`` (never the ticket itself)."""
    limit = max(1, min(int(limit), 20))
    with ctx.db.read() as s:
        ticket = load_ticket(s, number, lock=False)
        terms = query_terms(ticket.subject, ticket.description)
        ranked = solved_index_for(ctx.db.dialect).query(s, terms, limit=max(POOL, limit), exclude=ticket.id)
        if not ranked:
            return []
        rows = {t.id: t for t in s.exec(select(Ticket).where(col(Ticket.id).in_([i for i, _ in ranked]),
                                                              col(Ticket.status).in_(DONE))).all()}
        top = max(score for _, score in ranked) or 1.0
        need = min(MIN_SHARED, len(terms))
        scored = []
        for tid, score in ranked:
            t = rows.get(tid)
            if t is None or t.id == ticket.id:
                continue
            shared = _shared(terms, f"{t.subject}\n{t.description}\n{t.resolution}", t.language)
            if sum(shared) < need:
                continue
            scored.append((max(score, 0) / top, t))
        return [SimilarTicket(t.number, t.subject, t.status, t.outcome, t.resolution, t.language, list(t.tags or []),
                              t.solved_at, round(score, 6)) for score, t in scored[:limit]]


def reindex(ctx: Context, batch: int = 500) -> int:
    """Rebuild the index of solved and closed tickets from the tickets themselves."""
    index = solved_index_for(ctx.db.dialect)
    done, last_id = 0, 0
    with ctx.db.transaction() as s:
        s.connection().exec_driver_sql("DELETE FROM " + ("solved_fts" if ctx.db.dialect == "sqlite"
                                                         else "solved_index"))
    while True:
        with ctx.db.transaction() as s:
            rows = s.exec(select(Ticket.id, Ticket.subject, Ticket.description, Ticket.resolution, Ticket.language)
                          .where(col(Ticket.status).in_(DONE), col(Ticket.id) > last_id)
                          .order_by(col(Ticket.id)).limit(batch)).all()
            if not rows:
                break
            for tid, subject, description, resolution, language in rows:
                index.upsert_row(s, tid, subject, description, resolution, language)
            last_id = rows[-1][0]
            done += len(rows)
    with ctx.db.transaction() as s:
        s.add(AuditEvent(at=ctx.clock.now(), actor=ctx.actor, action="solved_tickets_reindexed",
                         details={"tickets": done}))
    return done
