"""The CLI speaks the agent's language: ``AGENT_TUI_LANG``, else ``language`` in config.toml, else the locale.

Real ``agent-tui`` processes on a store built in a temporary folder: command help, a ticket that does not
exist (exit 3), a forbidden transition's reason (exit 4), in German, Portuguese (Portugal) and Dutch, and
English unchanged without any of them. Then the catalogs: every message the CLI and the error raise sites
mark is translated in cli.po / core.po of every language, and no raise site or CLI print passes English
text past the catalog.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_tui import i18n
from agent_tui.i18n_tools import TRANSLATED, extract, problems

EXE = str(Path(sys.executable).with_name("agent-tui"))
PACKAGE = Path(i18n.__file__).parent
LOCALE_VARS = (i18n.LANGUAGE_ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``agent-tui ARGS`` as a shell runs it, with no language chosen unless ``env`` chooses one."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_TUI_") and k not in LOCALE_VARS}
    full.update({"AGENT_TUI_DATA_HOME": str(home / "data"), "AGENT_TUI_CONFIG_HOME": str(home / "config"),
                 "AGENT_TUI_NOW": "2026-03-02T09:00:00Z", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                 "COLUMNS": "250"})
    full.update(env or {})
    return subprocess.run([EXE, *args], capture_output=True, env=full, timeout=120, check=False)


def error_line(p: subprocess.CompletedProcess) -> str:
    err = p.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def help_text(p: subprocess.CompletedProcess) -> str:
    assert p.returncode == 0, p.stderr.decode("utf-8")
    return " ".join(p.stdout.decode("utf-8").split())  # help is wrapped to the terminal: compare words


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised default store with the agent alice and ticket #1001 (new, unassigned)."""
    home = tmp_path_factory.mktemp("i18n-cli")
    assert run(home, "init").returncode == 0
    assert run(home, "--agent", "alice", "agent", "add", "alice", "--tier", "tier1").returncode == 0
    p = run(home, "--agent", "alice", "ticket", "create", "--subject", "Cannot log in", "--customer", "c@example.com")
    assert p.returncode == 0, p.stderr
    return home


def unknown_ticket(home: Path, **env: str) -> str:
    p = run(home, "--agent", "alice", "ticket", "show", "9999", env=env)
    assert p.returncode == 3
    return error_line(p)


def forbidden_solve(home: Path, **env: str) -> str:
    p = run(home, "--agent", "alice", "ticket", "solve", "1001", "--outcome", "fixed", env=env)
    assert p.returncode == 4
    return error_line(p)


class TestEnglishStaysTheDefault:
    def test_help(self, store: Path):
        text = help_text(run(store, "ticket", "solve", "--help"))
        assert "Ticket number, e.g. 1042 or #1042." in text
        assert "Refuse if the ticket's version differs." in text
        assert "List tickets." in help_text(run(store, "--help"))

    def test_errors(self, store: Path):
        assert unknown_ticket(store) == "error: no ticket #9999"
        assert forbidden_solve(store) == ("error: Cannot solve ticket #1001: it is new (allowed when open, pending, "
                                          "on hold). Assign it first.")

    def test_an_unshipped_language_is_english(self, store: Path):
        assert unknown_ticket(store, AGENT_TUI_LANG="fr", LANG="fr_FR.UTF-8") == "error: no ticket #9999"


class TestGermanFromAgentTuiLang:
    ENV = {"AGENT_TUI_LANG": "de"}

    def test_command_help(self, store: Path):
        text = help_text(run(store, "ticket", "solve", "--help", env=self.ENV))
        assert "Ticketnummer, z. B. 1042 oder #1042." in text
        assert "Ablehnen, wenn die Version des Tickets abweicht." in text
        assert "third_party oder duplicate" in text  # option values stay as typed, the words around them do not
        root = help_text(run(store, "--help", env=self.ENV))
        assert "Tickets auflisten." in root and "Wer Sie sind (Agentenname). Umgebung: AGENT_TUI_AGENT." in root
        assert "List tickets." not in root

    def test_unknown_ticket(self, store: Path):
        assert unknown_ticket(store, **self.ENV) == "Fehler: kein Ticket #9999"

    def test_forbidden_transition_and_its_reason(self, store: Path):
        line = forbidden_solve(store, **self.ENV)
        assert line.startswith("Fehler: „lösen“ ist bei Ticket #1001 nicht möglich: Es ist ")
        assert line.endswith(" Zuerst zuweisen.")

    def test_messages_and_usage_errors(self, store: Path):
        p = run(store, "--agent", "alice", "tickets", "list", env=self.ENV)
        assert p.returncode == 0
        assert "Betreff" in p.stdout.decode("utf-8") and "Kunde" in p.stdout.decode("utf-8")
        p = run(store, "--agent", "alice", "ticket", "checklist", "1001", "domain", env=self.ENV)
        assert p.returncode == 2
        assert error_line(p) == "Fehler: key=value erwartet, erhalten: 'domain'"
        p = run(store, "tickets", "list", "--bogus", env=self.ENV)
        assert p.returncode == 2
        assert error_line(p).startswith("Fehler: ") and "(siehe 'agent-tui tickets list --help')" in error_line(p)

    def test_the_variable_wins_over_the_config_file_and_the_locale(self, store: Path, tmp_path: Path):
        home = _with_config(store, tmp_path, 'language = "nl"\n')
        assert unknown_ticket(home, AGENT_TUI_LANG="de", LANG="pt_PT.UTF-8") == "Fehler: kein Ticket #9999"


class TestPortugueseFromTheLocale:
    ENV = {"LANG": "pt_PT.UTF-8"}

    def test_command_help(self, store: Path):
        text = help_text(run(store, "ticket", "solve", "--help", env=self.ENV))
        assert "Número do ticket, p. ex. 1042 ou #1042." in text
        assert "Recusar se a versão do ticket for diferente." in text

    def test_unknown_ticket(self, store: Path):
        assert unknown_ticket(store, **self.ENV) == "erro: não existe o ticket #9999"

    def test_forbidden_transition_and_its_reason(self, store: Path):
        line = forbidden_solve(store, **self.ENV)
        assert line.startswith("erro: Ação «resolver» não permitida (ticket #1001): está ")
        assert line.endswith(" Atribua-o primeiro.")

    def test_lc_all_outranks_lang(self, store: Path):
        assert unknown_ticket(store, LC_ALL="de_DE.UTF-8", LANG="pt_PT.UTF-8") == "Fehler: kein Ticket #9999"


def _with_config(store: Path, tmp_path: Path, toml: str) -> Path:
    """A home sharing ``store``'s database, with its own config.toml."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "data").symlink_to(store / "data", target_is_directory=True)
    (home / "config" / "config.toml").write_text(toml, encoding="utf-8")
    return home


class TestDutchFromConfigToml:
    @pytest.fixture
    def home(self, store: Path, tmp_path: Path) -> Path:
        return _with_config(store, tmp_path, 'language = "nl"\n')

    def test_command_help(self, home: Path):
        text = help_text(run(home, "ticket", "solve", "--help"))
        assert "Ticketnummer, bijv. 1042 of #1042." in text
        assert "Weigeren als de versie van het ticket afwijkt." in text

    def test_unknown_ticket(self, home: Path):
        assert unknown_ticket(home) == "fout: geen ticket #9999"

    def test_forbidden_transition_and_its_reason(self, home: Path):
        line = forbidden_solve(home)
        assert line.startswith("fout: Actie ‘oplossen’ niet mogelijk voor ticket #1001: het is ")
        assert line.endswith(" Wijs het eerst toe.")

    def test_the_config_file_outranks_the_locale(self, home: Path):
        assert unknown_ticket(home, LANG="de_DE.UTF-8") == "fout: geen ticket #9999"

    def test_a_broken_config_file_is_reported_in_english(self, store: Path, tmp_path: Path):
        home = _with_config(store, tmp_path, 'language = "nl"\nagent = [\n')
        p = run(home, "--agent", "alice", "ticket", "show", "9999")
        assert p.returncode == 2
        assert error_line(p).startswith("error: ")


# ---------------------------------------------------------------------------- the catalogs

CLI_AND_CORE = ("cli.po", "core.po")


def test_every_cli_and_error_message_is_translated_in_every_language():
    """``i18n_tools check`` for the cli and core areas, and the compiled .mo files (ui.po is the screens')."""
    ours = [p for p in problems() if p.split(": ", 1)[0].endswith(CLI_AND_CORE) or ".mo:" in p]
    assert ours == []


def test_the_areas_hold_the_cli_and_the_error_messages():
    templates = extract()
    cli = {m.id for m in templates["cli"] if m.id}
    core = {m.id for m in templates["core"] if m.id}
    assert {"Machine output.", "Ticket number, e.g. 1042 or #1042.", "error: {message}"} <= cli
    assert {"no ticket #{number}", "Cannot {action} {ticket}: {why}", "Not found"} <= core
    assert len(cli) > 200 and len(core) > 200
    assert set(TRANSLATED) == {"de", "pt", "nl"}


# Sources whose visible strings go through the catalog: the CLI, and where errors are raised (mail/parse.py's
# reasons are stored with a quarantined mail: data, kept as written).
SCANNED = [PACKAGE / "cli", PACKAGE / "mail" / "cli.py", PACKAGE / "mail" / "outbox_cli.py", PACKAGE / "mail" / "settings.py",
           PACKAGE / "mail" / "sources.py", PACKAGE / "mail" / "secrets.py", PACKAGE / "mail" / "templates.py",
           PACKAGE / "services", PACKAGE / "domain", PACKAGE / "store", PACKAGE / "config.py", PACKAGE / "errors.py"]
# Raised for programmers, never shown as a message to an agent.
INTERNAL_EXCEPTIONS = {"AssertionError", "TypeError", "KeyError", "RuntimeError", "NotImplementedError"}
INTERNAL_SITES = {("store/types.py", "naive datetime refused: {value}")}  # a programming error's guard
PRINTERS = {"print", "_warn", "Text", "getpass"}


def _files() -> list[Path]:
    out: list[Path] = []
    for path in SCANNED:
        out += sorted(p for p in path.rglob("*.py") if "migrations" not in p.parts) if path.is_dir() else [path]
    return out


def _english(node: ast.expr) -> str | None:
    """The literal text of a string or f-string that holds words (not just ``{a}: {b}``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                       for v in node.values)
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if not any(word.isalpha() and len(word) > 1 for word in literal.replace("agent-tui", "").split()):
            return None
    else:
        return None
    return text if any(c.isalpha() for c in text) else None


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def untranslated_sites() -> list[str]:
    found = []
    for path in _files():
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = None
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc if _name(node.exc.func) not in INTERNAL_EXCEPTIONS else None
            elif isinstance(node, ast.Call) and _name(node.func) in PRINTERS and (
                    rel.startswith("cli/") or rel in ("mail/cli.py", "mail/outbox_cli.py")):
                call = node
            elif isinstance(node, ast.Call) and _name(node.func) == "append" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "problems":
                call = node  # the problems an import or a config file lists, one line each
            if call is None or not call.args:
                continue
            text = _english(call.args[0])
            if text is not None and (rel, text) not in INTERNAL_SITES:
                found.append(f"{rel}:{call.lineno}: {text!r}")
    return found


def test_no_raise_site_or_cli_print_passes_english_past_the_catalog():
    assert untranslated_sites() == []


def test_the_scan_finds_an_untranslated_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "cli").mkdir()
    (tmp_path / "services").mkdir()
    body = ('def f(n):\n    raise NotFound(f"Ticket #{n} not found")\n\n'
            'def g(n):\n    out.print(_("fine"))\n    err.print("aborted")\n    out.print(f"{n}: {n}")\n'
            '    problems.append(f"line {n}: bad")\n')
    for folder in ("cli", "services"):
        (tmp_path / folder / "x.py").write_text(body, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "SCANNED", [tmp_path / "cli", tmp_path / "services"])
    assert untranslated_sites() == ["cli/x.py:2: 'Ticket #{n} not found'", "cli/x.py:6: 'aborted'",
                                    "cli/x.py:8: 'line {n}: bad'", "services/x.py:2: 'Ticket #{n} not found'",
                                    "services/x.py:8: 'line {n}: bad'"]  # prints count in the CLI only
