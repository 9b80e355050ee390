"""The seed stories' cast: a customer who writes real mail (RFC 5322 bytes through the mail intake)
and reads what the desk sent them (the outbox), and agents who work the screens with Pilot.

Each story in this folder walks one of the five published support processes (``/work/shared/seeds``)
from the customer's first mail to the end, on the policy preset that configures it. Time moves only
with the injected clock (``clock.advance``); timers fire in the sweep, as the app's would.
"""

from __future__ import annotations

import itertools
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from textual import events

from agent_tui.mail.settings import MailSettings
from agent_tui.services import config_store
from agent_tui.services import kb
from agent_tui.services import mail_intake as mi
from agent_tui.services import outbox
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.services.views import TicketDetail
from tests.tui.conftest import make_app, settle, wait_for

__all__ = ["Customer", "Mail", "Desk", "make_app", "settle", "wait_for"]

DESK_ADDRESS = "support@ourdesk.example"
SETTINGS = MailSettings(own_addresses=(DESK_ADDRESS,), address=DESK_ADDRESS)
SIZE = (80, 24)  # the smallest terminal an agent works in (a laptop, a split pane): the compact layout
SHIPPED_KB = Path(__file__).resolve().parents[2] / "data" / "kb"


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the screens call the same services on both backends; Pilot runs on SQLite


@dataclass(frozen=True)
class Mail:
    """One mail the customer received: what the outbox holds for them, as they get it."""

    id: int
    kind: str
    language: str  # the language it was written in (the template's)
    to: str
    subject: str
    body: str
    message_id: str

    def __contains__(self, text: str) -> bool:
        return text in self.subject or text in self.body


_ids = itertools.count(1)


@dataclass
class Customer:
    """A customer on the other end of the mail channel: writes to the desk, reads its answers."""

    ctx: Context
    name: str
    email: str
    seen: set[int] = field(default_factory=set)

    def writes(self, subject: str, body: str, *, answering: Mail | None = None,
               attachments: tuple[tuple[str, str, bytes], ...] = ()) -> mi.IntakeResult:
        """Send a mail to the desk. ``answering``: the desk's mail this replies to (its subject with the
        ``[#N]`` reference, In-Reply-To and References, and its text quoted below, as a mail client does)."""
        msg = EmailMessage()
        msg["From"] = f"{self.name} <{self.email}>"
        msg["To"] = DESK_ADDRESS
        msg["Date"] = format_datetime(self.ctx.clock.now())
        msg["Message-ID"] = f"<story{next(_ids)}.{self.email.replace('@', '.')}@mail.example>"
        text = body
        if answering is not None:
            msg["Subject"] = subject or f"Re: {answering.subject}"
            msg["In-Reply-To"] = f"<{answering.message_id}>"
            msg["References"] = f"<{answering.message_id}>"
            text = body + "\n\n" + "\n".join("> " + line for line in answering.body.splitlines()) + "\n"
        else:
            msg["Subject"] = subject
        msg.set_content(text)
        for filename, mime, data in attachments:
            maintype, subtype = mime.split("/")
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        result = mi.intake(self.ctx, msg.as_bytes(), SETTINGS, source="story")
        assert result.status == mi.STORED, result
        return result

    def inbox(self, number: int | None = None) -> list[Mail]:
        """Every mail the desk wrote to this customer (about ticket ``number``), oldest first."""
        views = outbox.list_outbox(self.ctx, ticket=number, limit=500)
        mails = []
        for view in sorted(views, key=lambda v: v.id):
            if view.to_addr != self.email:
                continue
            full, row = outbox.show(self.ctx, view.id)
            mails.append(Mail(view.id, view.kind, full.template_language, view.to_addr, full.subject, row.body,
                              row.message_id))
        return mails

    def new_mail(self, number: int | None = None) -> list[Mail]:
        """The mails that arrived since the last look (kinds in order)."""
        fresh = [m for m in self.inbox(number) if m.id not in self.seen]
        self.seen.update(m.id for m in fresh)
        return fresh

    def last(self, kind: str, number: int | None = None) -> Mail:
        found = [m for m in self.inbox(number) if m.kind == kind]
        assert found, f"{self.email} got no {kind} mail"
        return found[-1]


@dataclass
class Desk:
    """The support desk of one seed: its store (with the seed's policy preset active) and clock."""

    ctx: Context

    @property
    def clock(self):
        return self.ctx.clock

    def agent(self, name: str) -> Context:
        return self.ctx.as_actor(name)

    def ticket(self, number: int) -> TicketDetail:
        return tq.get_ticket(self.ctx, number)

    def customer(self, name: str, email: str) -> Customer:
        return Customer(self.ctx, name, email)

    def use(self, preset: str) -> None:
        config_store.use_policy(self.ctx.as_actor("system"), preset)

    def load_help_centre(self) -> None:
        """The shipped knowledge base (data/kb): the seeds' help-centre articles, in four languages."""
        kb.import_directory(self.ctx.as_actor("system"), SHIPPED_KB)


@pytest.fixture
def desk(ctx: Context) -> Desk:
    return Desk(ctx)


# ------------------------------------------------------------------ the agent's hands


async def keys(pilot, app, *pressed: str) -> None:
    """Press keys as a person does, then let the app finish what they started."""
    await pilot.press(*pressed)
    await settle(pilot, app)


TYPED = 24  # longer text is pasted: key by key costs a tenth of a second per key on a loaded machine


async def type_text(pilot, app, text: str) -> None:
    """Type ``text`` into the focused field, key by key (a newline is enter); a longer text is pasted
    into it (a bracketed paste, as a terminal delivers it)."""
    if len(text) <= TYPED:
        await pilot.press(*["enter" if c == "\n" else c for c in text])
    else:
        focused = app.focused
        assert focused is not None, "nothing has the focus to type into"
        focused.post_message(events.Paste(text))
    await settle(pilot, app)


async def open_ticket(pilot, app, number: int) -> None:
    """From the queue: ``/`` then ``#N`` and enter opens that ticket."""
    from agent_tui.screens.queue import QueueScreen
    from agent_tui.screens.ticket import TicketScreen

    while not isinstance(app.screen, QueueScreen):
        await keys(pilot, app, "escape")
    await keys(pilot, app, "slash")
    await type_text(pilot, app, f"#{number}\n")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.detail is not None
                   and app.screen.detail.number == number, timeout=5)
    await settle(pilot, app)


@asynccontextmanager
async def at_work(desk: Desk, agent: str, language: str | None = None):
    """``agent`` opens the app (in ``language``) at the queue; yields (app, pilot)."""
    app = make_app(desk.agent(agent), language=language)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        yield app, pilot


async def take_next(pilot, app) -> TicketDetail:
    """``t`` on the queue: the most urgent unassigned ticket of the agent's tier opens, theirs."""
    from agent_tui.screens.ticket import TicketScreen

    await keys(pilot, app, "t")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.detail is not None, timeout=5)
    return shown(app)


async def fill_in(pilot, app, key: str, **values: object) -> None:
    """Press ``key`` on the ticket (``C`` checklist, ``s`` solve, ``h`` hold …), fill the dialog's fields
    the way an agent does (typed text, a chosen option) and send it with ctrl+s."""
    from textual.widgets import Input, Select, TextArea

    from agent_tui.widgets.modals import FormModal

    await keys(pilot, app, key)
    form = app.screen
    assert isinstance(form, FormModal), f"{key} opened {form!r}"
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.load_text(str(value))
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = str(value)
        else:
            raise AssertionError(f"no field {name} to fill in {form!r}")
    await keys(pilot, app, "ctrl+s")


async def insert_article(pilot, app) -> None:
    """On the KB screen: ctrl+t puts the highlighted article into a reply; where a picker asks which part
    of the article, enter takes the first choice (the whole article)."""
    from agent_tui.screens.kb import KbScreen
    from agent_tui.widgets.modals import ComposerModal

    await keys(pilot, app, "ctrl+t")
    if not isinstance(app.screen, (ComposerModal, KbScreen)):
        await keys(pilot, app, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ComposerModal), timeout=5)


def shown(app) -> TicketDetail:
    """The ticket as the open ticket screen shows it now."""
    detail = app.screen.detail
    assert detail is not None
    return detail
