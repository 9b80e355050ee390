"""KB search scores a long page by the section that answers (issue 17), and shows that section in the snippet.

On SQLite and PostgreSQL (the ``ctx`` fixture)."""

from __future__ import annotations

import pytest

from agent_tui.services import kb
from agent_tui.services.kb import ranking

FILLER = "This page is part of the reference manual and describes the settings of one component in detail. "


def _save(ctx, slug: str, title: str, body: str) -> None:
    kb.save_article(ctx, kb.ArticleInput(slug=slug, title=title, body=body, language="en"))


def _sectioned(topic: str, sections: list[tuple[str, str]]) -> str:
    return "\n\n".join([f"# {topic}", FILLER * 3] + [f"## {h}\n\n{FILLER}{text}" for h, text in sections])


def _kb(ctx) -> None:
    # Every query word is in both reference pages: in one section of the first, spread over three of the second
    # (where "relay" comes twice: bm25 alone ranks it first on SQLite).
    _save(ctx, "network-reference", "Network reference", _sectioned("Network reference", [
        ("Listen addresses", "The device listens on the addresses given here."),
        ("Relays", "When no direct link works, traffic takes a relay as fallback; keep its port open."),
        ("Discovery", "Devices announce themselves to a discovery server."),
    ]))
    _save(ctx, "device-reference", "Device reference", _sectioned("Device reference", [
        ("Identity", "A relay forwards data, any relay."),
        ("Names", "Set the port."),
        ("Sharing", "A fallback exists."),
    ]))
    # A short page sharing one word with the question.
    _save(ctx, "which-port", "Which port is used?", "The default port is 22000.")


QUERY = "relay fallback port"


def test_the_page_whose_one_section_answers_ranks_above_pages_with_the_words_spread_or_one_word(ctx):
    _kb(ctx)
    slugs = [h.slug for h in kb.search(ctx, QUERY).hits]
    assert slugs.index("network-reference") < slugs.index("device-reference")
    assert slugs.index("network-reference") < slugs.index("which-port")


def test_without_section_scoring_the_words_spread_over_sections_would_win_on_sqlite(ctx, monkeypatch):
    """On SQLite the order above is the sections' doing: bm25 alone favours the page with the words spread
    (it counts the words, not how close they are)."""
    if ctx.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's ts_rank_cd (cover density) already prefers the words close together")
    _kb(ctx)
    monkeypatch.setattr(ranking, "W_SECTION", 0.0)
    slugs = [h.slug for h in kb.search(ctx, QUERY).hits]
    assert slugs.index("device-reference") < slugs.index("network-reference")


def test_the_snippet_comes_from_the_answering_section_its_heading_first(ctx):
    _kb(ctx)
    hit = next(h for h in kb.search(ctx, QUERY).hits if h.slug == "network-reference")
    parts = hit.snippet.parts
    assert parts[0] == ("Relays", True)  # the heading, its matched word highlighted
    assert parts[1] == (ranking.SECTION_SEPARATOR, False)
    text = hit.snippet.plain
    assert "traffic takes a relay as fallback" in text and "keep its port open" in text
    assert "Listen" not in text and "discovery" not in text
    assert any(marked and part.lower() == "fallback" for part, marked in parts)


def test_a_page_without_sections_keeps_its_body_snippet(ctx):
    _kb(ctx)
    hit = next(h for h in kb.search(ctx, QUERY).hits if h.slug == "which-port")
    assert hit.snippet.plain == "The default port is 22000."

