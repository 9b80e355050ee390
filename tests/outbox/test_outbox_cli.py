"""``agent-tui outbox`` and ``agent-tui templates`` through the real entry point, with a real SMTP server."""

from __future__ import annotations

from email import message_from_bytes, policy

from tests.cli.test_cli import one_error_line, ready, run  # noqa: F401 - fixtures
from tests.outbox.smtpd import SmtpServer


def config(tmp_path, monkeypatch, body: str) -> None:
    home = tmp_path / "cfg"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(body)
    monkeypatch.setenv("AGENT_TUI_CONFIG_HOME", str(home))


def test_a_reply_with_a_file_goes_out_with_flush_and_shows_in_list_and_show(ready, tmp_path, monkeypatch):
    with SmtpServer() as server:
        config(tmp_path, monkeypatch, f'[mail]\naddress = "help@desk.example"\ndesk_name = "Desk"\n'
                                      f'[mail.smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n')
        assert ready("ticket", "create", "--subject", "Export broken", "--customer", "jana@example.com").code == 0
        assert ready("ticket", "assign", "1001").code == 0
        log = tmp_path / "export.log"
        log.write_text("line 1\nline 2\n")
        r = ready("ticket", "reply", "1001", "-m", "Log attached; ${signature} stays as typed.", "--attach", str(log))
        assert r.code == 0 and "queued" in r.out and "1 file" in r.out
        listed = ready("outbox", "list")
        assert "queued" in listed.out and "#1001" in listed.out
        flushed = ready("outbox", "flush")
        assert flushed.code == 0 and flushed.out.startswith("1 sent"), flushed.out + flushed.err
        [got] = server.received
        msg = message_from_bytes(got.data, policy=policy.default)
        assert msg["Subject"] == "[#1001] Re: Export broken" and "help@desk.example" in msg["From"]
        [part] = list(msg.iter_attachments())
        assert part.get_filename() == "export.log" and part.get_payload(decode=True) == b"line 1\nline 2\n"
        assert "${signature} stays as typed." in msg.get_body(("plain",)).get_content()
        assert "sent" in ready("outbox", "list", "--state", "sent").out
        shown = ready("outbox", "show", "1")
        assert "Subject: [#1001] Re: Export broken" in shown.out and "attached: export.log" in shown.out
        raw = ready("outbox", "show", "1", "--raw")
        assert "Message-ID: <" in raw.out


def test_a_failed_mail_is_listed_with_the_reason_and_retried(ready, tmp_path, monkeypatch):
    with SmtpServer() as server:
        config(tmp_path, monkeypatch, f'[mail]\naddress = "help@desk.example"\n'
                                      f'[mail.smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n')
        ready("ticket", "create", "--subject", "Export broken", "--customer", "gone@example.com")
        ready("ticket", "assign", "1001")
        ready("ticket", "reply", "1001", "-m", "hello")
        server.recorder.reply_for["gone@example.com"] = "550 5.1.1 user unknown"
        r = ready("outbox", "flush")
        assert r.code == 1 and "0 sent" in r.out and "550 5.1.1 user unknown" in r.err
        assert "550 5.1.1 user unknown" in ready("outbox", "list", "--state", "failed").out
        del server.recorder.reply_for["gone@example.com"]
        assert "queued again" in ready("outbox", "retry", "--failed").out
        assert ready("outbox", "flush").out.startswith("1 sent")
        assert len(server.received) == 1


def test_without_smtp_flush_writes_the_file_sink(ready, tmp_path, monkeypatch):
    config(tmp_path, monkeypatch, f'[mail]\nsink = "{tmp_path / "sink"}"\n')
    ready("ticket", "create", "--subject", "Export broken", "--customer", "jana@example.com")
    ready("ticket", "assign", "1001")
    ready("ticket", "reply", "1001", "-m", "hello")
    r = ready("outbox", "flush")
    assert r.code == 0 and f"via file:{tmp_path / 'sink'}" in r.out
    assert len(list((tmp_path / "sink").glob("*.eml"))) == 1


def test_bad_input_is_one_clear_line(ready):
    assert "unknown state" in one_error_line(ready("outbox", "list", "--state", "lost"))
    assert "no mail 99" in one_error_line(ready("outbox", "show", "99"))
    assert "--failed" in one_error_line(ready("outbox", "retry"))
    assert "cannot attach" in one_error_line(ready("ticket", "reply", "1001", "-m", "x", "--attach", "/nonexistent"))


def test_templates_check_passes_on_the_shipped_set_and_lists_a_teams_gap(run, tmp_path, monkeypatch):
    r = run("templates", "check")
    assert r.code == 0 and "every language has every template" in r.out
    home = tmp_path / "cfg"
    (home / "templates").mkdir(parents=True)
    (home / "templates" / "fr.toml").write_text('language = "fr"\n[reply]\nsubject = "Re: ${subject}"\n'
                                                'body = "${body} ${nonsense}"\n')
    monkeypatch.setenv("AGENT_TUI_CONFIG_HOME", str(home))
    from agent_tui.mail import templates

    templates.reload()
    try:
        r = run("templates", "check")
        assert r.code == 1
        assert "fr: reply.body: unknown name(s) ${nonsense}" in r.out
        assert "fr: reminder: missing: sent in English" in r.out
        shown = run("templates", "show", "reminder", "--language", "de")
        assert shown.code == 0 and "Erinnerung" in shown.out and "in 7 Tagen" in shown.out
    finally:
        templates.reload()


def test_a_mail_to_an_address_that_cannot_be_a_header_is_failed_and_shown_without_a_traceback(ready, tmp_path,
                                                                                               monkeypatch):
    """The address check (a newline in a customer's address) fails that mail with its reason; showing
    it says so in one line instead of crashing (the outbox screen shows the same error)."""
    config(tmp_path, monkeypatch, f'[mail]\naddress = "help@desk.example"\nsink = "{tmp_path / "sink"}"\n')
    ready("ticket", "create", "--subject", "Export broken", "--customer", "eve@example.com\nBcc: victim@example.com")
    ready("ticket", "assign", "1001")
    ready("ticket", "reply", "1001", "-m", "hello")
    r = ready("outbox", "flush")
    assert r.code == 1 and "cannot be used in a mail header" in r.err
    assert "cannot be used in a mail header" in one_error_line(ready("outbox", "show", "1"))
    assert not list((tmp_path / "sink").glob("*.eml"))


def test_ticket_show_says_how_each_mail_went(ready, tmp_path, monkeypatch):
    config(tmp_path, monkeypatch, f'[mail]\nsink = "{tmp_path / "sink"}"\n')
    ready("ticket", "create", "--subject", "Export broken", "--customer", "jana@example.com")
    ready("ticket", "assign", "1001")
    ready("ticket", "reply", "1001", "-m", "hello")
    assert "mail 1 to jana@example.com: queued" in ready("ticket", "show", "1001").out
    ready("outbox", "flush")
    assert "mail 1 to jana@example.com: file sink" in ready("ticket", "show", "1001").out


def test_mail_password_smtp_reads_standard_input_and_says_what_it_needs(run, tmp_path, monkeypatch):
    import io
    import sys

    assert "no [mail.smtp] table with a user" in one_error_line(run("mail", "password", "--smtp"))
    config(tmp_path, monkeypatch, '[mail.smtp]\nhost = "smtp.example.com"\nuser = "desk"\n')
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert "empty password; nothing stored" in one_error_line(run("mail", "password", "--smtp"))
    stored = {}
    monkeypatch.setattr("agent_tui.mail.send.store_smtp_password", lambda smtp, pw: stored.update({smtp.account: pw}))
    monkeypatch.setattr(sys, "stdin", io.StringIO("s3cret\n"))
    r = run("mail", "password", "--smtp")
    assert r.code == 0 and "password stored in the keyring" in r.out
    assert stored == {"smtp:desk@smtp.example.com:587": "s3cret"}
