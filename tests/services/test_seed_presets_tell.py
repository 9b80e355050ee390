"""What each seed's preset tells the customer at the end, found by walking the seeds (tests/seeds/)."""

from __future__ import annotations

from agent_tui.services import config_store, outbox
from agent_tui.services import ticket_actions as ta
from tests.conftest import new_ticket


def kinds_after_solve(ctx, preset: str, language: str = "en") -> list[str]:
    config_store.use_policy(ctx.as_actor("system"), preset)
    d = new_ticket(ctx, language=language)
    ta.assign(ctx, d.number)
    ta.solve(ctx, d.number, "fixed", "Done.")
    return sorted(m.kind for m in outbox.list_outbox(ctx, ticket=d.number))


def test_supratix_asks_the_customer_for_feedback_when_solved(ctx):
    # Seed 001: "Feedback: Der Supportmitarbeiter fragt den Kunden nach Feedback zum Supportprozess
    # und zur Lösung des Problems."
    assert kinds_after_solve(ctx, "supratix", "de") == ["solution", "survey"]


def test_tap_inspect_asks_too_and_the_standard_preset_does_not(ctx):
    assert kinds_after_solve(ctx, "tap-inspect") == ["solution", "survey"]
    assert kinds_after_solve(ctx, "standard") == ["solution"]
