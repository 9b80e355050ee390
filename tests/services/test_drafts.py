"""The draft store: per agent, ticket and kind; exact round trip; removed only when asked (both backends)."""

from __future__ import annotations

import threading

import pytest

from agent_tui.domain.text import clean
from agent_tui.errors import InvalidInput
from agent_tui.services import drafts
from tests.conftest import new_ticket

EXACT = "[bold]not bold[/bold] nul\x00 [@click=app.quit]x[/]\n\ttabbed \x1b[2J ümlaut 打印机 🖨️\r\nend  "


class TestDraftStore:
    def test_a_draft_round_trips_as_typed_with_control_codes_made_visible(self, ctx):
        t = new_ticket(ctx)
        drafts.save(ctx, t.number, drafts.REPLY, {"body": EXACT})
        kept = drafts.load(ctx, t.number, drafts.REPLY)["body"]
        assert kept == clean(EXACT)
        assert "[bold]not bold[/bold]" in kept and "[@click=app.quit]x[/]" in kept and "打印机 🖨️" in kept
        assert "\x00" not in kept and "\x1b" not in kept

    def test_saving_again_replaces_the_draft(self, ctx):
        t = new_ticket(ctx)
        drafts.save(ctx, t.number, drafts.NOTE, {"body": "first"})
        drafts.save(ctx, t.number, drafts.NOTE, {"body": "second"})
        assert drafts.load(ctx, t.number, drafts.NOTE) == {"body": "second"}
        assert drafts.for_ticket(ctx, t.number) == {drafts.NOTE: {"body": "second"}}

    def test_two_agents_on_the_same_ticket_do_not_see_each_others_drafts(self, ctx):
        t = new_ticket(ctx)
        bob = ctx.as_actor("bob")
        drafts.save(ctx, t.number, drafts.REPLY, {"body": "alice's words"})
        drafts.save(bob, t.number, drafts.REPLY, {"body": "bob's words"})
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "alice's words"}
        assert drafts.load(bob, t.number, drafts.REPLY) == {"body": "bob's words"}
        assert drafts.discard(bob, t.number, drafts.REPLY)
        assert drafts.load(bob, t.number, drafts.REPLY) is None
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "alice's words"}

    def test_kinds_and_tickets_are_kept_apart(self, ctx):
        a, b = new_ticket(ctx).number, new_ticket(ctx).number
        drafts.save(ctx, a, drafts.REPLY, {"body": "reply on a"})
        drafts.save(ctx, a, drafts.REQUEST_INFO, {"body": "request on a"})
        drafts.save(ctx, b, drafts.ESCALATION, {"findings": "f", "steps": "s"})
        drafts.save(ctx, None, drafts.NEW_TICKET, {"subject": "new one", "description": ""})
        assert list(drafts.for_ticket(ctx, a)) == [drafts.REPLY, drafts.REQUEST_INFO]
        assert drafts.for_ticket(ctx, b) == {drafts.ESCALATION: {"findings": "f", "steps": "s"}}
        assert list(drafts.for_ticket(ctx, None)) == [drafts.NEW_TICKET]
        assert drafts.load(ctx, b, drafts.REPLY) is None
        assert drafts.load(ctx, None, drafts.NEW_TICKET) == {"subject": "new one", "description": ""}

    def test_a_blank_draft_is_no_draft(self, ctx):
        t = new_ticket(ctx)
        drafts.save(ctx, t.number, drafts.REPLY, {"body": "something"})
        drafts.save(ctx, t.number, drafts.REPLY, {"body": "  \n "})
        assert drafts.load(ctx, t.number, drafts.REPLY) is None
        assert not drafts.discard(ctx, t.number, drafts.REPLY)

    def test_bad_keys_are_one_clear_error(self, ctx):
        with pytest.raises(InvalidInput, match="unknown kind"):
            drafts.save(ctx, 1, "poem", {"body": "x"})
        with pytest.raises(InvalidInput, match="needs a ticket number"):
            drafts.load(ctx, None, drafts.REPLY)
        with pytest.raises(InvalidInput, match="belongs to no ticket"):
            drafts.load(ctx, 5, drafts.NEW_TICKET)


class TestDraftSlot:
    def test_an_older_save_never_overwrites_a_newer_one(self, ctx):
        t = new_ticket(ctx)
        slot = drafts.DraftSlot(ctx, t.number, drafts.REPLY)
        old, new = slot.stamp(), slot.stamp()
        assert slot.save(new, {"body": "newer"})
        assert not slot.save(old, {"body": "older"})
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "newer"}

    def test_no_save_brings_a_sent_draft_back(self, ctx):
        t = new_ticket(ctx)
        slot = drafts.DraftSlot(ctx, t.number, drafts.REPLY)
        typing = slot.stamp()
        slot.save(slot.stamp(), {"body": "sent text"})
        assert slot.discard(slot.stamp(), close=True)
        assert not slot.save(typing, {"body": "sent tex"})  # a debounced save that was still on its way
        assert not slot.save(slot.stamp(), {"body": "sent text"})
        assert drafts.load(ctx, t.number, drafts.REPLY) is None

    def test_saves_from_many_threads_keep_the_last_stamp(self, ctx):
        t = new_ticket(ctx)
        slot = drafts.DraftSlot(ctx, t.number, drafts.NOTE)
        stamps = [slot.stamp() for _ in range(8)]
        threads = [threading.Thread(target=slot.save, args=(s, {"body": f"v{s}"})) for s in reversed(stamps)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert drafts.load(ctx, t.number, drafts.NOTE) == {"body": f"v{stamps[-1]}"}
