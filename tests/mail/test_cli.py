"""``agent-tui mail import|fetch|quarantine``: through the real entry point, on a fresh SQLite file."""

from __future__ import annotations

import json
import mailbox

import pytest

from tests.cli.test_cli import Result, run  # noqa: F401 - the fixture
from tests.mail.conftest import FIXTURES, mail


@pytest.fixture
def ready(run):  # noqa: F811
    assert run("init").code == 0
    return run


def write_config(text: str) -> None:
    from agent_tui.locations import config_file

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class TestMailImport:
    def test_import_a_folder_prints_one_line_per_mail_and_a_summary(self, ready):
        r = ready("mail", "import", str(FIXTURES))
        assert r.code == 0, r.err
        assert "quarantined" in r.out and "created" in r.out
        assert r.out.strip().splitlines()[-1].startswith(f"{len(list(FIXTURES.glob('*.eml')))} mail(s): ")
        again = ready("mail", "import", str(FIXTURES), "--json")
        statuses = {x["status"] for x in json.loads(again.out)}
        assert statuses == {"duplicate", "quarantined"}  # the broken one is still (once) in quarantine

    def test_a_missing_file_is_one_line_and_non_zero(self, ready):
        r = ready("mail", "import", "/nonexistent.eml")
        assert r.code != 0 and r.err.startswith("error: ") and "no such file" in r.err

    def test_quarantine_list_show_retry(self, ready):
        ready("mail", "import", str(FIXTURES / "broken_no_from.eml"))
        listed = json.loads(ready("mail", "quarantine", "list", "--json").out)
        assert [q["reason"] for q in listed] == ["no sender address (From)"]
        qid = str(listed[0]["id"])
        shown = ready("mail", "quarantine", "show", qid)
        assert "no sender address" in shown.out and "broken-1@example.org" in shown.out
        raw = ready("mail", "quarantine", "show", qid, "--raw")
        assert "Subject: no sender" in raw.out
        retried = ready("mail", "quarantine", "retry", qid)
        assert retried.code == 0 and "quarantined" in retried.out  # still unreadable: stays, counted
        assert json.loads(ready("mail", "quarantine", "list", "--json").out)[0]["attempts"] == 2
        assert ready("mail", "quarantine", "retry").code == 2
        assert ready("mail", "quarantine", "show", "999").code == 3


class TestMailFetch:
    def test_fetch_from_the_configured_maildir(self, ready, tmp_path):
        box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
        box.add(mail(message_id="cli-md@b"))
        box.close()
        write_config(f'[mail]\naddress = "support@ourdesk.example"\nsource = "maildir"\n'
                     f'maildir = "{tmp_path / "Maildir"}"\n')
        r = ready("mail", "fetch")
        assert r.code == 0, r.err
        assert "1 mail(s): 1 stored" in r.out
        assert "1 mail(s)" not in ready("mail", "fetch").out  # nothing new

    def test_no_source_configured(self, ready):
        r = ready("mail", "fetch")
        assert r.code != 0 and "no mail source is configured" in r.err

    def test_a_bad_mail_table_names_the_file_and_key(self, ready):
        write_config('[mail]\nsourc = "imap"\n')
        r = ready("mail", "fetch")
        assert r.code != 0 and "config.toml [mail]: unknown key 'sourc'" in r.err
