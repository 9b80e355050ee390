"""Query words as data (issue 17): question phrases and stop words dropped, synonyms found, per language;
the did-you-mean vocabulary follows new articles at once and edits within VOCAB_RECHECK (ctx clock)."""

from __future__ import annotations

from datetime import timedelta

from agent_tui.domain.textsearch import parse_query, query_language, term_matches
from agent_tui.services import kb
from agent_tui.services.kb.articles import ArticleInput
from agent_tui.services.kb.ranking import VOCAB_RECHECK


def prefixes(q: str) -> list[str]:
    return [t.prefix for t in parse_query(q)]


def test_question_phrases_and_stop_words_go_in_every_language():
    assert prefixes("is there a way to export the invoices? ") == ["export", "invoices"]
    assert prefixes("Wie kann ich mein Konto löschen? ") == ["konto", "loschen"]
    assert prefixes("Como faço para apagar minha conta? ") == ["apagar", "conta"]
    assert prefixes("Hoe kan ik mijn wachtwoord wijzigen? ") == ["wachtwoord", "wijzigen"]
    # "way" and "possible" are words of their own outside a question phrase.
    assert prefixes("possible way ") == ["possible", "way"]
    # Nothing but stop words: they are searched rather than nothing.
    assert prefixes("how do I ") == ["how", "do", "i"]


def test_a_multi_word_synonym_is_read_as_its_group_and_words_find_their_synonyms():
    (term,) = parse_query("how do I sign in ")
    assert term.prefix == "login" and "signin" in term.synonyms
    konto, _ = parse_query("Konten löschen ")  # an inflected form finds its group too
    assert "profil" in konto.synonyms
    (delete,) = parse_query("delete ")
    assert term_matches(delete, "removed", "en") and not term_matches(delete, "invoice", "en")


def test_synonyms_stay_in_the_language_of_the_query_when_it_is_known():
    assert query_language("wie kann ich die App löschen") == "de"
    app, loschen = parse_query("wie kann ich die App löschen ")
    assert "entfern" in loschen.synonyms  # German: entfernen
    assert "remov" not in loschen.synonyms  # English 'remove' is another language's group


def test_a_new_article_reaches_did_you_mean_at_once_and_an_edit_within_the_recheck(ctx, clock):
    kb.save_article(ctx, ArticleInput(slug="waage", title="Kalibrierung der Waage", language="de",
                                      body="Die Kalibrierung der Waage dauert zehn Minuten."))
    assert kb.search(ctx, "Kalibrirung", limit=5).did_you_mean == "kalibrierung"
    kb.save_article(ctx, ArticleInput(slug="drucker", title="Druckerwarteschlange leeren", language="de",
                                      body="Die Druckerwarteschlange leeren Sie im Menü."))
    assert kb.search(ctx, "Druckerwarteschlang", limit=5).hits  # a prefix, no correction needed
    assert kb.search(ctx, "Druckerwarteshlange", limit=5).did_you_mean == "druckerwarteschlange"
    # An edit to an existing article: the vocabulary is read again once VOCAB_RECHECK has passed.
    clock.advance(timedelta(seconds=1))
    kb.save_article(ctx, ArticleInput(slug="waage", title="Justierung der Waage", language="de",
                                      body="Die Justierung der Waage dauert zehn Minuten."))
    clock.advance(VOCAB_RECHECK + timedelta(seconds=1))
    assert kb.search(ctx, "Justirung", limit=5).did_you_mean == "justierung"


def test_a_german_or_dutch_compound_the_kb_does_not_know_is_searched_as_its_parts(ctx):
    kb.save_article(ctx, ArticleInput(slug="waage", title="Die Waage einstellen", language="de",
                                      body="Die Kalibrierung der Waage dauert zehn Minuten."))
    kb.save_article(ctx, ArticleInput(slug="thermometer", title="Thermometer einstellen", language="de",
                                      body="Die Kalibrierung des Thermometers dauert eine Minute."))
    result = kb.search(ctx, "Waagenkalibrierung ", limit=5)
    assert [h.slug for h in result.hits][:1] == ["waage"]  # both parts first, the thermometer (one part) after
    assert result.did_you_mean is None and not result.fuzzy  # found as written, not "corrected"
    # A word the KB knows is not split.
    assert [h.slug for h in kb.search(ctx, "Thermometer ", limit=5).hits] == ["thermometer"]


def test_a_word_in_very_many_articles_brings_no_any_word_candidates_of_its_own(ctx, monkeypatch):
    from agent_tui.services.kb import ranking

    for slug, word in (("a", "alpha"), ("b", "beta"), ("c", "gamma")):
        kb.save_article(ctx, ArticleInput(slug=slug, title=f"Common {word}", body=f"Common {word} text."))
    kb.save_article(ctx, ArticleInput(slug="d", title="Rare delta", body="Rare delta text."))
    # No article has both words: any-word candidates. "common" is in every article but one.
    assert {h.slug for h in kb.search(ctx, "common rare ", limit=10).hits} == {"a", "b", "c", "d"}
    monkeypatch.setattr(ranking, "COMMON_WORD", 3)
    assert [h.slug for h in kb.search(ctx, "common rare ", limit=10).hits] == ["d"]
