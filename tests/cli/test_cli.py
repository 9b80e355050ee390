"""The scriptable interface: one line on stderr and a non-zero exit for every error, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_tui import cli

EXE = str(Path(sys.executable).with_name("agent-tui"))


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    """Run ``agent-tui ARGS`` in-process through ``cli.main`` (the real entry point), on a fresh SQLite file."""
    monkeypatch.setenv("AGENT_TUI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("AGENT_TUI_AGENT", "alice")
    monkeypatch.setenv("AGENT_TUI_NOW", "2026-03-02T09:00:00Z")

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(sys, "argv", ["agent-tui", *args])
        cli.state.db_url = cli.state.agent = None
        cli.state._ctx = None
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        finally:
            if cli.state._ctx is not None:
                cli.state._ctx.db.dispose()
            cli.state._ctx = None
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def ready(run):
    assert run("init").code == 0
    assert run("agent", "add", "alice", "--tier", "tier1").code == 0
    return run


def one_error_line(r: Result) -> str:
    assert r.code != 0
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("error:"), r.err
    assert "Traceback" not in r.err + r.out
    return lines[0]


class TestSetUp:
    def test_init_creates_the_database_and_a_second_init_changes_nothing(self, run):
        first = run("init")
        assert first.code == 0 and "created" in first.out and "3 policies" not in first.out
        again = run("init")
        assert again.code == 0 and "already current" in again.out and "0 policies, 0 rules" in again.out

    def test_a_command_before_init_says_to_run_init(self, run):
        assert "run 'agent-tui init'" in one_error_line(run("tickets", "list"))

    def test_agent_add_and_list(self, ready):
        assert ready("agent", "add", "bruno", "--tier", "t2").out.strip() == "agent bruno: tier2"
        names = {a["name"]: a["tier"] for a in ready("agent", "list", "--json").json()}
        assert names == {"alice": "tier1", "bruno": "tier2"}


class TestAgentEmail:
    def test_an_agent_gets_an_address_for_sla_warning_mail_and_a_bad_one_is_refused(self, ready):
        r = ready("agent", "add", "alice", "--tier", "tier1", "--email", "Alice@Desk.example")
        assert r.code == 0 and "<alice@desk.example>" in r.out
        bad = ready("agent", "add", "alice", "--email", "not an address")
        assert bad.code != 0 and "is not an e-mail address" in one_error_line(bad)
        assert "<alice@desk.example>" in ready("agent", "list").out  # the refused change lost nothing
        assert "<" not in ready("agent", "add", "alice", "--email", "").out


class TestKbBaseUrl:
    def test_set_show_refuse_and_clear(self, ready):
        assert "no KB base address" in ready("kb", "base-url").out
        r = ready("kb", "base-url", "https://help.example.com/articles/{slug}.html")
        assert r.code == 0 and "e.g. https://help.example.com/articles/reset-password.html" in r.out
        bad = ready("kb", "base-url", "help.example.com")
        assert bad.code != 0 and "not a web address" in one_error_line(bad)
        assert ready("kb", "base-url").out.strip() == "https://help.example.com/articles/{slug}.html"
        assert "removed" in ready("kb", "base-url", "--clear").out


class TestKbReranker:
    """``kb reranker``: set a local model2vec model, show it, turn it off; hub names and missing directories are
    refused with nothing stored (the model is built by tests/tiny_reranker.py)."""

    def test_set_show_search_and_off(self, ready, tmp_path):
        pytest.importorskip("model2vec")
        from tests.tiny_reranker import build_model

        model = build_model(tmp_path / "model")
        assert "no semantic re-ranker" in ready("kb", "reranker").out
        r = ready("kb", "reranker", str(model))
        assert r.code == 0 and f"semantic re-ranking with the model in {model.resolve()}" in r.out
        assert ready("kb", "reranker").out.strip() == str(model.resolve())
        assert ready("kb", "search", "cash returned", "--json").json()["semantic"] is True
        assert "re-ranking off" in ready("kb", "reranker", "--off").out
        assert "no semantic re-ranker" in ready("kb", "reranker").out
        assert ready("kb", "search", "cash returned", "--json").json()["semantic"] is False

    def test_hub_names_files_and_missing_directories_are_refused(self, ready, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / "empty").mkdir()
        for name, says in (("minishlab/potion-base-8M", "never downloads"), (str(tmp_path / "gone"), "not a directory"),
                           (str(tmp_path / "empty"), "holds no model2vec model")):
            bad = ready("kb", "reranker", name)
            assert bad.code == 2 and says in one_error_line(bad), bad.err
        assert "no semantic re-ranker" in ready("kb", "reranker").out

    def test_a_model_gone_since_it_was_set_is_one_note_and_a_lexical_search(self, ready, tmp_path):
        pytest.importorskip("model2vec")
        import shutil

        from tests.tiny_reranker import build_model

        model = build_model(tmp_path / "model")
        assert ready("kb", "reranker", str(model)).code == 0
        shutil.rmtree(model)
        r = ready("kb", "search", "password")
        assert r.code == 0 and r.err.count("semantic re-ranking is off, search is lexical") == 1, r.err


class TestSurveyReport:
    def test_report_sla_prints_the_survey_summary_and_low_scores_as_data(self, ready):
        assert ready("policy", "use", "tap-inspect").code == 0
        ready("ticket", "create", "--subject", "Tap reader shows no data", "--customer", "a@example.com")
        ready("ticket", "assign", "1001")
        assert ready("ticket", "solve", "1001", "--outcome", "fixed", "--resolution", "Reset").code == 0
        assert ready("ticket", "survey", "1001", "--score", "1", "--comment", "[bold red]slow[/] \x1b[31mreally").code == 0
        r = ready("report", "sla", "--to", "2026-03-03T00:00:00Z")
        assert r.code == 0, r.err
        assert "surveys (how easy we made it, 1–7): 1 answered of 1 asked (100.0 %)" in r.out
        assert "#1001 scored 1: [bold red]slow[/]" in r.out and "\x1b" not in r.out
        data = ready("report", "sla", "--to", "2026-03-03T00:00:00Z", "--json").json()
        assert data["surveys"]["answered"] == 1 and data["surveys"]["scores"]["1"] == 1


class TestTickets:
    def test_create_show_and_json(self, ready):
        r = ready("ticket", "create", "--subject", "Export shows wrong totals", "--customer", "jana@example.com",
                  "--body", "The [bold]PDF[/] export is wrong")
        assert r.code == 0 and r.out.startswith("#1001: created, moderate")
        shown = ready("ticket", "show", "1001")
        assert "#1001 Export shows wrong totals" in shown.out and "[bold]PDF[/]" in shown.out
        data = ready("ticket", "show", "#1001", "--json").json()
        assert data["row"]["number"] == 1001 and data["row"]["status"] == "new"
        assert data["row"]["created_at"].startswith("2026-03-02T09:00:00")  # AGENT_TUI_NOW pins the clock

    def test_show_says_what_the_agent_may_do_now(self, ready):
        ready("agent", "add", "bruno", "--tier", "tier2")
        ready("ticket", "create", "--subject", "Export shows wrong totals", "--customer", "jana@example.com")
        mine = ready("ticket", "show", "1001").out
        assert "you may now (alice): assign, reply, note," in mine
        ready("ticket", "assign", "1001")
        assert ready("ticket", "checklist", "1001", "customer_number=C-1", "domain=example.com",
                     "contact=jana@example.com", "error_message=E", "reproduction_steps=S", "environment=Win",
                     "end_customer_contact=yes").code == 0
        assert ready("ticket", "escalate", "1001", "--to", "tier2", "--criterion", "potential_bug", "--findings", "f",
              "--steps", "s", "--workaround", "w", "--logs", "l").code == 0
        after = ready("ticket", "show", "1001").out  # now with Tier 2: alice (Tier 1) may only note
        line = next(x for x in after.splitlines() if x.startswith("you may now"))
        assert "reply" not in line and "note" in line

    def test_agent_tui_now_pins_the_clock_for_every_command(self, ready):
        ready("ticket", "create", "--subject", "Hi", "--customer", "a@example.com",
              env={"AGENT_TUI_NOW": "2026-07-01T12:30:00+02:00"})
        data = ready("ticket", "show", "1001", "--json").json()
        assert data["row"]["created_at"].startswith("2026-07-01T10:30:00")

    def test_a_forbidden_transition_is_one_line_and_exit_4(self, ready):
        ready("ticket", "create", "--subject", "Hi", "--customer", "a@example.com")
        r = ready("ticket", "solve", "1001", "--outcome", "fixed")
        line = one_error_line(r)
        assert r.code == 4 and "Cannot solve ticket #1001: it is new" in line

    def test_an_unknown_ticket_exits_3(self, ready):
        r = ready("ticket", "show", "4242")
        assert r.code == 3 and one_error_line(r) == "error: no ticket #4242"

    def test_a_stale_version_exits_5(self, ready):
        ready("ticket", "create", "--subject", "Hi", "--customer", "a@example.com")
        ready("ticket", "assign", "1001")
        r = ready("ticket", "note", "1001", "-m", "x", "--expect-version", "1")
        assert r.code == 5 and "changed after you opened it" in one_error_line(r)

    def test_a_whole_story_from_the_shell_with_the_sweep(self, ready):
        ready("ticket", "create", "--subject", "Which browser?", "--customer", "a@example.com")
        assert ready("ticket", "take").code == 0
        r = ready("ticket", "request-info", "1001", "-m", "Which browser do you use?")
        assert r.code == 0 and "pending" in r.out
        assert "nothing due" in ready("sweep", "--now", "2026-03-05T08:59:00Z").out
        swept = ready("sweep", "--now", "2026-03-05T09:00:00Z", "--json").json()
        assert swept["fired"] == {"pending_autosolve": 1} and swept["tickets"] == [1001]
        assert "nothing due" in ready("sweep", "--now", "2026-03-05T09:00:00Z").out
        data = ready("ticket", "show", "1001", "--json").json()
        assert (data["row"]["status"], data["outcome"]) == ("solved", "no_customer_response")

    def test_a_bad_sweep_instant_is_refused(self, ready):
        r = ready("sweep", "--now", "tomorrow")
        assert r.code == 2 and "ISO 8601" in one_error_line(r)


class TestImports:
    def test_a_bad_file_imports_nothing(self, ready, tmp_path):
        bad = tmp_path / "t.csv"
        bad.write_text("subject,customer_email\nok,a@example.com\nbroken\n", encoding="utf-8")
        r = ready("import", "tickets", str(bad))
        assert r.code == 2 and "line 3: fewer fields" in one_error_line(r)
        assert ready("tickets", "list", "--status", "all", "--json").json() == []

    def test_a_good_file_imports_once(self, ready, tmp_path):
        good = tmp_path / "t.json"
        good.write_text(json.dumps([{"id": "X-1", "subject": "Sync stuck", "email": "a@example.com"}]))
        assert ready("import", "tickets", str(good)).out.strip() == "imported 1 tickets, skipped 0 already imported"
        again = ready("import", "tickets", str(good), "--json").json()
        assert (again["created"], again["skipped"], again["numbers"], again["dry_run"]) == (0, 1, [], False)

    def test_kb_import_and_search_json_with_hostile_text(self, ready, tmp_path):
        (tmp_path / "kb").mkdir()
        (tmp_path / "kb" / "invoice.md").write_text("---\ntitle: Download an invoice\ntags: [billing]\n---\n"
                                                    "Open *Billing* and click Download.\n", encoding="utf-8")
        assert ready("import", "kb", str(tmp_path / "kb")).code == 0
        hits = ready("kb", "search", "invoice", "--json").json()["hits"]
        assert hits[0]["slug"] == "invoice" and hits[0]["title"] == "Download an invoice"
        for query in ['"', "AND (", "c++ NEAR(", "'; DROP TABLE tickets; --", "*", ""]:
            r = ready("kb", "search", query, "--json")
            assert r.code == 0 and "error" not in r.err, query
            assert isinstance(r.json()["hits"], list)


def _subprocess(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full = {**os.environ, **env}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=full, timeout=60, stdin=subprocess.DEVNULL)


class TestRealProcess:
    def test_a_postgres_url_with_a_password_that_is_down_never_shows_the_password(self):
        p = _subprocess("--db", "postgresql+psycopg://u:s3cret@127.0.0.1:1/x", "tickets", "list",
                        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        assert p.returncode == 6, p.stderr
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: cannot use the database"), p.stderr
        assert "s3cret" not in p.stderr + p.stdout and "Traceback" not in p.stderr
        assert "postgresql+psycopg://u@127.0.0.1:1/x" in lines[0]

    def test_secrets_set_without_a_keyring_says_so_in_one_line(self):
        p = _subprocess("--db", "postgresql+psycopg://u@127.0.0.1:1/x", "secrets", "set",
                        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        assert p.returncode != 0
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and "no keyring backend" in lines[0], p.stderr
        assert "AGENT_TUI_DB_PASSWORD" in lines[0]


class TestOneGroupPerCall:
    """A call builds only the command group it names (Typer builds every registered command per call)."""

    def test_a_group_command_gets_the_app_with_that_group_alone(self):
        assert [g.name for g in cli._app_for(["kb", "search", "x"]).registered_groups] == ["kb"]
        assert [g.name for g in cli._app_for(["--db", "sqlite:///x.db", "--agent", "bo", "tickets", "list"])
                .registered_groups] == ["tickets"]
        assert cli.app.registered_groups != cli._app_for(["kb"]).registered_groups  # the shared app is untouched

    def test_help_root_commands_and_typos_get_the_whole_app(self):
        for args in ([], ["--help"], ["init"], ["serch"], ["--db=sqlite:///x.db", "kb"]):
            assert cli._app_for(args) is cli.app

    def test_the_help_still_lists_every_group_and_a_group_command_runs(self, ready):
        names = {g.name for g in cli.app.registered_groups}
        shown = ready("--help").out
        assert all(name in shown for name in names)
        assert ready("kb", "search", "password", "--json").code == 0
        typo = ready("kb", "serch", "x")
        assert typo.code == 2 and "search" in typo.err
