from __future__ import annotations

from pathlib import Path

import pytest

from agent_tui.mail.settings import MailSettings

FIXTURES = Path(__file__).with_name("fixtures")
OURS = MailSettings(own_addresses=("support@ourdesk.example",))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def mail(subject="PDF export shows wrong totals", body="The totals are wrong.", sender="jana@brightlane.example",
         message_id="m1@brightlane.example", headers="") -> bytes:
    mid = f"Message-ID: <{message_id}>\r\n" if message_id else ""
    return (f"From: Jana Novak <{sender}>\r\nTo: support@ourdesk.example\r\nSubject: {subject}\r\n{mid}"
            f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n{headers}MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


@pytest.fixture
def settings() -> MailSettings:
    return OURS


@pytest.fixture(scope="module")
def dovecot():
    from tests.mail import dovecot as dv

    try:
        server, proc, root = dv.start()
    except FileNotFoundError:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd); the IMAP tests need a real server")
    yield server
    dv.stop(proc, root)
