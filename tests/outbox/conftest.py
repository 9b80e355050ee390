from __future__ import annotations

import pytest

from agent_tui.mail.settings import MailSettings, SmtpSettings
from tests.outbox.smtpd import SmtpServer

DESK = "support@ourdesk.example"


@pytest.fixture
def smtpd():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp_settings(smtpd) -> MailSettings:
    return MailSettings(own_addresses=(DESK,), address=DESK, desk_name="Brightlane Support",
                        smtp=SmtpSettings(host="127.0.0.1", port=smtpd.port, security="none", timeout=5))
