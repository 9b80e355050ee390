"""The catalogs are complete and compiled (``python -m agent_tui.i18n_tools check``), and the check fails
on a catalog that misses a key, changes a placeholder, leaves a translation empty or fuzzy, or a stale .mo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from agent_tui import i18n, i18n_tools
from agent_tui.i18n_tools import area_of, compile_all, placeholders, po_path, problems


def test_the_shipped_catalogs_pass_the_check():
    assert problems() == []


def test_the_check_command_exits_zero_on_the_repo(capsys):
    assert i18n_tools.main(["check"]) == 0


def test_areas_follow_the_first_source_location():
    assert area_of("screens/queue.py") == "ui"
    assert area_of("widgets/labels.py") == "ui"
    assert area_of("app.py") == area_of("bindings.py") == area_of("i18n.py") == area_of("i18n_tools.py") == "ui"
    assert area_of("cli/tickets.py") == area_of("mail/cli.py") == "cli"
    assert area_of("services/intake.py") == area_of("domain/sla.py") == area_of("mail/parse.py") == "core"
    assert area_of("config.py") == area_of("errors.py") == area_of("store/db.py") == "core"


def test_placeholders_are_the_named_fields():
    assert placeholders("Ticket #{number} is {state:>3}") == {"number", "state"}
    assert placeholders("no fields, {{literal}} braces") == set()


@pytest.fixture
def locale_copy(tmp_path: Path) -> Path:
    target = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, target)
    assert problems(target) == []
    return target


def _edit_ui_po(locale_dir: Path, lang: str, change) -> None:
    path = po_path(locale_dir, lang, "ui")
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, sort_output=True, include_lineno=False)


def test_a_missing_key_fails(locale_copy):
    _edit_ui_po(locale_copy, "de", lambda cat: cat.delete("Take next"))
    compile_all(locale_copy)
    assert any("de/LC_MESSAGES/ui.po: missing 'Take next'" in p for p in problems(locale_copy))


def test_a_changed_placeholder_fails(locale_copy):
    def change(cat):
        cat["Ticket #{number} is yours."].string = "Ticket #{nummer} gehört Ihnen."

    _edit_ui_po(locale_copy, "de", change)
    compile_all(locale_copy)
    found = [p for p in problems(locale_copy) if "Ticket #{number} is yours." in p]
    assert found and "placeholders ['nummer'] differ from ['number']" in found[0]


def test_an_empty_or_fuzzy_translation_fails(locale_copy):
    def change(cat):
        cat["Queue"].string = ""
        cat["Reply"].flags.add("fuzzy")

    _edit_ui_po(locale_copy, "nl", change)
    compile_all(locale_copy)
    found = problems(locale_copy)
    assert "nl/LC_MESSAGES/ui.po: not translated 'Queue'" in found
    assert "nl/LC_MESSAGES/ui.po: fuzzy 'Reply'" in found


def test_a_stale_mo_fails(locale_copy):
    def change(cat):
        cat["Queue"].string = "Fila de espera"

    _edit_ui_po(locale_copy, "pt", change)  # not compiled afterwards
    found = problems(locale_copy)
    assert any(p.startswith("pt/LC_MESSAGES/agent_tui.mo: stale") for p in found)
    compile_all(locale_copy)
    assert problems(locale_copy) == []


def test_a_missing_catalog_file_fails(locale_copy):
    po_path(locale_copy, "nl", "ui").unlink()
    assert any(p.startswith("nl/LC_MESSAGES/ui.po: missing (") for p in problems(locale_copy))


def test_a_new_source_string_is_missing_from_every_language(tmp_path, locale_copy):
    source = tmp_path / "src"
    shutil.copytree(i18n_tools.PACKAGE_DIR, source, ignore=shutil.ignore_patterns("data", "__pycache__"))
    screen = source / "screens" / "brand_new.py"
    screen.write_text('from agent_tui.i18n import _\n\nTITLE = _("A brand new screen")\n', encoding="utf-8")
    found = problems(locale_copy, source)
    assert {f"{lang}/LC_MESSAGES/ui.po: missing 'A brand new screen'" for lang in ("de", "pt", "nl")} <= set(found)
    i18n_tools.update(locale_copy, source)  # merged: now present, empty
    found = problems(locale_copy, source)
    assert "de/LC_MESSAGES/ui.po: not translated 'A brand new screen'" in found


def test_the_compiled_catalog_answers_in_german():
    de = i18n.translations("de")
    assert de.gettext("Queue") == "Warteschlange"
    assert de.ngettext("{count} ticket", "{count} tickets", 2) == "{count} Tickets"
