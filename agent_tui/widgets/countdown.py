"""Countdown cells: remaining time coloured by SLA state, computed locally (no query per tick)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from agent_tui.domain.sla import SlaState
from agent_tui.i18n import _
from agent_tui.services.views import Countdown
from agent_tui.widgets import labels

STYLES: dict[SlaState, str] = {
    SlaState.OK: "green",
    SlaState.WARNING: "bold yellow",
    SlaState.BREACHED: "bold white on red",
    SlaState.PAUSED: "dim cyan",
    SlaState.MET: "dim green",
    SlaState.NONE: "dim",
}


def countdown_text(cd: Countdown, now: datetime, *, with_label: bool = False, with_clock: bool = False) -> Text:
    """A table cell (``2h 10m``; with ``with_clock`` the clock's short name first: ``upd 2h 10m``), or
    with a label the full text for a header (``resolution: 3h 20m business · due Tue 14:20 CET``),
    styled ok / warning / breached / paused."""
    body = cd.text(now) if with_label else cd.short(now)
    style = STYLES.get(cd.state(now), "")
    if with_label:
        out = Text(_("{clock}: ").format(clock=labels.clock(cd.label)), style="bold")
        out.append(body, style=style)
        return out
    if with_clock and cd.due_at is not None and cd.clock_short:
        out = Text(f"{labels.clock_short(cd.clock_short):<3} ", style="dim", no_wrap=True)
        out.append(body, style=style)
        return out
    return Text(body, style=style, no_wrap=True)
