"""Imported history stays history: statuses and times from the export, no timer or breach for the past.

Runs on SQLite and PostgreSQL (hostile text must never reach psycopg as NUL or a lone surrogate).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from agent_tui.domain.calendar import add_business_minutes
from agent_tui.domain.sla import SlaState
from agent_tui.errors import ImportFailed, InvalidInput
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_base as tb
from agent_tui.services import ticket_queries as tq
from agent_tui.services.imports import (
    ImportOptions,
    ImportProblems,
    import_tickets,
    load_mapping,
    parse_pairs,
)
from agent_tui.services.report import sla_report
from agent_tui.services.sweep import sweep
from agent_tui.store.models import Ticket, Timer
from tests.conftest import T0
from tests.services.helpers import ticket_count

HEADER = "Ticket ID,Subject,Email,Created,Status,First response at,Solved at,Closed at\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    return path


def stored(ctx, ref: str) -> Ticket:
    with ctx.db.read() as s:
        return s.exec(select(Ticket).where(Ticket.external_ref == ref)).one()


def pending_timers(ctx, ticket: Ticket) -> list[Timer]:
    with ctx.db.read() as s:
        return list(s.exec(select(Timer).where(Timer.ticket_id == ticket.id, Timer.state == "pending")).all())


class TestImportedHistory:
    def test_solved_and_closed_keep_their_times_and_run_no_timers(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER +
                     "S-1,Old invoice,a@example.com,2025-01-06T10:00:00Z,Solved,2025-01-06T11:00:00Z,"
                     "2025-01-07T09:00:00Z,\n"
                     "C-1,Old outage,b@example.com,2025-01-06T10:00:00Z,Closed,,2025-01-08T09:00:00Z,"
                     "2025-01-10T09:00:00Z\n")
        report = import_tickets(ctx, path)
        assert report.statuses == {"solved": 1, "closed": 1}
        solved, closed = stored(ctx, "ext:S-1"), stored(ctx, "ext:C-1")
        assert solved.status == "solved" and solved.solved_at.isoformat() == "2025-01-07T09:00:00+00:00"
        assert solved.first_response_at.isoformat() == "2025-01-06T11:00:00+00:00"
        assert closed.status == "closed" and closed.closed_at.isoformat() == "2025-01-10T09:00:00+00:00"
        assert solved.imported_at == T0 and closed.imported_at == T0
        assert tq.get_ticket(ctx, solved.number).imported_at == T0, "the ticket is flagged as imported"
        assert pending_timers(ctx, solved) == [] and pending_timers(ctx, closed) == []
        assert solved.sla_due_at is None and solved.urgency == 2
        rep = sla_report(ctx, T0 - timedelta(days=800), T0)
        assert rep.breach_count == 0 and rep.data_issue_count == 0
        assert rep.total.handled == 2

    def test_an_old_open_ticket_gets_no_alarm_for_a_deadline_that_passed_before_the_import(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER + "O-1,Still broken,a@example.com,2025-01-06T10:00:00Z,Open,,,\n")
        import_tickets(ctx, path)
        ticket = stored(ctx, "ext:O-1")
        assert ticket.status == "open"
        assert ticket.created_at < T0 - timedelta(days=365), "its history is kept"
        # Its clocks had long run out before it reached this desk: they start at the import, with the full target.
        with ctx.db.read() as s:
            cal = tb.calendar_of(s, ticket)
        assert ticket.resolution_due == add_business_minutes(cal, T0, ticket.resolution_target_min)
        assert ticket.first_response_due == add_business_minutes(cal, T0, ticket.first_response_target_min)
        detail = tq.get_ticket(ctx, ticket.number)
        for clock in (detail.first_response, detail.resolution_clock):
            assert clock.state(T0) is not SlaState.BREACHED, clock.label
        assert [t for t in pending_timers(ctx, ticket) if t.due_at < T0] == []
        assert sweep(ctx, T0 + timedelta(minutes=1)).total == 0
        # later changes re-plan the timers: the past deadline still never fires
        ta.reply(ctx, ticket.number, "We are on it.")
        assert [t for t in pending_timers(ctx, ticket) if t.due_at < T0] == []
        assert sweep(ctx, T0 + timedelta(minutes=2)).total == 0
        assert sla_report(ctx, T0 - timedelta(days=800), T0 + timedelta(days=1)).breach_count == 0

    def test_a_recent_open_ticket_keeps_its_running_deadline(self, ctx, tmp_path):
        created = (T0 - timedelta(minutes=30)).isoformat()
        import_tickets(ctx, write(tmp_path, "t.csv", HEADER + f"R-1,Just in,a@example.com,{created},Open,,,\n"))
        ticket = stored(ctx, "ext:R-1")
        assert ticket.first_response_due > T0
        kinds = {t.kind for t in pending_timers(ctx, ticket)}
        assert "first_response_breach" in kinds, "a deadline after the import is watched as usual"

    def test_pending_waits_from_the_import_instant(self, ctx, tmp_path):
        import_tickets(ctx, write(tmp_path, "t.csv", HEADER +
                                  "P-1,Waiting,a@example.com,2025-01-06T10:00:00Z,Pending Customer Response,,,\n"))
        ticket = stored(ctx, "ext:P-1")
        assert ticket.status == "pending" and ticket.pending_since == T0
        assert all(t.due_at > T0 for t in pending_timers(ctx, ticket))
        assert sweep(ctx, T0 + timedelta(minutes=1)).total == 0

    def test_a_new_ticket_with_a_first_response_is_open(self, ctx, tmp_path):
        report = import_tickets(ctx, write(tmp_path, "t.csv", HEADER + "A-1,Answered,a@example.com,"
                                           "2025-01-06T10:00:00Z,New,2025-01-06T10:30:00Z,,\n"))
        assert report.statuses == {"open": 1} and stored(ctx, "ext:A-1").status == "open"

    def test_status_map_and_unknown_status(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER + "W-1,Third party,a@example.com,2025-01-06T10:00:00Z,Waiting,,,\n")
        with pytest.raises(ImportProblems, match=r"line 2: column 'Status' \(status\): 'Waiting' is not a status"):
            import_tickets(ctx, path)
        import_tickets(ctx, path, options=ImportOptions(status_map={"waiting": "on_hold"}))
        assert stored(ctx, "ext:W-1").status == "on_hold"

    def test_every_problem_of_a_row_is_listed_with_its_column(self, ctx, tmp_path):
        # A bad created date does not hide the other columns' problems; the solved time, with no valid
        # creation to compare with, is compared with the import instant (it is after it).
        path = write(tmp_path, "t.csv", HEADER + "Y-1,,,yesterday,Waiting,,2031-01-01T00:00:00Z,\n")
        with pytest.raises(ImportProblems) as info:
            import_tickets(ctx, path)
        assert info.value.problems == [
            "t.csv line 2: subject is missing or empty",
            "t.csv line 2: needs one of customer_email, customer_number, customer_name (all are empty)",
            "t.csv line 2: column 'Created' (created_at): 'yesterday' is not ISO 8601 (e.g. 2026-03-01T09:30:00Z); "
            "give the file's format with --date-format, e.g. --date-format '%d-%m-%y'",
            "t.csv line 2: column 'Solved at' (solved_at): '2031-01-01T00:00:00Z' is after the import instant "
            f"({T0:%Y-%m-%d %H:%M} UTC)",
            "t.csv line 2: column 'Status' (status): 'Waiting' is not a status we know; map it with --status-map "
            "'Waiting=open' (one of new, open, pending, on_hold, solved, closed)",
        ]

    def test_times_out_of_order_are_problems_with_their_lines(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER +
                     "X-1,a,a@example.com,2025-01-06T10:00:00Z,Solved,2025-01-05T10:00:00Z,,\n"
                     "X-2,b,b@example.com,2030-01-06T10:00:00Z,Open,,,\n"
                     "X-3,c,c@example.com,2025-01-06T10:00:00Z,Solved,,2031-01-01T00:00:00Z,\n")
        with pytest.raises(ImportProblems) as info:
            import_tickets(ctx, path)
        problems = info.value.problems
        assert problems[0].startswith("t.csv line 2: column 'First response at' (first_response_at)")
        assert "before the ticket was created" in problems[0]
        assert problems[1].startswith("t.csv line 3: column 'Created' (created_at)") and "after" in problems[1]
        assert problems[2].startswith("t.csv line 4: column 'Solved at' (solved_at)") and "after" in problems[2]
        assert ticket_count(ctx) == 0

    def test_dry_run_writes_nothing_and_a_real_run_then_imports(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER + "D-1,a,a@example.com,2025-01-06T10:00:00Z,Closed,,,\n")
        dry = import_tickets(ctx, path, options=ImportOptions(dry_run=True))
        assert (dry.dry_run, dry.created, dry.statuses) == (True, 1, {"closed": 1})
        assert ticket_count(ctx) == 0
        assert import_tickets(ctx, path).created == 1
        assert import_tickets(ctx, path, options=ImportOptions(dry_run=True)).skipped == 1

    def test_a_mapped_column_the_file_lacks_is_a_header_problem(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER + "M-1,a,a@example.com,,,,,\n")
        with pytest.raises(ImportFailed, match="t.csv header: --map names column 'Ticekt #'"):
            import_tickets(ctx, path, options=ImportOptions(columns={"Ticekt #": "external_id"}))


class TestHostileTextInImports:
    def test_nul_and_lone_surrogates_in_json_never_reach_the_database(self, ctx, tmp_path):
        path = tmp_path / "t.json"
        path.write_text(json.dumps([{"external_id": "N-1\u0000", "subject": "a\u0000b\ud800",
                                     "customer_email": "n\u0000@example.com", "customer_name": "N\udfff",
                                     "description": "x\u0000y", "tags": ["t\ud800g", "ok"],
                                     "language": "e\u0000n", "plan": "basic"}]), encoding="utf-8")
        report = import_tickets(ctx, path)
        detail = tq.get_ticket(ctx, report.numbers[0])
        with ctx.db.read() as s:
            row = s.exec(select(Ticket).where(Ticket.number == report.numbers[0])).one()
        text = detail.row.subject + detail.description + "".join(row.tags) + row.language + (row.external_ref or "")
        assert "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
        assert import_tickets(ctx, path).skipped == 1, "the sanitised reference is stable"

    def test_surrogate_bytes_in_a_csv_are_one_clean_error(self, ctx, tmp_path):
        path = tmp_path / "t.csv"
        path.write_text("subject,customer_email,tags\n\"a\ud800b\",c@example.com,x\ud800\n",
                        encoding="utf-8", errors="surrogatepass")
        with pytest.raises(InvalidInput, match="not valid UTF-8") as info:
            import_tickets(ctx, path)
        assert "\n" not in info.value.message
        assert ticket_count(ctx) == 0


class TestImportOptions:
    def test_a_broken_mapping_file_is_one_clear_error(self, tmp_path):
        path = write(tmp_path, "m.toml", '[columns]\n"Ticket #" = \n')
        with pytest.raises(ImportFailed, match="mapping file m.toml: invalid TOML") as info:
            load_mapping(path)
        assert "\n" not in info.value.message

    def test_a_mapping_file_with_an_unknown_key_is_refused(self, tmp_path):
        with pytest.raises(ImportFailed, match=r"mapping file m.toml: unknown key\(s\) 'colums' \(expected columns,"):
            load_mapping(write(tmp_path, "m.toml", '[colums]\n"Ticket #" = "external_id"\n'))

    def test_every_bad_entry_of_a_mapping_file_is_named(self, tmp_path):
        text = 'ignore_unknown = "yes"\ndate_format = 5\n[columns]\n"Ticket #" = 3\n'
        with pytest.raises(ImportFailed) as info:
            load_mapping(write(tmp_path, "m.toml", text))
        message = info.value.message
        assert message.startswith("mapping file m.toml: ")
        assert "columns: 'Ticket #' must map to text, not int" in message
        assert "date_format: must be a format or a list of formats" in message
        assert "ignore_unknown: must be true or false" in message

    def test_a_mapping_file_gives_its_options(self, tmp_path):
        text = ('date_format = "%d-%m-%y"\nignore_unknown = true\n[columns]\n"Ticket #" = "external_id"\n'
                '[status]\nWaiting = "pending"\n')
        opts = load_mapping(write(tmp_path, "m.toml", text))
        assert opts.columns == {"Ticket #": "external_id"} and opts.status_map == {"Waiting": "pending"}
        assert opts.date_formats == ("%d-%m-%y",) and opts.ignore_unknown and opts.defaults == {}

    def test_a_pair_without_equals_is_refused(self):
        with pytest.raises(ImportFailed, match="--map 'Ticket #': expected NAME=VALUE"):
            parse_pairs(["Ticket #"], "--map")
        assert parse_pairs(["a=b=external_id"], "--map") == {"a=b": "external_id"}
