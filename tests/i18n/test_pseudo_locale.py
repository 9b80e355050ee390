"""Every visible string comes from the catalog: in a pseudo-locale where each translation is its English
text wrapped in ⟪…⟫, the screens show no English word outside ⟪⟫ but the store's own data
(subjects, names, article titles and bodies) and key names.

The pseudo catalog is built here from the extracted templates, so a string marked for translation
anywhere is wrapped, and a string that is not marked shows up bare and fails the test.
"""

from __future__ import annotations

import gettext
import io
import re
import time
from html import unescape

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from agent_tui import i18n
from agent_tui.i18n_tools import extract
from agent_tui.locations import shipped_data_dir
from agent_tui.screens.escalation import EscalationScreen
from agent_tui.screens.help import HelpScreen
from agent_tui.screens.kb import KbScreen
from agent_tui.screens.new_ticket import NewTicketScreen
from agent_tui.screens.quarantine import QuarantineScreen
from agent_tui.screens.report import ReportScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import Context
from agent_tui.services import agents as agent_svc
from agent_tui.services import mail_intake as mi
from agent_tui.services import ticket_queries as tq
from agent_tui.services.demo import load_demo
from tests.mail.conftest import OURS
from tests.tui.conftest import make_app, settle, wait_for

SIZE = (120, 40)
OPEN, CLOSE = "⟪", "⟫"
WORD = re.compile(r"[A-Za-z]{3,}")
# Key names and fixed tokens the screens write as they are, in every language.
KEY_WORDS = {"ctrl", "esc", "enter", "PgDn", "PgUp", "tab", "shift", "home", "end", "agent", "tui", "UTC",
             "raw", "mail", "quarantine", "show"}  # the last four: the 'agent-tui mail quarantine show' command


def pseudo_catalog(tmp_path) -> gettext.GNUTranslations:
    catalog = Catalog(locale="en", domain="agent_tui")
    for template in extract().values():
        for message in template:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                string = tuple(f"{OPEN}{m}{CLOSE}" for m in message.id)
            else:
                string = f"{OPEN}{message.id}{CLOSE}"
            catalog.add(message.id, string, context=message.context)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return gettext.GNUTranslations(io.BytesIO(buf.getvalue()))


def screen_text(app) -> str:
    """The screen as drawn (the SVG screenshot's text, row by row)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        text = unescape(re.sub(r"<[^>]+>", "", m.group(3))).replace("\xa0", " ")
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), text))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))


def outside_catalog(text: str) -> str:
    """What is left once every ⟪…⟫ (nested, wrapped over lines) is taken out; a ⟪ cut off by the
    width of a cell counts to the end of its line, a lone ⟫ from the start of its line."""
    while True:
        stripped = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if stripped == text:
            break
        text = stripped
    lines = []
    for line in text.splitlines():
        if CLOSE in line:
            line = line[line.rindex(CLOSE) + 1:]
        if OPEN in line:
            line = line[:line.index(OPEN)]
        lines.append(line)
    return "\n".join(lines)


def data_words(ctx: Context) -> set[str]:
    """Every word of the store's own text: what customers, agents and articles wrote is data, not UI."""
    texts: list[str] = []
    for row in tq.list_tickets(ctx, tq.QueueFilter(statuses=()), limit=1000):
        texts += [row.subject, row.customer, row.company, row.assignee or ""]
        d = tq.get_ticket(ctx, row.number)
        texts += [d.description, d.customer_email, d.triage_reason, d.triage_rule, d.hold_reason,
                  d.proposed_solution, d.resolution, *d.cc, *(str(v) for v in d.checklist.values())]
        texts += [part for m in d.messages for part in (m.body, m.author)]
        texts += [part for e in d.escalations for part in (e.findings, e.steps_taken, e.workaround, e.logs,
                                                           e.criterion, e.actor)]
        texts += [str(e.details.get("reason", "")) for e in d.events if isinstance(e.details, dict)]
        texts += [e.actor for e in d.events]
        texts += [a.title for a in d.articles]
    for a in agent_svc.list_agents(ctx):
        texts += [a.name, getattr(a, "display_name", "") or ""]
    for path in sorted((shipped_data_dir() / "kb").iterdir()):  # the demo's articles: title, tags, body
        texts += [path.stem, path.read_text(encoding="utf-8", errors="replace")]
    for q in mi.list_quarantine(ctx):
        texts += [q.from_addr or "", q.subject or "", q.reason, q.source or ""]
    return {w for t in texts if t for w in WORD.findall(str(t))}


def is_data(word: str, end: int, line: str, allowed: set[str]) -> bool:
    """A data word, or one cut by its cell's width (``inspec…``), or two run together where a line was
    wrapped in a text box."""
    if word in allowed:
        return True
    if line[end:end + 1] == "…" and any(w.startswith(word) for w in allowed):
        return True
    return any(word[:i] in allowed and word[i:] in allowed for i in range(3, len(word) - 2))


def bare_words(app, allowed: set[str]) -> list[str]:
    """Each line of the screen that shows a word neither in the catalog nor in the data, with those words."""
    out = []
    for line in outside_catalog(screen_text(app)).splitlines():
        bare = [m.group() for m in WORD.finditer(line) if not is_data(m.group(), m.end(), line, allowed)]
        if bare:
            out.append(f"{bare}: {line.strip()}")
    return out


@pytest.fixture
def demo(db, clock) -> Context:
    load_demo(Context(db, clock, "system", quiet=True))
    ctx = Context(db, clock, "alice")
    mi.intake(ctx, b"\x00\x01 this is not a mail \xff\xfe", OURS)  # one mail in the quarantine
    return ctx


@pytest.fixture
def pseudo(tmp_path):
    i18n.use(pseudo_catalog(tmp_path), "xx")
    yield
    i18n.activate("en")


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_every_screen_shows_only_catalog_text_and_data(demo, pseudo):
    ctx = demo
    allowed = data_words(ctx) | KEY_WORDS
    app = make_app(ctx, mail=OURS)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        seen["queue"] = bare_words(app, allowed)

        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        seen["help"] = bare_words(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        mine = [r for r in tq.list_tickets(ctx, tq.QueueFilter(assignee="alice"), limit=5)]
        number = mine[0].number if mine else tq.list_tickets(ctx, tq.QueueFilter(), limit=1)[0].number
        app.open_ticket(number)
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen)
        seen["ticket"] = bare_words(app, allowed)

        await pilot.press("b")
        await settle(pilot, app)
        assert isinstance(app.screen, KbScreen)
        await pilot.press(*"invoice")
        await wait_for(pilot, lambda: app.screen.last_result is not None and app.screen.last_result.query, 5)
        await settle(pilot, app)
        seen["kb"] = bare_words(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        app.push_screen(EscalationScreen(ctx, number))
        await settle(pilot, app)
        seen["escalation"] = bare_words(app, allowed)
        await pilot.press("ctrl+s")  # refused: the problems are listed in the form
        await settle(pilot, app)
        seen["escalation refused"] = bare_words(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("escape")  # back to the queue
        await settle(pilot, app)

        app.action_new_ticket()
        await settle(pilot, app)
        assert isinstance(app.screen, NewTicketScreen)
        await pilot.press(*"Cannot publish the report")
        await pilot.pause(0.5)
        await settle(pilot, app)
        seen["new ticket"] = bare_words(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        await pilot.press("R")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        seen["report"] = bare_words(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        await pilot.press("Q")
        await settle(pilot, app)
        assert isinstance(app.screen, QuarantineScreen)
        seen["quarantine"] = bare_words(app, allowed)
    found = [f"{screen}: {line}" for screen, lines in seen.items() for line in lines]
    assert not found, "text outside the catalog:\n" + "\n".join(found)
