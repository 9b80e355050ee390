"""Export reads one consistent snapshot: each ticket once, as it was when the export began."""

from __future__ import annotations

from agent_tui.services import ticket_actions as ta
from agent_tui.services.context import Context
from agent_tui.services.export import export_tickets, store_has_tickets
from agent_tui.store.db import open_database
from tests.conftest import new_ticket


def other_agent(ctx: Context) -> Context:
    """Another client: its own engine (its own connections) on the same database."""
    db = open_database(ctx.db.engine.url.render_as_string(hide_password=False))
    return Context(db, ctx.clock, "bob")


def test_changes_during_the_export_are_not_seen(ctx):
    numbers = [new_ticket(ctx, subject=f"Ticket {i}").number for i in range(7)]
    bob = other_agent(ctx)
    try:
        stream = export_tickets(ctx, batch=2)
        first = [next(stream) for _ in range(3)]
        late = new_ticket(bob, subject="Created during the export").number
        ta.note(bob, numbers[-1], "written during the export")
        ta.assign(bob, numbers[0], "bob")  # one already exported changes: no second copy
        rest = list(stream)
    finally:
        bob.db.dispose()
    exported = [d.number for d in first + rest]
    assert exported == numbers  # each once, in order; the new one is not in this export
    assert late not in exported
    last = rest[-1]
    assert all("written during the export" not in m.body for m in last.messages)
    assert [d.number for d in export_tickets(ctx)] == [*numbers, late]  # the next export has everything


def test_statuses_filter_and_empty_store(ctx):
    assert not store_has_tickets(ctx)
    assert list(export_tickets(ctx)) == []
    t = new_ticket(ctx)
    assert store_has_tickets(ctx)
    assert [d.number for d in export_tickets(ctx, ("new",))] == [t.number]
    assert list(export_tickets(ctx, ("closed",))) == []
