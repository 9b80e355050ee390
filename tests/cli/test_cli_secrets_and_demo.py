"""Passwords never shown (messages, ``ps``); the demo store is where the next command looks; a TUI crash fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent_tui import cli
from agent_tui.store.db import mask_url, open_database
from tests.cli.test_cli_errors import EXE, agent_tui, one_line_error

FAKE_KEYRING = '''
from keyring.backend import KeyringBackend


class Ring(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        pass

    def delete_password(self, service, username):
        pass
'''


class TestPasswordsMasked:
    @pytest.mark.parametrize(("text", "secret"), [
        ("postgresql://u:s3cret@db.example:5432/x", "s3cret"),
        ("postgresql+psycopg://u@db.example/x?password=s3cret", "s3cret"),
        ("postgresql+psycopg://u@db.example/x?sslmode=require&password=s3cret&connect_timeout=3", "s3cret"),
        ("postgresql://u@h/x?sslpassword=k3ykey", "k3ykey"),
        ("host=db.example port=5432 password=s3cret dbname=x", "s3cret"),
        ("host=db.example password = 'two w\\'ords' dbname=x", "w\\'ords"),
        ("cannot use the database postgresql://u@h/x?password=s3cret: connection refused", "s3cret"),
        ("PASSWORD=s3cret", "s3cret"),
    ])
    def test_mask_url_hides_every_form_of_password(self, text, secret):
        shown = mask_url(text)
        assert secret not in shown and "***" in shown

    @pytest.mark.parametrize("text", ["postgresql://u@h/x", "sqlite:////tmp/a.db", "bypass=3 passwords: none",
                                      "host=h dbname=x"])
    def test_mask_url_leaves_text_without_a_password_alone(self, text):
        assert mask_url(text) == text

    def test_a_query_password_leaves_the_url_like_an_inline_one(self):
        db = open_database("postgresql+psycopg://u@127.0.0.1:1/x?password=s3cret&sslmode=disable")
        try:
            assert "s3cret" not in db.url_for_display and "s3cret" not in repr(db.engine.url)
            assert "sslmode=disable" in db.url_for_display
        finally:
            db.dispose()

    def test_a_query_password_never_reaches_the_error_line(self, tmp_path):
        p = agent_tui(tmp_path, "--db", "postgresql+psycopg://u@127.0.0.1:1/x?password=s3cret", "tickets", "list")
        assert p.returncode == 6, p.stderr
        err = p.stderr.decode()
        assert "s3cret" not in err + p.stdout.decode()
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and errors[0].startswith("error: cannot use the database"), err

    def test_a_password_in_the_arguments_is_gone_from_ps_while_it_runs(self, tmp_path):
        (tmp_path / "fakering.py").write_text(FAKE_KEYRING, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHON_KEYRING_BACKEND": "fakering.Ring",
               "AGENT_TUI_CONFIG_HOME": str(tmp_path / "config"), "AGENT_TUI_DATA_HOME": str(tmp_path / "data")}
        # 'secrets set' waits for the password on standard input: the process stays up to be looked at.
        proc = subprocess.Popen([EXE, "--db", "postgresql+psycopg://u:s3cret@127.0.0.1:1/x", "secrets", "set"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        try:
            cmdline = Path(f"/proc/{proc.pid}/cmdline")
            deadline = time.monotonic() + 60
            seen = b""
            while time.monotonic() < deadline and proc.poll() is None:
                seen = cmdline.read_bytes()
                if b"***" in seen:
                    break
                time.sleep(0.1)
            assert b"u:***@127.0.0.1" in seen and b"s3cret" not in seen, seen
        finally:
            out, err = proc.communicate(b"pw\n", timeout=60)
        assert proc.returncode == 0, err
        notes = err.decode().strip().splitlines()
        assert len(notes) == 1 and notes[0].startswith("note:") and "secrets set" in notes[0], err


class TestDemoIsTheDefaultUntilInit:
    def test_tickets_after_demo_lists_the_demo_until_init(self, tmp_path):
        built = agent_tui(tmp_path, "demo", "--no-launch")
        assert built.returncode == 0, built.stderr
        said = built.stderr.decode()
        demo_db = tmp_path / "data" / "demo.db"
        assert str(demo_db) in said and "until you run 'agent-tui init'" in said
        listed = agent_tui(tmp_path, "tickets", "list", "--json", "--status", "all", "--limit", "1000")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) >= 200
        me = agent_tui(tmp_path, "ticket", "take", "--json")  # the demo's agent, alice, is who you are
        assert me.returncode == 0, me.stderr
        assert json.loads(me.stdout)["row"]["assignee"] == "alice"

        assert agent_tui(tmp_path, "init").returncode == 0
        assert (tmp_path / "data" / "agent-tui.db").exists()
        own = agent_tui(tmp_path, "tickets", "list", "--json")
        assert own.returncode == 0, own.stderr
        assert json.loads(own.stdout) == []
        assert demo_db.exists()


class TestAppCrash:
    def test_a_crash_in_the_app_exits_non_zero(self, monkeypatch, capsys, tmp_path):
        from textual.app import App

        import agent_tui.app as app_module

        class Crashing(App):
            def __init__(self, ctx) -> None:
                super().__init__()

            def on_mount(self) -> None:
                raise RuntimeError("boom")

            def run(self, **kwargs):  # no terminal under pytest
                return super().run(headless=True, **kwargs)

        monkeypatch.setattr(app_module, "HelpdeskApp", Crashing)
        monkeypatch.setenv("AGENT_TUI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
        monkeypatch.setenv("AGENT_TUI_AGENT", "alice")
        codes = []
        for args in (["init"], ["agent", "add", "alice"], []):
            monkeypatch.setattr(sys, "argv", ["agent-tui", *args])
            cli.state.db_url = cli.state.agent = None
            cli.state._ctx = None
            try:
                cli.main()
                codes.append(0)
            except SystemExit as exc:
                codes.append(int(exc.code or 0))
            finally:
                if cli.state._ctx is not None:
                    cli.state._ctx.db.dispose()
                cli.state._ctx = None
        assert codes[:2] == [0, 0]
        assert codes[2] == 70
        capsys.readouterr()


class TestStoredSurrogates:
    def test_export_and_json_survive_a_surrogate_in_imported_tags(self, tmp_path):
        assert agent_tui(tmp_path, "init").returncode == 0
        assert agent_tui(tmp_path, "--agent", "alice", "agent", "add", "alice").returncode == 0
        rows = [{"external_id": "S-1", "subject": "tags", "customer_email": "t@example.com",
                 "tags": "fine;bro\ud800ken"}]
        path = tmp_path / "t.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
        imported = agent_tui(tmp_path, "--agent", "alice", "import", "tickets", str(path), "--json")
        assert imported.returncode == 0, imported.stderr
        number = json.loads(imported.stdout)["numbers"][0]
        shown = agent_tui(tmp_path, "ticket", "show", str(number), "--json")
        assert shown.returncode == 0, shown.stderr
        assert "bro\ufffdken" in json.loads(shown.stdout)["tags"]
        exported = agent_tui(tmp_path, "export")
        assert exported.returncode == 0, exported.stderr
        assert len(exported.stdout.decode("utf-8").splitlines()) == 1

    def test_json_output_never_fails_on_a_stored_surrogate(self, monkeypatch, capsys):
        # Rows written by older versions or other tools may hold one already.
        cli._json({"tags": ["bro\ud800ken"]})
        out = capsys.readouterr().out
        assert json.loads(out)["tags"] == ["bro\ufffdken"]
        out.encode("utf-8")


def test_usage_errors_need_no_click(tmp_path):
    """The installed Typer vendors click: the error handler must not import it."""
    p = subprocess.run([sys.executable, "-c", "import sys; sys.modules['click'] = None; "
                        "sys.argv = ['agent-tui', 'frobnicate']; from agent_tui.cli import main; main()"],
                       capture_output=True, timeout=120, check=False,
                       env={**os.environ, "AGENT_TUI_DATA_HOME": str(tmp_path)})
    assert p.returncode == 2, p.stderr
    assert "frobnicate" in one_line_error(p)
