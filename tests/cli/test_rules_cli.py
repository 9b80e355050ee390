"""The seeds' rules from the shell: refusals are one line with the documented exit code."""

from __future__ import annotations

from tests.cli.test_cli import one_error_line, ready, run  # noqa: F401 - fixtures


def _open_ticket(ready) -> None:
    assert ready("ticket", "create", "--subject", "Export shows wrong totals", "--customer", "a@example.com").code == 0
    assert ready("ticket", "assign", "1001").code == 0


def test_solving_while_the_customer_approval_is_owed_exits_4_and_names_the_approval(ready):
    _open_ticket(ready)
    assert ready("ticket", "propose", "1001", "--solution", "Migrate the account").code == 0
    r = ready("ticket", "solve", "1001", "--outcome", "fixed")
    line = one_error_line(r)
    assert r.code == 4 and "approval" in line and "Cannot solve ticket #1001" in line
    assert ready("ticket", "approve", "1001").code == 0
    assert ready("ticket", "solve", "1001", "--outcome", "fixed").code == 0


def test_a_hotfix_solves_at_once_from_the_shell(ready):
    _open_ticket(ready)
    assert ready("ticket", "propose", "1001", "--solution", "Cleared the cache", "--hotfix").code == 0
    assert ready("ticket", "solve", "1001", "--outcome", "fixed").code == 0


def test_a_severity_override_without_a_reason_exits_2_and_changes_nothing(ready):
    _open_ticket(ready)
    r = ready("ticket", "severity", "1001", "critical")
    assert r.code == 2 and "reason" in one_error_line(r)
    assert ready("ticket", "show", "1001", "--json").json()["row"]["severity"] == "moderate"
    ok = ready("ticket", "severity", "1001", "critical", "--reason", "cannot publish any report")
    assert ok.code == 0 and "severity critical" in ok.out


def test_the_severity_help_gives_each_definition(run):
    r = run("ticket", "severity", "--help")
    assert r.code == 0
    assert "cannot complete or publish" in " ".join(r.out.split())
