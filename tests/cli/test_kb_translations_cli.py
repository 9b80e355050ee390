"""Issue 17 from the command line: a help centre with one folder per language, imported, re-imported,
searched (the languages in --json), and a translation with no base refused by name."""

from __future__ import annotations

from tests.cli.test_cli import ready, run  # noqa: F401 - fixtures
from tests.services.test_kb_translations import write_tree


def test_import_a_tree_of_en_de_pt_folders(ready, tmp_path):  # noqa: F811
    root = write_tree(tmp_path / "kb")
    r = ready("import", "kb", str(root))
    assert r.code == 0, r.err
    assert "4 created" in r.out
    again = ready("import", "kb", str(root), "--json")
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 4}
    hits = ready("kb", "search", "Passwort", "--json").json()["hits"]
    assert [(h["slug"], h["also_in"], h["languages"]) for h in hits] == [
        ("reset-password", ["de", "pt"], ["de", "en", "pt"])]
    shown = ready("kb", "search", "Passwort")
    assert "also in: de, pt" in shown.out
    assert "reindexed 4 articles" in ready("kb", "reindex").out


def test_a_translation_with_no_base_is_one_clear_line_and_nothing_is_imported(ready, tmp_path):  # noqa: F811
    root = write_tree(tmp_path / "kb")
    (root / "pt" / "faturas.md").write_text("---\ntitle: Faturas\n---\nAs faturas ficam em Cobrança.\n")
    r = ready("import", "kb", str(root))
    assert r.code != 0
    assert "pt/faturas.md" in r.err and "no matching base" in r.err and "en/faturas.md" in r.err
    assert "Traceback" not in r.err
    assert ready("kb", "search", "password", "--json").json()["hits"] == []
