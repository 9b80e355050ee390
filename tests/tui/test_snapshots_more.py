"""Snapshots of the screens and dialogs the other snapshot files do not picture, at 120×40 and 80×24
(agents work in split panes and on laptops): the composers, the checklist form, files and full mail,
the close question, the queue's filter and views, the outbox and the quarantine with their mail.

Deterministic as in ``test_snapshots_dialogs`` (FixedClock, UTC, fresh numbers); Message-IDs are pinned.
Each ``run_before`` asserts the dialog it pictures is the one on top.
"""

from __future__ import annotations

import itertools

import pytest

from agent_tui.screens.outbox import OutboxScreen, OutgoingMail
from agent_tui.screens.quarantine import QuarantinedMail, QuarantineScreen
from agent_tui.screens.queue import QueueScreen
from agent_tui.services import mail_intake as mi
from agent_tui.services import outbox
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_files as tf
from agent_tui.services.saved_views import save_view
from agent_tui.services.ticket_queries import QueueFilter
from agent_tui.widgets.mail_views import AttachmentsModal, FullMailModal
from agent_tui.widgets.modals import ComposerModal, ConfirmModal, FormModal
from tests.mail.conftest import OURS, fixture_bytes
from tests.tui.conftest import make_app, settle
from tests.tui.test_snapshots_dialogs import SIZES, _utc, on_ticket, steady, working_ticket  # noqa: F401

pytestmark = pytest.mark.usefixtures("_utc")


@pytest.fixture(autouse=True)
def _pinned_ids(monkeypatch):
    numbers = itertools.count(1)
    monkeypatch.setattr(outbox, "new_message_id",
                        lambda settings, number: f"pinned-{next(numbers)}.t{number}@{settings.domain}")


def on_queue(*keys: str, expect: type):
    async def run_before(pilot) -> None:
        await settle(pilot, pilot.app)
        assert isinstance(pilot.app.screen, QueueScreen)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, pilot.app)
        await steady(pilot)
        assert type(pilot.app.screen) is expect, pilot.app.screen

    return run_before


class TestComposersAndForms:
    @pytest.mark.parametrize("size", SIZES)
    def test_reply_composer(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "r", expect=ComposerModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_note_composer_keeps_files_unmailed(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "i", expect=ComposerModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_request_info_composer(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "p", expect=ComposerModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_checklist_form_marks_the_gaps(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        ta.update_checklist(ctx, number, {"environment": "", "reproduction_steps": ""})
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "C", expect=FormModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_close_asks_first(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        ta.solve(ctx, number, "fixed", "Rate table refreshed.")
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "c", expect=ConfirmModal))


class TestFilesAndMail:
    @pytest.mark.parametrize("size", SIZES)
    def test_attachments_list(self, ctx, clock, snap_compare, size):
        number = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), OURS).ticket_number
        ta.assign(ctx, number)
        ta.note(ctx, number, "Screenshot from the call", files=[tf.OutgoingFile("call.png", b"\x89PNG call")])
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "A", expect=AttachmentsModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_full_mail(self, ctx, clock, snap_compare, size):
        number = mi.intake(ctx, fixture_bytes("outlook_de_reply.eml"), OURS).ticket_number
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "M", expect=FullMailModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_outbox(self, ctx, clock, snap_compare, size):
        working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size, run_before=on_queue("O", expect=OutboxScreen))

    @pytest.mark.parametrize("size", SIZES)
    def test_outgoing_mail(self, ctx, clock, snap_compare, size):
        working_ticket(ctx, clock)

        async def run_before(pilot) -> None:
            await on_queue("O", expect=OutboxScreen)(pilot)
            await pilot.press("enter")
            await settle(pilot, pilot.app)
            await pilot.pause(0.2)
            await steady(pilot)
            assert type(pilot.app.screen) is OutgoingMail

        assert snap_compare(make_app(ctx), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_quarantine_and_a_kept_mail(self, ctx, clock, snap_compare, size):
        mi.intake(ctx, b"\x00\x01 this is not a mail \xff\xfe", OURS)

        async def run_before(pilot) -> None:
            await on_queue("Q", expect=QuarantineScreen)(pilot)
            await pilot.press("enter")
            await settle(pilot, pilot.app)
            await pilot.pause(0.2)
            await steady(pilot)
            assert type(pilot.app.screen) is QuarantinedMail

        assert snap_compare(make_app(ctx, mail=OURS), terminal_size=size, run_before=run_before)


class TestQueueDialogs:
    @pytest.mark.parametrize("size", SIZES)
    def test_status_and_severity_filter(self, ctx, clock, snap_compare, size):
        working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size, run_before=on_queue("f", expect=FormModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_recall_a_saved_view(self, ctx, clock, snap_compare, size):
        working_ticket(ctx, clock)
        save_view("critical mine", QueueFilter(severities=("critical",), assignee="alice"))
        assert snap_compare(make_app(ctx), terminal_size=size, run_before=on_queue("l", expect=FormModal))


class TestKbSections:
    @pytest.mark.parametrize("size", SIZES)
    def test_section_picker(self, ctx, clock, snap_compare, size):
        from textual.widgets import Input

        from agent_tui.screens.kb import KbScreen, SectionPicker
        from agent_tui.services import kb

        kb.save_article(ctx, kb.ArticleInput(
            "sync-stuck", "Sync stuck at 99 %", "Check the device first.\n\n## On the phone\n\n1. Open Settings.\n\n"
            "### Android\n\nDisable battery saving.\n\n## On the desktop\n\nRestart the client.", tags=("sync",)))
        number = working_ticket(ctx, clock)

        async def run_before(pilot) -> None:
            await on_ticket(ctx, number, "b", expect=KbScreen)(pilot)
            pilot.app.screen.query_one("#kb-query", Input).value = "sync stuck"
            for _ in range(40):
                await pilot.pause(0.05)
                if pilot.app.screen.selected == "sync-stuck":
                    break
            await pilot.press("ctrl+o")
            await settle(pilot, pilot.app)
            await steady(pilot)
            assert type(pilot.app.screen) is SectionPicker, pilot.app.screen

        assert snap_compare(make_app(ctx), terminal_size=size, run_before=run_before)
