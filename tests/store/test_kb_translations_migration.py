"""Migration 0016: existing articles become one-language articles (key = slug); solved tickets already in
the store are indexed for "similar solved tickets"; down and up again keeps the store working."""

from __future__ import annotations

from alembic import command
from sqlmodel import select

from agent_tui.services import kb, similar
from agent_tui.services import ticket_actions as ta
from agent_tui.services.kb import ArticleInput
from agent_tui.store.migrate import alembic_config, upgrade
from agent_tui.store.models import KbArticle
from tests.conftest import new_ticket


def test_down_and_up_keeps_articles_and_indexes_the_solved_tickets(ctx):
    kb.save_article(ctx, ArticleInput("pdf-totals", "PDF export shows wrong totals", "Clear the rate cache."))
    old = new_ticket(ctx, "Export to PDF shows wrong totals", "Totals are off.").number
    ta.assign(ctx, old)
    ta.solve(ctx, old, "fixed", "Rounding fixed.")
    cfg = alembic_config()
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015_queue_keyset")
    upgrade(ctx.db)
    with ctx.db.read() as s:
        assert [(a.slug, a.article_key) for a in s.exec(select(KbArticle)).all()] == [("pdf-totals", "pdf-totals")]
    now = new_ticket(ctx, "PDF export totals wrong", "The exported PDF totals differ.").number
    assert [t.number for t in similar.similar_solved(ctx, now)] == [old]
    assert kb.search(ctx, "pdf totals").hits[0].also_in == ()
