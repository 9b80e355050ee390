"""Bad input and usage mistakes through the installed ``agent-tui``: one line on stderr, a documented exit code
(2 bad input, 3 not found, 4 not allowed now, 5 changed meanwhile, 6 database), never a Python traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).with_name("agent-tui"))


def agent_tui(home: Path, *args: str | bytes, stdin: str | None = None, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess:
    """Run the installed console script, the way a user's shell does."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_TUI_")}
    full.update({"AGENT_TUI_DATA_HOME": str(home / "data"), "AGENT_TUI_CONFIG_HOME": str(home / "config"),
                 "AGENT_TUI_NOW": "2026-03-02T09:00:00Z", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                 "COLUMNS": "200"})
    full.update(env or {})
    return subprocess.run([EXE, *args], capture_output=True, env=full, timeout=120,
                          input=(stdin or "").encode(), check=False)


def one_line_error(p: subprocess.CompletedProcess) -> str:
    err = p.stderr.decode("utf-8", "replace")
    out = p.stdout.decode("utf-8", "replace")
    assert "Traceback" not in err + out, err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].lower().startswith("error"), err
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """An initialised default store with one agent and two tickets (#1001 new, #1002 pending)."""
    home = tmp_path_factory.mktemp("cli-home")
    assert agent_tui(home, "init").returncode == 0
    assert agent_tui(home, "--agent", "alice", "agent", "add", "alice", "--tier", "tier1").returncode == 0
    assert agent_tui(home, "--agent", "bruno", "agent", "add", "bruno", "--tier", "tier2").returncode == 0
    for subject in ("Cannot log in", "Invoice missing"):
        p = agent_tui(home, "--agent", "alice", "ticket", "create", "--subject", subject, "--customer", "c@example.com")
        assert p.returncode == 0, p.stderr
    assert agent_tui(home, "--agent", "alice", "ticket", "assign", "1002").returncode == 0
    p = agent_tui(home, "--agent", "alice", "ticket", "request-info", "1002", "-m", "Which browser?")
    assert p.returncode == 0, p.stderr
    return home


class TestUsageErrors:
    @pytest.mark.parametrize("args", [
        ("tickets", "--bogus"),                      # unknown option
        ("tickets", "list", "--bogus"),
        ("ticket", "show"),                          # missing argument
        ("frobnicate",),                             # unknown command
        ("ticket", "frobnicate", "1"),
        ("tickets", "list", "--limit", "abc"),       # wrong type
        ("tickets", "list", "--limit", "0"),         # out of range
        ("ticket", "show", "abc"),                   # not a ticket number
    ])
    def test_a_usage_mistake_is_one_line_and_exit_2(self, store, args):
        p = agent_tui(store, *args)
        assert p.returncode == 2, (p.returncode, p.stderr)
        line = one_line_error(p)
        assert "click" not in line.lower()

    def test_a_usage_error_names_the_help_to_read(self, store):
        line = one_line_error(agent_tui(store, "tickets", "list", "--bogus"))
        assert "--bogus" in line and "agent-tui tickets list --help" in line


class TestHostileInput:
    @pytest.mark.parametrize(("args", "code"), [
        (("ticket", "show", "99999999999999999999"), 2),
        (("ticket", "show", "9223372036854775808"), 2),
        (("ticket", "reply", "99999999999999999999", "-m", "hi"), 2),
        (("tickets", "list", "--offset", "9223372036854775808"), 2),
        (("tickets", "list", "--limit", "99999999999999999999999"), 2),
        (("ticket", "show", "¹"), 2),
        (("ticket", "show", "١٢"), 2),               # Arabic-Indic digits are digits to Python, not to us
        (("sweep", "--now", "9999-12-31T23:59:59Z"), 2),
        (("report", "sla", "--to", "9999-12-31T23:59:59Z"), 2),
        (("ticket", "show", b"\xed\xa0\x80"), 2),    # a lone surrogate after the shell's decoding
        (("ticket", "survey", "1001", "--score", "99999999999999999999"), 2),
        (("ticket", "reply", "1001", "--expect-version", "99999999999999999999", "-m", "x"), 2),
        (("--agent", "ghost", "ticket", "note", "1001", "-m", "boo"), 3),
    ])
    def test_hostile_arguments_get_one_line_and_a_documented_exit_code(self, store, args, code):
        p = agent_tui(store, *args)
        one_line_error(p)
        assert p.returncode == code, (p.returncode, p.stderr)

    def test_agent_tui_now_out_of_range_is_one_line(self, store):
        p = agent_tui(store, "tickets", "list", env={"AGENT_TUI_NOW": "9999-12-31T23:59:59Z"})
        one_line_error(p)
        assert p.returncode == 2

    def test_a_lone_surrogate_in_a_message_is_stored_as_a_replacement_character(self, store):
        p = agent_tui(store, "--agent", "alice", "ticket", "note", "1001", "-m", b"bad \xed\xa0\x80 byte")
        assert p.returncode == 0, p.stderr
        shown = agent_tui(store, "ticket", "show", "1001", "--json")
        assert shown.returncode == 0, shown.stderr
        bodies = [m["body"] for m in json.loads(shown.stdout)["messages"]]
        assert any("\ufffd" in b and b.startswith("bad ") for b in bodies)

    def test_a_search_with_a_lone_surrogate_is_just_text(self, store):
        p = agent_tui(store, "tickets", "list", "--search", b"\xed\xa0\x80", "--json")
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout) == []

    def test_invalid_utf8_on_standard_input_is_one_line(self, store):
        p = subprocess.run([EXE, "--agent", "alice", "ticket", "note", "1001"], capture_output=True, timeout=120,
                           input=b"caf\xe9 latin-1", check=False,
                           env={**{k: v for k, v in os.environ.items() if not k.startswith("AGENT_TUI_")},
                                "AGENT_TUI_DATA_HOME": str(store / "data"),
                                "AGENT_TUI_CONFIG_HOME": str(store / "config")})
        one_line_error(p)
        assert p.returncode == 2


class TestJsonOutput:
    def test_report_sla_json_on_a_store_with_data(self, store):
        p = agent_tui(store, "report", "sla", "--json", "--from", "2026-02-01", "--to", "2026-03-03")
        assert p.returncode == 0, p.stderr
        rep = json.loads(p.stdout)
        assert rep["total"]["handled"] == 2
        assert rep["weeks"] and isinstance(rep["weeks"][0]["week"], str)
