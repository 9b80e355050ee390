"""Files, folders, mbox and Maildir sources; the [mail] settings."""

from __future__ import annotations

import mailbox
import os

import pytest

from agent_tui.errors import ConfigError
from agent_tui.mail.settings import settings_from_table
from agent_tui.mail.sources import file_source, maildir_source, take_in
from agent_tui.services import ticket_queries as tq
from tests.mail.conftest import FIXTURES, fixture_bytes, mail


def tickets(ctx) -> int:
    return tq.count_tickets(ctx, tq.QueueFilter(statuses=()))


def make_maildir(path, raws):
    box = mailbox.Maildir(str(path), create=True)
    for raw in raws:
        box.add(raw)  # lands in new/
    box.close()
    return path


class TestFiles:
    def test_a_folder_of_eml_files(self, ctx, settings):
        report = take_in(ctx, file_source([FIXTURES]), settings)
        assert len(report.results) == len(list(FIXTURES.glob("*.eml")))
        assert report.count("quarantined") == 1 and report.count("stored") >= 10

    def test_an_mbox(self, ctx, settings, tmp_path):
        box = mailbox.mbox(str(tmp_path / "old.mbox"))
        for n in range(3):
            box.add(mail(subject=f"Old problem {n}", message_id=f"mbox-{n}@b"))
        box.close()
        report = take_in(ctx, file_source([tmp_path / "old.mbox"]), settings)
        assert report.count("stored") == 3 and tickets(ctx) == 3
        assert report.results[0].status == "stored"
        # imported twice: nothing new
        assert take_in(ctx, file_source([tmp_path / "old.mbox"]), settings).count("duplicate") == 3

    def test_a_missing_path_is_one_clear_error(self):
        from agent_tui.errors import InvalidInput

        with pytest.raises(InvalidInput, match="no such file"):
            list(file_source(["/nonexistent/x.eml"]))


class TestMaildir:
    def test_new_mail_is_taken_and_moved_to_cur_with_the_seen_flag(self, ctx, settings, tmp_path):
        md = make_maildir(tmp_path / "Maildir", [fixture_bytes("gmail_en_new.eml"), mail(message_id="md2@b")])
        report = take_in(ctx, maildir_source(md), settings)
        assert report.count("stored") == 2
        assert os.listdir(md / "new") == []
        assert all(name.endswith(":2,S") for name in os.listdir(md / "cur"))
        assert take_in(ctx, maildir_source(md), settings).results == []  # nothing left to take

    def test_unseen_mail_in_cur_is_taken_too(self, ctx, settings, tmp_path):
        md = make_maildir(tmp_path / "Maildir", [])
        (md / "cur" / "1700000000.1.host:2,F").write_bytes(mail(message_id="cur@b"))
        (md / "cur" / "1700000000.2.host:2,S").write_bytes(mail(message_id="seen@b"))
        report = take_in(ctx, maildir_source(md), settings)
        assert [r.message_id for r in report.results] == ["cur@b"]
        assert sorted(os.listdir(md / "cur")) == ["1700000000.1.host:2,FS", "1700000000.2.host:2,S"]

    def test_a_crash_before_the_move_takes_the_mail_once(self, ctx, settings, tmp_path):
        md = make_maildir(tmp_path / "Maildir", [mail(message_id="crash@b")])
        [item] = list(maildir_source(md))
        from agent_tui.services import mail_intake as mi

        mi.intake(ctx, item.raw, settings)  # stored, then the process died before ack()
        report = take_in(ctx, maildir_source(md), settings)
        assert [r.status for r in report.results] == ["duplicate"] and tickets(ctx) == 1
        assert os.listdir(md / "new") == []

    def test_not_a_maildir(self, tmp_path):
        with pytest.raises(ConfigError, match="not a Maildir"):
            list(maildir_source(tmp_path))


class TestSettings:
    def test_defaults(self):
        s = settings_from_table(None)
        assert s.source == "" and s.subject_reference == "[#{number}]"

    def test_a_full_table(self, tmp_path):
        s = settings_from_table({"address": "Support@OurDesk.example", "also_ours": ["help@ourdesk.example"],
                                 "source": "imap", "max_attachment_mb": 5,
                                 "imap": {"host": "imap.example", "user": "desk", "security": "starttls"}})
        assert s.own_addresses == ("support@ourdesk.example", "help@ourdesk.example")
        assert s.imap.port == 143 and s.imap.account == "desk@imap.example:143"
        assert s.max_attachment_bytes == 5 * 1024 * 1024 and s.is_ours("SUPPORT@ourdesk.example")

    @pytest.mark.parametrize("table,message", [
        ({"sourc": "imap"}, "unknown key 'sourc'"),
        ({"source": "pop3"}, "source must be"),
        ({"source": "maildir"}, "no maildir path"),
        ({"source": "imap"}, "no \\[mail.imap\\]"),
        ({"imap": {"host": "h", "user": "u", "password": "x"}}, "password does not belong"),
        ({"imap": {"host": "h", "user": "u", "security": "tls"}}, "security must be"),
        ({"imap": {"host": "h"}}, "host and user are required"),
        ({"max_attachment_mb": "big"}, "whole number"),
        ({"subject_reference": "[#]"}, "exactly once"),
        ([1, 2], "must be a table"),
    ])
    def test_errors_name_the_key(self, table, message):
        with pytest.raises(ConfigError, match=message):
            settings_from_table(table, "config.toml [mail]")


class TestWatchMaildir:
    def test_a_round_reports_and_a_stop_ends_it(self, ctx, settings, tmp_path):
        import threading
        from dataclasses import replace

        from agent_tui.mail.sources import watch

        md = make_maildir(tmp_path / "Maildir", [mail(message_id="w1@b")])
        stop = threading.Event()
        lines: list[str] = []

        def status(line: str) -> None:
            lines.append(line)
            stop.set()

        watch(ctx, replace(settings, source="maildir", maildir=md), interval=5, stop=stop, status=status)
        assert len(lines) == 1 and "maildir: 1 mail(s): 1 stored" in lines[0]
