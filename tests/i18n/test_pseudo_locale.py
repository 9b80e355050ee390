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
from agent_tui.domain.escalation import CRITERIA
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
TYPED = "Cannot publish the report"  # what the test types into the new-ticket form (data too)
CRITERIA_KEYS = [key for table in CRITERIA.values() for key in table]  # shown as ids: "(potential_bug)"
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
    """The screen with every ⟪…⟫ (nested, wrapped over lines) replaced by a cut (``\x00``); a ⟪ cut off
    by the width of a cell counts to the end of its line, a lone ⟫ from the start of its line."""
    while True:
        stripped = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", "\x00", text)
        if stripped == text:
            break
        text = stripped
    lines = []
    for line in text.splitlines():
        if CLOSE in line:
            line = "\x00" + line[line.rindex(CLOSE) + 1:]
        if OPEN in line:
            line = line[:line.index(OPEN)] + "\x00"
        lines.append(line)
    return "\n".join(lines)


def words_of(text: str) -> list[str]:
    """The words with a letter in them (numbers, dates and symbols are not language)."""
    return [w for w in re.findall(r"\w+", text) if re.search(r"[^\W\d_]", w)]


class Data:
    """The store's texts: all their words in one sequence (``text``), and what one word alone may be:
    a whole value or line (a name, a tag, a heading), or the first or last word of a line (wrapped)."""

    def __init__(self, texts: list[str]) -> None:
        lines = [words_of(line) for t in texts if t for line in str(t).splitlines()]
        self.text = " " + " ".join(w for ws in lines for w in ws) + " "
        self.alone = {w for ws in lines if ws for w in (ws[0], ws[-1])}


def data_text(ctx: Context) -> Data:
    """Every text of the store, as one sequence of words per line: what customers, agents and articles
    wrote is data, not UI."""
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
        texts += [a.name, a.display_name or ""]
    for path in sorted((shipped_data_dir() / "kb").iterdir()):  # the demo's articles: title, tags, body
        texts += [path.stem, path.read_text(encoding="utf-8", errors="replace")]
    for q in mi.list_quarantine(ctx):
        texts += [q.from_addr or "", q.subject or "", q.reason, q.source or ""]
    texts += [*CRITERIA_KEYS, TYPED]
    texts.append((shipped_data_dir() / "triage_rules.toml").read_text(encoding="utf-8"))  # rule names, tags
    return Data(texts)


def is_data(chunk: str, data: Data) -> bool:
    """A stretch of the screen between cuts (catalog text, two spaces, a border) is the store's text: its
    words appear in that order in one text (a cell cut to its width ends in ``…``: that word is a part)."""
    words = words_of(chunk)
    if chunk.rstrip().endswith("…") and words:
        words = words[:-1]
    if chunk.lstrip().startswith("…") and words:
        words = words[1:]
    if not any(re.search(r"[A-Za-z]{3}", w) for w in words if w not in KEY_WORDS):
        return True  # key names, numbers, symbols
    if f" {' '.join(words)} " in data.text:
        return True
    bare = [w for w in words if w not in KEY_WORDS]  # key names and the product's name beside data
    if len(bare) == 1:  # one word alone: a whole value, or where a line of data was wrapped or cut
        return bare[0] in data.alone or chunk.rstrip().endswith("…")
    if f" {' '.join(bare)} " in data.text:
        return True
    return "".join(words) in data.text.replace(" ", "")  # two spans of a highlighted snippet drawn without the space


def bare_text(app, data: Data) -> list[str]:
    """Each stretch of the screen in English that is neither catalog text nor data."""
    out = []
    for line in outside_catalog(screen_text(app)).splitlines():
        for chunk in re.split(r"\x00|\s{2,}| · | › |[▏│█▎▊▕┃|]", line):  # " › ": a snippet's section heading
            if chunk.strip() and not is_data(chunk, data):
                out.append(f"{chunk.strip()!r} in: {line.replace(chr(0), '⟪⟫').strip()}")
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
    allowed = data_text(ctx)
    app = make_app(ctx, mail=OURS)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        seen["queue"] = bare_text(app, allowed)

        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        seen["help"] = bare_text(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        mine = [r for r in tq.list_tickets(ctx, tq.QueueFilter(assignee="alice"), limit=5)]
        number = mine[0].number if mine else tq.list_tickets(ctx, tq.QueueFilter(), limit=1)[0].number
        app.open_ticket(number)
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen)
        seen["ticket"] = bare_text(app, allowed)

        await pilot.press("b")
        await settle(pilot, app)
        assert isinstance(app.screen, KbScreen)
        await pilot.press(*"invoice")
        await wait_for(pilot, lambda: app.screen.last_result is not None and app.screen.last_result.query, 5)
        await settle(pilot, app)
        seen["kb"] = bare_text(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        app.push_screen(EscalationScreen(ctx, number))
        await settle(pilot, app)
        seen["escalation"] = bare_text(app, allowed)
        await pilot.press("ctrl+s")  # refused: the problems are listed in the form
        await settle(pilot, app)
        seen["escalation refused"] = bare_text(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("escape")  # back to the queue
        await settle(pilot, app)

        app.action_new_ticket()
        await settle(pilot, app)
        assert isinstance(app.screen, NewTicketScreen)
        await pilot.press(*TYPED)
        await pilot.pause(0.5)
        await settle(pilot, app)
        seen["new ticket"] = bare_text(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        await pilot.press("R")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        seen["report"] = bare_text(app, allowed)
        await pilot.press("escape")
        await settle(pilot, app)

        await pilot.press("Q")
        await settle(pilot, app)
        assert isinstance(app.screen, QuarantineScreen)
        seen["quarantine"] = bare_text(app, allowed)
    found = [f"{screen}: {line}" for screen, lines in seen.items() for line in lines]
    assert not found, "text outside the catalog:\n" + "\n".join(found)
