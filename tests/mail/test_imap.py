"""The IMAP source against a real Dovecot on 127.0.0.1 (tests/mail/dovecot.py)."""

from __future__ import annotations

import ssl

import pytest
from imapclient import IMAPClient

from agent_tui.errors import ConfigError
from agent_tui.mail.settings import ImapSettings, MailSettings
from agent_tui.mail.sources import fetch_once
from agent_tui.services import mail_intake as mi
from agent_tui.services import ticket_queries as tq
from tests.mail.conftest import fixture_bytes, mail


def settings_for(server, **kw) -> MailSettings:
    imap = ImapSettings(host=server.host, port=kw.pop("port", server.port), user=server.user,
                        security=kw.pop("security", "none"), **kw)
    return MailSettings(own_addresses=("support@ourdesk.example",), source="imap", imap=imap)


@pytest.fixture
def box(dovecot):
    """A logged-in client on an empty INBOX (other tests' mail removed)."""
    client = IMAPClient(dovecot.host, port=dovecot.port, ssl=False)
    client.login(dovecot.user, dovecot.password)
    for folder in ("Processed", "INBOX"):
        if client.folder_exists(folder):
            client.select_folder(folder)
            uids = client.search(["ALL"])
            if uids:
                client.delete_messages(uids)
                client.expunge()
    client.select_folder("INBOX")
    yield client
    client.logout()


def tickets(ctx) -> int:
    return tq.count_tickets(ctx, tq.QueueFilter(statuses=()))


class TestImapFetch:
    def test_new_messages_become_tickets_once_and_are_flagged_seen(self, ctx, dovecot, box):
        for n in range(3):
            box.append("INBOX", mail(subject=f"Problem {n}", message_id=f"imap-{n}@b"))
        report = fetch_once(ctx, settings_for(dovecot), password=dovecot.password)
        assert report.count("stored") == 3 and tickets(ctx) == 3
        box.select_folder("INBOX")
        assert sorted(box.search(["SEEN"])) == sorted(box.search(["ALL"]))
        # the next fetch asks only for UIDs above the last one taken
        box.append("INBOX", mail(subject="Problem 3", message_id="imap-3@b"))
        again = fetch_once(ctx, settings_for(dovecot), password=dovecot.password)
        assert [r.status for r in again.results] == ["stored"] and tickets(ctx) == 4

    def test_a_crash_between_store_and_flag_takes_the_mail_once(self, ctx, dovecot, box):
        raw = fixture_bytes("gmail_en_new.eml")
        box.append("INBOX", raw)
        assert mi.intake(ctx, raw, settings_for(dovecot)).status == "stored"  # stored, never flagged
        report = fetch_once(ctx, settings_for(dovecot), password=dovecot.password)
        assert [r.status for r in report.results] == ["duplicate"] and tickets(ctx) == 1
        box.select_folder("INBOX")
        assert box.search(["UNSEEN"]) == []

    def test_a_new_uidvalidity_reads_the_folder_again_without_doubles(self, ctx, dovecot, box):
        box.append("INBOX", mail(message_id="v1@b"))
        fetch_once(ctx, settings_for(dovecot), password=dovecot.password)
        imap = settings_for(dovecot).imap
        mi.imap_record_uid(ctx, imap.account, "INBOX", 12345, 999)  # as if the server had reset its UIDs
        report = fetch_once(ctx, settings_for(dovecot), password=dovecot.password)
        assert [r.status for r in report.results] == ["duplicate"] and tickets(ctx) == 1

    def test_move_after_store(self, ctx, dovecot, box):
        box.append("INBOX", mail(message_id="mv@b"))
        fetch_once(ctx, settings_for(dovecot, after="move", move_to="Processed"), password=dovecot.password)
        box.select_folder("INBOX")
        assert box.search(["ALL"]) == []
        box.select_folder("Processed")
        assert len(box.search(["ALL"])) == 1

    def test_a_poison_mail_is_quarantined_and_the_rest_come_in(self, ctx, dovecot, box):
        box.append("INBOX", fixture_bytes("broken_no_from.eml"))
        box.append("INBOX", mail(message_id="after-poison@b"))
        report = fetch_once(ctx, settings_for(dovecot), password=dovecot.password)
        assert [r.status for r in report.results] == ["quarantined", "stored"]

    def test_a_wrong_password_is_one_clear_error(self, ctx, dovecot, box):
        with pytest.raises(ConfigError, match="refused the login"):
            fetch_once(ctx, settings_for(dovecot), password="wrong")

    @pytest.mark.parametrize("security", ["starttls", "ssl"])
    def test_tls(self, ctx, dovecot, box, security):
        if dovecot.cafile is None:
            pytest.skip("openssl is not installed: no certificate for the TLS tests")
        box.append("INBOX", mail(message_id=f"tls-{security}@b"))
        port = dovecot.ssl_port if security == "ssl" else dovecot.port
        context = ssl.create_default_context(cafile=str(dovecot.cafile))
        report = fetch_once(ctx, settings_for(dovecot, security=security, port=port), password=dovecot.password,
                            ssl_context=context)
        assert report.count("stored") == 1

    def test_tls_refuses_an_unknown_certificate(self, ctx, dovecot, box):
        if dovecot.cafile is None:
            pytest.skip("openssl is not installed: no certificate for the TLS tests")
        with pytest.raises(ConfigError, match="cannot reach"):
            fetch_once(ctx, settings_for(dovecot, security="ssl", port=dovecot.ssl_port), password=dovecot.password)


class TestWatch:
    def test_the_watcher_wakes_on_new_mail_and_stops_when_told(self, ctx, dovecot, box):
        import threading
        import time

        from agent_tui.mail.sources import watch

        lines: list[str] = []
        stop = threading.Event()
        worker = threading.Thread(target=watch, args=(ctx, settings_for(dovecot)),
                                  kwargs=dict(interval=30, stop=stop, status=lines.append,
                                              password=dovecot.password))
        worker.start()
        try:
            deadline = time.monotonic() + 10
            while not lines and time.monotonic() < deadline:
                time.sleep(0.1)
            assert lines and "nothing new" in lines[0]
            time.sleep(0.5)  # the watcher is IDLE now
            box.append("INBOX", mail(message_id="watched@b"))
            deadline = time.monotonic() + 10  # well before the 30 s poll: IDLE woke it
            while tickets(ctx) == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert tickets(ctx) == 1
        finally:
            stop.set()
            worker.join(timeout=10)
        assert not worker.is_alive()
        assert any("1 stored" in line for line in lines)
