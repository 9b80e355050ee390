"""No CLI output writes a control sequence, whatever customers, imports or agents stored.

One store holds every hostile string in every field (agent name and display name,
the acting agent, subject, bodies, customer name/company/e-mail/plan, language,
tags, checklist values), written through the services and an import; then each
output command must print no raw C0/C1 code (other than newline and tab).
A second store holds rows written raw by an older version (bypassing the
sanitizer), so the output side is tested on its own too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from agent_tui.domain.clock import FixedClock
from agent_tui.services import Context
from agent_tui.services import agents as agent_svc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services.demo import install_shipped_presets
from agent_tui.services.imports import import_tickets
from agent_tui.store.db import open_database, sqlite_url
from tests.cli.test_cli import run  # noqa: F401  (the in-process CLI fixture)
from tests.conftest import T0, _migrated_sqlite_template
from tests.hostile import HOSTILE, assert_no_raw_controls, hostile_params

TO = "--to=2026-03-10"
OUTPUTS = [
    ("agent", "list"),
    ("agent", "list", "--json"),
    ("tickets", "list", "--status", "all"),
    ("tickets", "list", "--status", "all", "--json"),
    ("report", "sla", "--by", "agent", TO),
    ("report", "sla", "--by", "severity", TO),
    ("export",),
]


def _word(text: str) -> str:
    return ("ag" + "".join(text.split()))[:80]


def _fill(ctx: Context, tmp: Path) -> list[int]:
    """Every hostile string in every field; returns the ticket numbers (for ``ticket show``)."""
    numbers = []
    for i, (_, text) in enumerate(HOSTILE):
        name = _word(text)
        agent_svc.upsert_agent(ctx, name, "tier1", display_name=text)
        actor = ctx.as_actor(name)
        customer = ti.CustomerInput(email=f"c{i}@example.com", name=text, company=text, plan=text[:40],
                                    customer_number=f"N{i}", domain=text[:200])
        d = ti.create_ticket(actor, text[:1000] if text.strip() else "x", text, customer, language=text,
                             tags=[text[:60], "ok"], checklist={"environment": text})
        ta.assign(actor, d.number)
        ta.note(actor, d.number, text)
        ta.update_checklist(actor, d.number, {"error_message": text})
        ta.hold(actor, d.number, text[:2000])
        numbers.append(d.number)
    rows = [{"external_id": f"imp-{i}", "subject": text[:1000] if text.strip() else "x",
             "description": text, "customer_email": f"i{i}@example.com", "customer_name": text,
             "company": text, "plan": text[:40], "language": text, "tags": text[:60],
             "environment": text} for i, (_, text) in enumerate(HOSTILE)]
    path = tmp / "hostile.json"
    path.write_text(json.dumps(rows), encoding="utf-8")  # \u escapes: NUL and lone surrogates reach the importer
    numbers += import_tickets(ctx, path).numbers
    return numbers


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> tuple[Path, list[int]]:
    tmp = tmp_path_factory.mktemp("hostile")
    path = tmp / "store.db"
    shutil.copyfile(_migrated_sqlite_template(), path)
    db = open_database(sqlite_url(path))
    ctx = Context(db, FixedClock(T0), "system")
    install_shipped_presets(ctx)
    agent_svc.upsert_agent(ctx, "alice", "tier1")
    numbers = _fill(ctx, tmp)
    db.dispose()
    return path, numbers


@pytest.fixture(scope="module")
def initialised_store(tmp_path_factory) -> Path:
    """What ``agent-tui init`` leaves: migrated, presets loaded (built once; each test gets a copy)."""
    path = tmp_path_factory.mktemp("initialised") / "store.db"
    shutil.copyfile(_migrated_sqlite_template(), path)
    db = open_database(sqlite_url(path))
    install_shipped_presets(Context(db, FixedClock(T0), "system"))
    db.dispose()
    return path


@pytest.fixture
def fresh(initialised_store, tmp_path, run):  # noqa: F811
    shutil.copyfile(initialised_store, tmp_path / "cli.db")
    return run


@pytest.fixture
def on_hostile_store(hostile_store, tmp_path, run):  # noqa: F811
    shutil.copyfile(hostile_store[0], tmp_path / "cli.db")
    return run


def assert_clean_output(result, what: str) -> None:
    assert result.code == 0, (what, result.err)
    assert_no_raw_controls(result.out, f"the output of {what}")
    assert_no_raw_controls(result.err, f"the errors of {what}")


@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_listing_and_report_output_has_no_raw_control_codes(on_hostile_store, args) -> None:
    result = on_hostile_store(*args)
    assert_clean_output(result, " ".join(args))
    if "--json" in args or args == ("export",):
        for line in ([result.out] if "--json" in args else result.out.splitlines()):
            json.loads(line)  # still valid JSON


def test_ticket_show_and_json_of_every_hostile_ticket_have_no_raw_control_codes(on_hostile_store,
                                                                                 hostile_store) -> None:
    for number in hostile_store[1][: len(HOSTILE)]:  # the imported copies hold the same strings
        for args in (("ticket", "show", str(number)), ("ticket", "show", str(number), "--json")):
            assert_clean_output(on_hostile_store(*args), " ".join(args))


@pytest.mark.parametrize("text", hostile_params(short=True))
def test_agent_added_and_acting_under_a_hostile_name_prints_placeholders(fresh, text) -> None:
    run = fresh
    name = _word(text)
    added = run("agent", "add", name, "--display-name", text)
    assert_clean_output(added, "agent add")
    created = run("--agent", name, "ticket", "create", "--subject", text if text.strip() else "x",
                  "--customer", "c@example.com", "--name", text, "--body", text)
    assert_clean_output(created, "ticket create --agent")
    listed = run("agent", "list")
    assert_clean_output(listed, "agent list")
    if "\x1b" in text:
        assert "␛" in listed.out  # visible, not dropped
    for args in (("ticket", "show", "1001"), ("ticket", "show", "1001", "--json")):
        assert_clean_output(run("--agent", name, *args), " ".join(args))


def test_rows_stored_raw_by_an_older_version_print_sanitized(fresh, tmp_path) -> None:
    run = fresh
    assert run("agent", "add", "bob").code == 0
    assert run("--agent", "bob", "ticket", "create", "--subject", "s", "--customer", "c@example.com").code == 0
    db = open_database(sqlite_url(tmp_path / "cli.db"))
    raw = "x\x1b[2Jy\x9b6n\u202e"
    with db.engine.begin() as conn:  # plain SQL: what another tool or an old version could have written
        conn.execute(sql("UPDATE agents SET display_name = :v"), {"v": raw})
        conn.execute(sql("UPDATE customers SET name = :v, plan = :v, company = :v"), {"v": raw})
        conn.execute(sql("UPDATE tickets SET subject = :v, language = :v, tags = :t, updated_by = :v"),
                     {"v": raw, "t": json.dumps([raw], ensure_ascii=False)})
        conn.execute(sql("UPDATE messages SET body = :v, author = :v"), {"v": raw})
        conn.execute(sql("UPDATE audit_events SET actor = :v"), {"v": raw})
    db.dispose()
    for args in OUTPUTS + [("ticket", "show", "1001"), ("ticket", "show", "1001", "--json")]:
        assert_clean_output(run(*args), " ".join(args))
