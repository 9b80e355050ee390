"""Issue 16 from the shell: ``ticket contact`` and ``report sla --breaches-csv`` (in-process, SQLite)."""

from __future__ import annotations

import csv

from tests.cli.test_cli import one_error_line, ready, run  # noqa: F401 - the CLI fixtures


def test_a_call_is_logged_and_says_whether_it_counts(ready):
    ready("ticket", "create", "--subject", "Export broken", "--customer", "a@example.com")
    assert ready("ticket", "take").code == 0
    r = ready("ticket", "contact", "1001", "--via", "phone", "-m", "Called: workaround given")
    assert r.code == 0 and "contact logged; the policy does not count it as a response" in r.out  # standard policy
    shown = ready("ticket", "show", "1001", "--json").json()
    assert shown["messages"][-1]["kind"] == "phone" and shown["first_response"]["met_at"] is None
    assert "unknown contact channel 'fax'; use phone or chat" in one_error_line(
        ready("ticket", "contact", "1001", "--via", "fax", "-m", "x"))


def test_the_breach_list_as_csv(ready, tmp_path):
    ready("ticket", "create", "--subject", "Export broken", "--customer", "a@example.com")
    due = ready("ticket", "show", "1001", "--json").json()["first_response"]["due_at"]
    target = tmp_path / "breaches.csv"
    later = {"AGENT_TUI_NOW": "2026-03-20T09:00:00Z"}  # never answered: both clocks ran out (resolution Fri 13 Mar)
    r = ready("report", "sla", "--from", "2026-03-01", "--breaches-csv", str(target), env=later)
    assert r.code == 0 and f"breaches written to {target}" in r.err and "breaches: 2" in r.out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(row["ticket"], row["clock"], row["done_at"]) for row in rows] == [
        ("1001", "first_response", ""), ("1001", "resolution", "")]
    assert rows[0]["due_at"] == due and int(rows[0]["late_business_minutes"]) > 0
    assert list(rows[0]) == ["ticket", "clock", "due_at", "done_at", "late_business_minutes", "severity", "tier",
                             "agent"]
    to_stdout = ready("report", "sla", "--from", "2026-03-01", "--breaches-csv", "-", env=later)
    assert to_stdout.out.splitlines()[0] == "ticket,clock,due_at,done_at,late_business_minutes,severity,tier,agent"


def test_init_after_a_preset_changed_recomputes_the_open_tickets(ready, tmp_path):
    # An upgrade that ships a changed preset: `init` stores it and moves the running clocks (issue 16).
    import sqlite3

    ready("ticket", "create", "--subject", "Export broken", "--customer", "a@example.com")
    db = sqlite3.connect(tmp_path / "cli.db")
    (data,) = db.execute("select data from policies where name = 'standard'").fetchone()
    stale = data[:-1] + ', "stale": 1}'  # the stored copy differs from the shipped file
    db.execute("update policies set data = ? where name = 'standard'", (stale,))
    db.commit()
    db.close()
    r = ready("init")
    assert r.code == 0, r.err
    assert "recomputed 1 open tickets" in r.out
