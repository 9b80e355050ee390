"""A real help-centre article (Bitwarden's Jekyll help centre, tests/fixtures/kb_real) imports as readable text."""

from __future__ import annotations

import shutil
from pathlib import Path

from agent_tui.screens.kb import reply_text
from agent_tui.services import kb

REAL = Path(__file__).parent.parent / "fixtures" / "kb_real"


def test_real_help_centre_article_has_no_liquid_or_entities_in_body_snippets_or_reply(ctx, tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(REAL / "setup-two-step-login-fido.md", folder)
    kb.import_directory(ctx, folder)

    article = kb.get_article(ctx, "setup-two-step-login-fido")
    for noise in ("{%", "%}", "{{", "{:target", "&rarr;", "&amp;"):
        assert noise not in article.body, noise
    assert "Two-step Login → Manage FIDO2 WebAuthn dialog" in article.body
    assert "Existing FIDO U2F security keys will still be usable" in article.body  # a callout's text is kept

    result = kb.search(ctx, "fido security key remember me")
    hit = next(h for h in result.hits if h.slug == "setup-two-step-login-fido")
    snippet = hit.snippet.plain
    assert "{%" not in snippet and "&rarr;" not in snippet and "&amp;" not in snippet

    text = reply_text(article)
    assert "{%" not in text and "&" not in text


def test_snippets_of_articles_stored_before_the_fix_decode_entities(ctx):
    kb.save_article(ctx, kb.ArticleInput(slug="old", title="Reset", body="Settings &rarr; Security &amp; login. Reset the password.",
                                         language="en", tags=(), author="", source="old.md"))
    result = kb.search(ctx, "reset password")
    hit = next(h for h in result.hits if h.slug == "old")
    snippet = hit.snippet.plain
    assert "&rarr;" not in snippet and "&amp;" not in snippet
