"""Outside text is stored sanitized: every hostile string, in every field a service writes, on both backends.

The check reads every row of every table back with plain SQL, so a field a
service forgot to clean (or a new one) fails here, not on an agent's terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from agent_tui.domain.escalation import Handover
from agent_tui.domain.severity import Severity
from agent_tui.errors import AgentTuiError, InvalidInput
from agent_tui.services import Context
from agent_tui.services import agents as agent_svc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.store.models import Agent
from tests.hostile import assert_no_raw_controls, hostile_params, raw_controls


def stored_strings(ctx: Context) -> list[tuple[str, str]]:
    """``(table.column, text)`` for every string stored anywhere (JSON values and keys included)."""
    found: list[tuple[str, str]] = []

    def walk(where: str, value: Any) -> None:
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(where + "{key}", k)
                walk(where, v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(where, v)

    with ctx.db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                for column, value in row.items():
                    walk(f"{table.name}.{column}", value)
    return found


def dirty_fields(ctx: Context) -> list[str]:
    return sorted({where for where, text in stored_strings(ctx) if raw_controls(text)})


def attempt(call: Callable[[], Any]) -> Any:
    """A hostile value may be refused with a clear error (too long, not one word); nothing else is allowed."""
    try:
        return call()
    except AgentTuiError as exc:
        assert "\n" not in exc.message.strip(), "an error is one line"
        assert_no_raw_controls(exc.message, "the error message")
        return None


@pytest.mark.parametrize("text", hostile_params())
def test_hostile_text_in_every_field_is_stored_without_control_codes(ctx: Context, text: str) -> None:
    word = "".join(text.split()) or "x"
    agent = attempt(lambda: agent_svc.upsert_agent(ctx.as_actor(text), f"ag{word}"[:80], "tier1", display_name=text))
    actor = ctx.as_actor(f"ag{word}"[:80] if agent else "alice")
    def customer(plan: str) -> ti.CustomerInput:
        return ti.CustomerInput(email=f"{word[:200]}@example.com", name=text, company=text, plan=plan,
                                customer_number=word[:80], domain=text)

    d = attempt(lambda: ti.create_ticket(actor, text if text.strip() else "x", text, customer(text), language=text,
                                         tags=[text, "ok"], checklist={"environment": text, "contact": text}))
    if d is None:  # refused as a whole (subject or plan too long): every other field still gets its turn
        d = ti.create_ticket(actor, "plain subject", text, customer(text[:40]), language=text, tags=[text],
                             checklist={"environment": text, "contact": text})
    n = d.number
    ta.assign(actor, n)
    for step in (
        lambda: ta.note(actor, n, text),
        lambda: ta.reply(actor, n, text),
        lambda: ta.update_checklist(actor, n, {"error_message": text, "reproduction_steps": text}),
        lambda: ti.customer_message(actor, n, text, author=text),
        lambda: ta.hold(actor, n, text),
        lambda: ta.resume(actor, n, text),
        lambda: ta.set_severity(actor, n, Severity.MODERATE, text),
        lambda: ta.escalate(actor, n, "tier2", "potential_bug", Handover(text, text, text, text)),
    ):
        attempt(step)
    attempt(lambda: ta.solve(actor, n, "fixed", text))
    attempt(lambda: ta.record_survey(actor, n, 5, text))
    assert dirty_fields(ctx) == []


@pytest.mark.parametrize("text", hostile_params(short=True))
def test_agent_added_under_a_hostile_name_is_found_again_under_it(ctx: Context, text: str) -> None:
    name = "".join(text.split())[:80] or "x"
    first = agent_svc.upsert_agent(ctx, name, "tier1")
    again = agent_svc.upsert_agent(ctx, name, "tier2")  # the same agent, not a duplicate-key crash
    assert again.name == first.name and again.tier == "tier2"
    assert agent_svc.get_agent(ctx, name).tier == "tier2"
    with ctx.db.read() as s:
        stored = [a.name for a in s.exec(select(Agent).where(Agent.name == name)).scalars()]
    assert len(stored) == 1
    assert_no_raw_controls(stored[0], "the stored agent name")


def test_over_long_customer_plan_and_email_are_refused_in_one_line(ctx: Context) -> None:
    for customer in (ti.CustomerInput(email="a@example.com", plan="p" * 41),
                     ti.CustomerInput(email="a" * 321 + "@example.com")):
        with pytest.raises(InvalidInput) as err:
            ti.create_ticket(ctx, "subject", "body", customer)
        assert "too long" in err.value.message
