"""Real exports import through the real CLI: column mapping, date formats, statuses, every problem at once.

The fixtures are the first rows of two public datasets (see tests/fixtures/real_exports/LICENSE-NOTES.md):
a Comcast consumer-complaints export (``Ticket #``, ``22-04-15`` dates, 12-hour times, Closed/Solved/
Open/Pending) and a customer-support-ticket export (``Ticket ID``, ``Social media`` channel, multi-line
descriptions, ``Pending Customer Response``).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from agent_tui.store.db import open_database, sqlite_url
from agent_tui.store.models import Ticket, Timer
from tests.cli.test_cli import ready, run  # noqa: F401  (fixtures)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real_exports"
COMCAST = FIXTURES / "comcast_complaints.csv"
SUPPORT = FIXTURES / "customer_support_tickets.csv"
NOW = "2026-03-02T09:00:00Z"  # the run fixture's AGENT_TUI_NOW: the import instant

COMCAST_ARGS = ("--date-format", "%d-%m-%y", "--map", "Date_month_year=-", "--ignore-unknown",
                "--default", "customer_name=Comcast complainant (not in the export)")


def tickets(tmp_path: Path) -> list[Ticket]:
    db = open_database(sqlite_url(tmp_path / "cli.db"))
    try:
        with db.read() as s:
            return list(s.exec(select(Ticket).order_by(Ticket.number)).all())
    finally:
        db.dispose()


def timers(tmp_path: Path) -> list[Timer]:
    db = open_database(sqlite_url(tmp_path / "cli.db"))
    try:
        with db.read() as s:
            return list(s.exec(select(Timer)).all())
    finally:
        db.dispose()


def source_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


class TestComcastComplaintsExport:
    def test_without_options_every_header_problem_is_named_as_header(self, ready, tmp_path):
        r = ready("import", "tickets", str(COMCAST))
        assert r.code == 2
        lines = r.err.strip().splitlines()
        assert any("header" in line and "unknown column" in line and "'City'" in line for line in lines)
        assert any("header" in line and "customer" in line for line in lines)
        assert not any("line 2:" in line and "header" not in line and "customer" in line for line in lines)
        assert "Traceback" not in r.err
        assert tickets(tmp_path) == []

    def test_a_day_first_two_digit_year_without_a_format_names_line_and_column(self, ready, tmp_path):
        r = ready("import", "tickets", str(COMCAST), "--map", "Date_month_year=-", "--ignore-unknown",
                  "--default", "customer_name=x")
        assert r.code == 2
        assert "comcast_complaints.csv line 2: column 'Date' (created_at): '22-04-15'" in r.err
        assert "--date-format" in r.err
        assert tickets(tmp_path) == []

    def test_dry_run_reports_what_would_be_imported_and_writes_nothing(self, ready, tmp_path):
        r = ready("import", "tickets", str(COMCAST), *COMCAST_ARGS, "--dry-run", "--json")
        assert r.code == 0, r.err
        report = r.json()
        assert report["dry_run"] is True and report["created"] == 300 and report["skipped"] == 0
        assert report["statuses"] == {"closed": 85, "solved": 135, "open": 57, "pending": 23}
        assert tickets(tmp_path) == []

    def test_imports_statuses_dates_and_twelve_hour_times(self, ready, tmp_path):
        r = ready("import", "tickets", str(COMCAST), *COMCAST_ARGS)
        assert r.code == 0, r.err
        assert "imported 300 tickets" in r.out
        stored = {t.external_ref: t for t in tickets(tmp_path)}
        assert len(stored) == 300
        rows = source_rows(COMCAST)
        expected = {"Closed": "closed", "Solved": "solved", "Open": "open", "Pending": "pending"}
        assert Counter(t.status for t in stored.values()) == Counter(expected[x["Status"]] for x in rows)
        first = stored["ext:250635"]  # 22-04-15, 3:53:50 PM, Closed, Customer Care Call
        assert first.created_at.isoformat() == "2015-04-22T15:53:50+00:00"
        assert (first.status, first.channel, first.subject) == ("closed", "phone", "Comcast Cable Internet Speeds")
        assert stored["ext:223441"].created_at.isoformat() == "2015-08-04T10:22:56+00:00"  # 04-08-15 10:22:56 AM
        assert stored["ext:223441"].channel == "form"  # Received Via: Internet
        assert stored["ext:373874"].created_at.isoformat() == "2015-06-30T00:24:57+00:00"  # 12:24:57 AM

    def test_no_breach_is_invented_for_the_past(self, ready, tmp_path):
        assert ready("import", "tickets", str(COMCAST), *COMCAST_ARGS).code == 0
        stored = tickets(tmp_path)
        assert all(t.imported_at is not None for t in stored)
        pending_timers = [t for t in timers(tmp_path) if t.state == "pending"]
        by_ticket = {t.id: t for t in stored}
        done = {t.id for t in stored if t.status in ("solved", "closed")}
        assert not [t for t in pending_timers if t.ticket_id in done], "solved/closed imports run no timers"
        assert all(t.due_at.isoformat() >= NOW.replace("Z", "+00:00") for t in pending_timers), \
            "no timer is due before the import instant"
        assert {by_ticket[t.ticket_id].status for t in pending_timers} <= {"open", "pending"}
        queue = ready("tickets", "list", "--limit", "200")
        assert queue.code == 0, queue.err
        assert "overdue" not in queue.out, "an open 2015 complaint's clocks start when it reaches this desk"
        sweep = ready("sweep", "--now", "2026-03-02T09:05:00Z")
        assert sweep.code == 0, sweep.err
        assert not [t for t in timers(tmp_path) if t.state == "fired"], "nothing fires for 2015 deadlines"
        report = ready("report", "sla", "--from", "2015-01-01", "--to", "2016-01-01")
        assert report.code == 0, report.err
        assert "breaches: 0" in report.out

    def test_re_import_creates_no_duplicates(self, ready, tmp_path):
        assert ready("import", "tickets", str(COMCAST), *COMCAST_ARGS).code == 0
        again = ready("import", "tickets", str(COMCAST), *COMCAST_ARGS)
        assert again.code == 0
        assert "imported 0 tickets, skipped 300 already imported" in again.out
        assert len(tickets(tmp_path)) == 300

    def test_a_mapping_file_does_what_the_options_do(self, ready, tmp_path):
        mapping = tmp_path / "comcast.toml"
        mapping.write_text(
            'date_format = ["%d-%m-%y"]\nignore_unknown = true\n'
            '[columns]\n"Date_month_year" = "-"\n"Received Via" = "channel"\n'
            '[status]\n"Pending" = "on_hold"\n'
            '[defaults]\ncustomer_name = "Comcast complainant"\n', encoding="utf-8")
        r = ready("import", "tickets", str(COMCAST), "--mapping", str(mapping), "--json")
        assert r.code == 0, r.err
        assert r.json()["statuses"] == {"closed": 85, "solved": 135, "open": 57, "on_hold": 23}

    def test_every_broken_line_is_listed_with_its_line_number(self, ready, tmp_path):
        lines = COMCAST.read_text(encoding="utf-8-sig").splitlines(keepends=True)  # one record per line here
        header = next(csv.reader([lines[0]]))

        def spoil(line: int, column: str, value: str) -> None:
            fields = next(csv.reader([lines[line - 1]]))
            fields[header.index(column)] = value
            out = io.StringIO(newline="")
            csv.writer(out, lineterminator="\r\n").writerow(fields)
            lines[line - 1] = out.getvalue()

        spoil(5, "Date", "31-02-15")  # no such day
        spoil(11, "Status", "Escalated")  # not a status
        spoil(21, "Time", "19:48:05 PM")  # not a 12-hour time
        spoil(31, "Customer Complaint", "")  # no subject
        broken = tmp_path / "broken.csv"
        broken.write_text("".join(lines), encoding="utf-8", newline="")
        r = ready("import", "tickets", str(broken), *COMCAST_ARGS)
        assert r.code == 2
        assert "broken.csv line 5: column 'Date' (created_at): '31-02-15'" in r.err
        assert "broken.csv line 11: column 'Status' (status): 'Escalated' is not a status" in r.err
        assert "broken.csv line 21: column 'Time' (created_time): '19:48:05 PM'" in r.err
        assert "broken.csv line 31: subject is missing or empty" in r.err
        assert "4 problems" in r.err and "nothing was imported" in r.err
        assert tickets(tmp_path) == []


class TestCustomerSupportTicketExport:
    def test_dry_run_then_import_with_multiline_descriptions_and_social_media(self, ready, tmp_path):
        dry = ready("import", "tickets", str(SUPPORT), "--ignore-unknown", "--dry-run")
        assert dry.code == 0, dry.err
        assert "dry run" in dry.out and "200" in dry.out
        assert tickets(tmp_path) == []
        r = ready("import", "tickets", str(SUPPORT), "--ignore-unknown", "--json")
        assert r.code == 0, r.err
        assert r.json()["statuses"] == {"pending": 75, "closed": 74, "open": 51}
        stored = {t.external_ref: t for t in tickets(tmp_path)}
        first = stored["ext:1"]
        assert first.channel == "social" and first.status == "pending"
        assert first.subject == "Product setup"
        assert "Your billing zip code is: 71701.\n\nWe appreciate" in first.description
        closed = stored["ext:3"]
        assert closed.status == "closed" and closed.resolution == "Case maybe show recently my computer follow."
        assert Counter(t.channel for t in stored.values()) == {"chat": 56, "email": 51, "social": 48, "phone": 45}

    def test_line_numbers_count_physical_lines_across_multiline_fields(self, ready, tmp_path):
        text = SUPPORT.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader)
        starts = []  # the physical line each record starts on (ticket n starts on starts[n - 1])
        for _ in rows[1:]:
            starts.append(reader.line_num + 1)
            next(reader)
        header = rows[0]
        status, channel, email = header.index("Ticket Status"), header.index("Ticket Channel"), \
            header.index("Customer Email")
        rows[3][status] = "Frozen"          # record 3 (ticket 3)
        rows[10][channel] = "Carrier pigeon"  # ticket 10
        rows[40][email] = rows[40][1] = ""   # ticket 40: no customer at all
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        broken = tmp_path / "support.csv"
        broken.write_text(out.getvalue(), encoding="utf-8", newline="")
        # the broken copy keeps the original line layout: each record starts where it did
        r = ready("import", "tickets", str(broken), "--ignore-unknown")
        assert r.code == 2
        assert starts[2] > 4, "ticket 3 starts after several multi-line records"
        assert f"support.csv line {starts[2]}: column 'Ticket Status' (status): 'Frozen' is not a status" in r.err
        assert f"support.csv line {starts[9]}: column 'Ticket Channel' (channel): 'Carrier pigeon' is not a channel" in r.err
        assert f"support.csv line {starts[39]}: needs one of customer_email" in r.err
        assert "3 problems" in r.err
        assert tickets(tmp_path) == []


class TestHostileImportText:
    def test_nul_and_lone_surrogates_in_json_are_sanitised(self, ready, tmp_path):
        path = tmp_path / "hostile.json"
        path.write_text('[{"external_id": "H-1", "subject": "a\\u0000b \\ud800", "customer_email": "h@example.com",'
                        ' "description": "x\\u0000y\\udfff", "tags": ["t\\ud800", "ok"]}]', encoding="utf-8")
        r = ready("import", "tickets", str(path))
        assert r.code == 0, r.err
        (t,) = tickets(tmp_path)
        assert "\x00" not in t.subject + t.description + "".join(t.tags)
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in t.subject + t.description + "".join(t.tags))
        shown = ready("ticket", "show", str(t.number), "--json")
        assert shown.code == 0, shown.err
        json.loads(shown.out)


class TestWhoImports:
    def test_a_fresh_store_with_no_agents_imports_as_the_system(self, run, monkeypatch, tmp_path):
        monkeypatch.delenv("AGENT_TUI_AGENT")
        assert run("init").code == 0
        result = run("import", "tickets", str(COMCAST), *COMCAST_ARGS)
        assert result.code == 0, result.err
        assert len(tickets(tmp_path)) == len(source_rows(COMCAST))

    def test_an_unknown_agent_named_for_an_import_is_one_line_not_one_per_row(self, run, monkeypatch):
        monkeypatch.delenv("AGENT_TUI_AGENT")
        assert run("init").code == 0
        result = run("--agent", "ghost", "import", "tickets", str(COMCAST), *COMCAST_ARGS)
        assert result.code == 2
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and "no agent named 'ghost'" in lines[0], result.err
