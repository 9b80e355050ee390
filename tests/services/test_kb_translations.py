"""Issue 17: an article has one identity and a version per language (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from agent_tui import i18n
from agent_tui.errors import ImportFailed
from agent_tui.services import kb
from agent_tui.store.models import KbArticle
from tests.conftest import new_ticket

ARTICLES = {
    "en": ("Reset your password", "Open Settings, choose Security and press *Reset password*. "
           "We send a link to your e-mail address."),
    "de": ("Passwort zurücksetzen", "Öffnen Sie die Einstellungen, wählen Sie Sicherheit und klicken Sie auf "
           "*Passwort zurücksetzen*. Wir senden einen Link an Ihre E-Mail-Adresse."),
    "pt": ("Redefinir a sua senha", "Abra Configurações, escolha Segurança e clique em *Redefinir senha*. "
           "Enviamos um link para o seu e-mail."),
}


def write_tree(root: Path, languages=("en", "de", "pt"), extra: dict[str, str] | None = None) -> Path:
    for lang in languages:
        title, body = ARTICLES[lang]
        folder = root / lang / "account"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "reset-password.md").write_text(f"---\ntitle: {title}\ntags: [password]\n---\n\n{body}\n",
                                                  encoding="utf-8")
    (root / "en" / "billing.md").write_text("---\ntitle: Download an invoice\n---\n\nInvoices are under "
                                            "Billing.\n", encoding="utf-8")
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def versions(ctx) -> list[tuple[str, str, str]]:
    with ctx.db.read() as s:
        return sorted((a.article_key, a.language, a.slug) for a in s.exec(select(KbArticle)).all())


class TestImport:
    def test_a_tree_of_language_folders_is_one_article_per_file_name(self, ctx, tmp_path):
        counts = kb.import_directory(ctx, write_tree(tmp_path))
        assert counts == {"created": 4, "updated": 0, "unchanged": 0}
        assert versions(ctx) == [("billing", "en", "billing"),
                                 ("reset-password", "de", "reset-password-de"),
                                 ("reset-password", "en", "reset-password"),
                                 ("reset-password", "pt", "reset-password-pt")]
        view = kb.get_article(ctx, "reset-password")
        assert view.versions == {"de": "reset-password-de", "en": "reset-password", "pt": "reset-password-pt"}
        assert kb.get_article(ctx, "reset-password", language="de").title == "Passwort zurücksetzen"

    def test_reimport_is_idempotent_and_updates_the_changed_version_only(self, ctx, tmp_path):
        root = write_tree(tmp_path)
        kb.import_directory(ctx, root)
        assert kb.import_directory(ctx, root) == {"created": 0, "updated": 0, "unchanged": 4}
        de = root / "de" / "account" / "reset-password.md"
        de.write_text(de.read_text(encoding="utf-8").replace("Link", "Bestätigungslink"), encoding="utf-8")
        assert kb.import_directory(ctx, root) == {"created": 0, "updated": 1, "unchanged": 3}
        assert len(versions(ctx)) == 4
        assert "Bestätigungslink" in kb.get_article(ctx, "reset-password-de").body
        assert kb.reindex(ctx) == 4

    def test_a_translation_added_later_joins_the_article(self, ctx, tmp_path):
        kb.import_directory(ctx, write_tree(tmp_path, ("en",)))
        write_tree(tmp_path, ("en", "de"))
        assert kb.import_directory(ctx, tmp_path)["created"] == 1
        assert kb.get_article(ctx, "reset-password").versions == {"de": "reset-password-de",
                                                                  "en": "reset-password"}

    def test_translation_of_in_front_matter_names_the_article(self, ctx, tmp_path):
        (tmp_path / "reset.md").write_text("---\ntitle: Reset your password\nlanguage: en\n---\nOpen Settings.\n")
        (tmp_path / "reset.nl.md").write_text("---\ntitle: Wachtwoord herstellen\nlanguage: nl\n"
                                              "translation_of: reset\n---\nOpen Instellingen.\n")
        kb.import_directory(ctx, tmp_path)
        assert versions(ctx) == [("reset", "en", "reset"), ("reset", "nl", "reset-nl")]

    def test_a_translation_with_no_base_is_refused_by_name_and_nothing_is_lost(self, ctx, tmp_path):
        root = write_tree(tmp_path)
        kb.import_directory(ctx, root)
        before = versions(ctx)
        orphan = root / "de" / "account" / "two-factor.md"
        orphan.write_text("---\ntitle: Zwei-Faktor\n---\nText.\n", encoding="utf-8")
        (root / "en" / "billing.md").write_text("---\ntitle: Download an invoice\n---\nChanged.\n")
        with pytest.raises(ImportFailed) as err:
            kb.import_directory(ctx, root)
        assert "de/account/two-factor.md" in err.value.message
        assert "no matching base" in err.value.message and "en/account/two-factor.md" in err.value.message
        assert versions(ctx) == before
        assert "Changed" not in kb.get_article(ctx, "billing").body  # all or nothing

    def test_translation_of_an_unknown_article_is_refused(self, ctx, tmp_path):
        (tmp_path / "x.md").write_text("---\ntitle: Wachtwoord\ntranslation_of: nowhere\nlanguage: nl\n---\nT.\n")
        with pytest.raises(ImportFailed, match="nowhere"):
            kb.import_directory(ctx, tmp_path)
        with ctx.db.read() as s:
            assert s.exec(select(func.count()).select_from(KbArticle)).one() == 0

    def test_two_files_for_one_language_of_one_article_are_refused(self, ctx, tmp_path):
        write_tree(tmp_path, extra={"de/other.md": "---\ntitle: Anders\ntranslation_of: reset-password\n"
                                                   "slug: anders\n---\nText.\n"})
        with pytest.raises(ImportFailed, match="both the de version"):
            kb.import_directory(ctx, tmp_path)

    def test_a_single_language_kb_is_as_before(self, ctx, tmp_path):
        (tmp_path / "a.md").write_text("---\ntitle: Export to CSV\n---\nExport the report as CSV.\n")
        kb.import_directory(ctx, tmp_path)
        hit = kb.search(ctx, "export csv").hits[0]
        assert (hit.slug, hit.also_in) == ("a", ())


class TestSearch:
    @pytest.fixture
    def tree(self, ctx, tmp_path):
        kb.import_directory(ctx, write_tree(tmp_path))

    def test_a_german_query_finds_the_article_once_in_the_agents_language(self, ctx, tree):
        result = kb.search(ctx, "Passwort zurücksetzen")
        assert [(h.slug, h.language, h.also_in) for h in result.hits] == [
            ("reset-password", "en", ("de", "pt"))]

    def test_the_ticket_language_comes_before_the_agents(self, ctx, tree):
        t = new_ticket(ctx, "Senha", "Não consigo entrar", language="pt")
        hits = kb.search(ctx, "Passwort zurücksetzen", ticket=t.number).hits
        assert [(h.slug, h.also_in) for h in hits] == [("reset-password-pt", ("de", "en"))]

    def test_the_agents_language_when_the_ticket_has_no_version(self, ctx, tree):
        t = new_ticket(ctx, "Wachtwoord", "Ik kan niet inloggen", language="nl")
        i18n.activate("de")
        hits = kb.search(ctx, "reset password", ticket=t.number).hits
        assert [(h.slug, h.also_in) for h in hits] == [("reset-password-de", ("en", "pt"))]

    def test_suggestions_for_a_ticket_show_its_language(self, ctx, tree):
        t = new_ticket(ctx, "Passwort zurücksetzen geht nicht", "Kein Link kommt an", language="de")
        hits = kb.suggest_for_ticket(ctx, t.number)
        assert [(h.slug, h.also_in) for h in hits] == [("reset-password-de", ("en", "pt"))]

    def test_a_reply_gets_the_customers_language_version(self, ctx, tree):
        pt = new_ticket(ctx, "Senha", "Não consigo entrar", language="pt")
        nl = new_ticket(ctx, "Wachtwoord", "Ik kan niet inloggen", language="nl")
        assert kb.article_for_ticket(ctx, "reset-password", pt.number).slug == "reset-password-pt"
        assert kb.article_for_ticket(ctx, "reset-password-de", nl.number).slug == "reset-password-de"


def test_an_article_drafted_from_a_solved_ticket_starts_in_its_language(ctx):
    from agent_tui.services import ticket_actions as ta

    t = new_ticket(ctx, "Export nach PDF zeigt falsche Summen", "Die Summen stimmen nicht.", language="de")
    ta.assign(ctx, t.number)
    ta.solve(ctx, t.number, "fixed", "Rundung korrigiert.")
    draft = kb.draft_from_ticket(ctx, t.number)
    assert draft.language == "de"
    view = kb.create_from_ticket(ctx, t.number)
    assert (view.language, view.article_key, view.versions) == ("de", view.slug, {"de": view.slug})


def test_language_folders_in_capitals_and_rst_pair_too(ctx, tmp_path):
    write_tree(tmp_path, ("en",))
    (tmp_path / "PT" / "account").mkdir(parents=True)
    (tmp_path / "PT" / "account" / "reset-password.rst").write_text(
        ":title: Redefinir a sua senha\n\nAbra Configurações e clique em Redefinir senha.\n", encoding="utf-8")
    kb.import_directory(ctx, tmp_path)
    assert kb.get_article(ctx, "reset-password").versions == {"en": "reset-password", "pt": "reset-password-pt"}
