"""Countdown cells: remaining time coloured by SLA state, computed locally (no query per tick)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from agent_tui.domain.sla import SlaState
from agent_tui import i18n
from agent_tui.domain.calendar import ENGLISH_WORDS, CountdownWords
from agent_tui.i18n import N_, _
from agent_tui.services.views import Countdown, TicketRow
from agent_tui.widgets import labels

# domain.calendar.CountdownWords in the agent's language (the English defaults are these msgids)
WORDS = {
    "left": N_("{left} business · due {due}"),
    "paused_until": N_("paused until {at} · {text}"),
    "overdue": N_("overdue · was due {due}"),
    "overdue_by": N_("overdue by {late} business · was due {due}"),
    "paused_left": N_("⏸ {left} business left (paused)"),
    "paused_overdue": N_("⏸ overdue by {late} business"),
    "met": N_("met"),
    "missed": N_("missed"),
    "at_closing": N_("{due} (at closing)"),
}
_words: dict[int, CountdownWords] = {}


def _instant(local, with_date: bool) -> str:
    """``Di. 14:20 CET`` / ``Di. 14. Apr. 14:20 CEST``: the weekday (and date) in the agent's locale."""
    from babel.dates import format_datetime

    pattern = "EEE d MMM HH:mm" if with_date else "EEE HH:mm"
    return f"{format_datetime(local, pattern, locale=i18n.babel_locale())} {local.tzname() or ''}".rstrip()


def countdown_words() -> CountdownWords:
    """The countdown's words in the active language (English: the domain's own, unchanged)."""
    lang = i18n.current()
    if lang == i18n.DEFAULT:
        return ENGLISH_WORDS
    key = id(i18n.active())
    if key not in _words:
        _words[key] = CountdownWords(**{k: _(v) for k, v in WORDS.items()}, instant=_instant)
    return _words[key]

STYLES: dict[SlaState, str] = {
    SlaState.OK: "green",
    SlaState.WARNING: "bold yellow",
    SlaState.BREACHED: "bold white on red",
    SlaState.PAUSED: "dim cyan",
    SlaState.MET: "dim green",
    SlaState.NONE: "dim",
}


def countdown_text(cd: Countdown, now: datetime, *, with_label: bool = False, with_clock: bool = False,
                   warned: bool = False) -> Text:
    """A table cell (``2h 10m``; with ``with_clock`` the clock's short name first: ``upd 2h 10m``), or
    with a label the full text for a header (``resolution: 3h 20m business · due Tue 14:20 CET``),
    styled ok / warning / breached / paused."""
    words = countdown_words()
    body = cd.text(now, words) if with_label else cd.short(now, words)
    style = STYLES.get(cd.state(now), "")
    if with_label:
        out = Text(_("{clock}: ").format(clock=labels.clock(cd.label)), style="bold")
        out.append(body, style=style)
        return out
    if with_clock and cd.due_at is not None and cd.clock_short:
        out = Text(f"{labels.clock_short(cd.clock_short):<3}" + ("" if warned else " "), style="dim", no_wrap=True)
        if warned:
            out.append("⚠", style="bold yellow")
        out.append(body, style=style)
        return out
    if warned:
        return Text.assemble(("⚠", "bold yellow"), (body, style), no_wrap=True)
    return Text(body, style=style, no_wrap=True)


def sla_cell(row: TicketRow, now: datetime) -> Text:
    """The queue's SLA cell: the deadline that matters now (``upd 2h 10m``), ``⚠`` where any running clock
    of the ticket is within its warning time (N business minutes before its breach), ``no SLA`` where no
    target of its policy matches it."""
    if not row.has_sla:
        return Text(_("no SLA"), style="dim", no_wrap=True)
    return countdown_text(row.sla, now, with_clock=True, warned=row.warned(now) is not None)
