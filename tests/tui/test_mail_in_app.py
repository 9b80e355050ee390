"""Mail in, in the app: the watcher runs while the app does (its state in the header), and the
quarantine is a screen (Q) where a kept mail is read and retried."""

from __future__ import annotations


from textual.widgets import DataTable, Static

from agent_tui.mail.settings import MailSettings
from agent_tui.screens.quarantine import QuarantinedMail, QuarantineScreen
from agent_tui.services import mail_intake as mi
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.ticket_table import TicketTable
from tests.mail.conftest import OURS, mail
from tests.tui.conftest import make_app, settle, wait_for

SIZE = (120, 40)
BROKEN = b"\x00\x01 this is not a mail \xff\xfe"


def maildir(tmp_path, *raws: bytes):
    root = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True)
    for i, raw in enumerate(raws):
        (root / "new" / f"{1700000000 + i}.{i}.test").write_bytes(raw)
    return root


async def test_the_app_takes_mail_in_and_says_so_in_the_header(ctx, tmp_path):
    box = maildir(tmp_path, mail(subject="Printer on fire", message_id="fire@x"))
    settings = MailSettings(own_addresses=OURS.own_addresses, source="maildir", maildir=box)
    app = make_app(ctx, mail=settings, mail_interval=0.2)
    shown: list[str] = []  # every header the rounds produced (a round every 0.2 s replaces the last one's)
    app.watch_mail_status = lambda: (app._show_status(), shown.append(app.sub_title))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: any("1 stored" in line for line in shown), timeout=8)
        assert any("mail maildir:" in line or "mail " in line for line in shown)
        assert tq.count_tickets(ctx) == 1
        app.screen.refresh_data()
        table = app.screen.query_one(TicketTable)
        await wait_for(pilot, lambda: any(r.subject == "Printer on fire" for r in table.rows_data), timeout=8)
        assert list((box / "new").iterdir()) == []  # taken: moved to cur/ flagged seen
        (box / "new" / "1700000099.9.test").write_bytes(mail(subject="Second", message_id="second@x"))
        await wait_for(pilot, lambda: tq.count_tickets(ctx) == 2)  # the watcher keeps watching


async def test_a_broken_mail_table_is_said_and_the_app_starts(ctx):
    app = make_app(ctx, mail=None, mail_problem="config.toml [mail]: source must be \"maildir\" or \"imap\"")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert any("[mail]" in n.message for n in app._notifications)
        assert "mail" not in app.sub_title


async def test_the_quarantine_screen_shows_and_retries(ctx):
    kept = mi.intake(ctx, BROKEN, OURS)
    assert kept.status == "quarantined"
    app = make_app(ctx, mail=OURS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, QuarantineScreen)
        await wait_for(pilot, lambda: screen.query_one(DataTable).row_count == 1, timeout=8)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, QuarantinedMail)
        detail = app.screen.query_one("#q-detail", Static)
        await wait_for(pilot, lambda: "why:" in str(detail.render()), timeout=8)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("r")
        await wait_for(pilot, lambda: any("Still quarantined" in n.message for n in app._notifications), timeout=8)
        assert [q.attempts for q in mi.list_quarantine(ctx)] == [2]
