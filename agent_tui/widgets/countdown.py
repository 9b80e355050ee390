"""Countdown cells: remaining time coloured by SLA state, computed locally (no query per tick)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from agent_tui.domain.sla import SlaState
from agent_tui.services.views import Countdown

STYLES: dict[SlaState, str] = {
    SlaState.OK: "green",
    SlaState.WARNING: "bold yellow",
    SlaState.BREACHED: "bold white on red",
    SlaState.PAUSED: "dim cyan",
    SlaState.MET: "dim green",
    SlaState.NONE: "dim",
}


def countdown_text(cd: Countdown, now: datetime, *, with_label: bool = False) -> Text:
    """``2h 10m`` (or ``label 2h 10m``) styled ok / warning / breached / paused."""
    body = cd.text(now)
    style = STYLES.get(cd.state(now), "")
    if with_label:
        out = Text(f"{cd.label}: ", style="bold")
        out.append(body, style=style)
        return out
    return Text(body, style=style, no_wrap=True)
