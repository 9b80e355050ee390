"""Learning from use (issue 17): the words of tickets an article was linked to find the article, so the KB
learns how customers describe each problem."""

from __future__ import annotations

from agent_tui.services import kb
from agent_tui.services.kb import ArticleInput
from agent_tui.store import search as store_search
from tests.conftest import new_ticket

ARTICLE = ArticleInput("sso-clock-skew", "SAML assertion rejected: clock skew",
                       "The identity provider's clock is ahead of ours. Sync NTP on the IdP.", tags=("sso",))
OTHER = ArticleInput("export-csv", "Export to CSV", "Use the export menu and pick CSV.", tags=("export",))
CUSTOMER_WORDS = "company login bounces me back to the start page"


def slugs(ctx, query: str) -> list[str]:
    return [h.slug for h in kb.search(ctx, query).hits]


def link(ctx, subject: str, slug: str = "sso-clock-skew") -> None:
    kb.link_article(ctx, new_ticket(ctx, subject=subject).number, slug)


def test_the_words_two_linked_tickets_share_find_the_article(ctx):
    kb.save_article(ctx, ARTICLE)
    kb.save_article(ctx, OTHER)
    assert "sso-clock-skew" not in slugs(ctx, "login bounces back")
    link(ctx, f"Our {CUSTOMER_WORDS}")
    assert "sso-clock-skew" not in slugs(ctx, "login bounces back")  # one customer's words: not yet
    link(ctx, "Login bounces back again after the update")
    assert slugs(ctx, "login bounces back")[0] == "sso-clock-skew"
    assert kb.reindex(ctx) == 2  # a rebuilt index keeps what was learned
    assert slugs(ctx, "login bounces back")[0] == "sso-clock-skew"
    assert "export-csv" not in slugs(ctx, "login bounces back")


def test_learning_works_in_the_customers_language(ctx):
    kb.save_article(ctx, ARTICLE)
    for subject in ("Anmeldung springt immer zurück zur Startseite", "Die Anmeldung springt zurück"):
        kb.link_article(ctx, new_ticket(ctx, subject=subject, language="de").number, "sso-clock-skew")
    assert slugs(ctx, "anmeldung springt zurück")[0] == "sso-clock-skew"


def test_without_learning_only_the_articles_own_words_count(ctx, monkeypatch):
    monkeypatch.setattr(store_search, "LEARN", False)
    kb.save_article(ctx, ARTICLE)
    link(ctx, f"Our {CUSTOMER_WORDS}")
    link(ctx, "Login bounces back again after the update")
    assert "sso-clock-skew" not in slugs(ctx, "login bounces back")


def test_learned_words_need_two_tickets_and_no_stop_words():
    assert store_search.learned_words("How do I fix the login loop\nlogin loop again\nprinter on fire") == \
        "login login loop loop"
