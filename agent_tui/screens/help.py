"""``?``: every key of the screen underneath, generated from :mod:`agent_tui.bindings`, and what the
SLA column's symbols mean."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from agent_tui.bindings import APP_ACTIONS, Key, keys_for
from agent_tui.screens.base import AgentModal, ScreenContract
from agent_tui.domain.sla import Clock
from agent_tui.i18n import N_, _
from agent_tui.widgets import labels
from agent_tui.widgets.severity_picker import severity_definitions

# What the SLA cells (queue, tier board) and the ticket header show; every symbol they use is here.
SLA_SYMBOLS: tuple[tuple[str, str], ...] = (
    *((c.short, N_("{clock} clock: the deadline that matters now (the queue is sorted by it)")) for c in Clock),
    ("▶", N_("in the ticket header: that same clock")),
    ("⏸", N_("paused: pending or on hold, the time left is frozen")),
    ("☾", N_("outside business hours: the clock waits for the next opening")),
    ("-1h 05m", N_("overdue by that much business time (-0m: passed, no business time since)")),
    (N_("order"), N_("by the instant that deadline falls due; times are business time on each ticket's calendar")),
)


def sla_symbols() -> list[tuple[str, str]]:
    """The legend in the active language (the clocks' short names as the queue shows them)."""
    out = []
    for symbol, meaning in SLA_SYMBOLS:
        clock = next((c for c in Clock if c.short == symbol), None)
        if clock is not None:
            out.append((labels.clock_short(symbol), _(meaning).format(clock=labels.clock(clock.value))))
        else:
            out.append((_(symbol) if symbol == "order" else symbol, _(meaning)))
    return out


class HelpScreen(AgentModal[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """
    KEY_TABLE = "help"

    def __init__(self, table: str | None, title: str = "", under: ScreenContract | None = None, *,
                 keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.table = table
        self.heading = title
        self.under = under  # the screen the keys act on: what it refuses now is marked, not offered
        self.keymap = keymap  # the user's remapped keys: the help shows the keys that work

    def _refused(self, key: Key) -> bool:
        return self.under is not None and key.action not in APP_ACTIONS and not self.under.allows(key.action)

    def compose(self) -> ComposeResult:
        rows = [(key.label, _(key.description), self._refused(key)) for key in keys_for(self.table, self.keymap)]
        rows.append(("ctrl+p", _("Command palette (every action, saved views)"), False))
        width = max(len(k) for k, _d, _r in rows) + 2
        grid = Text()
        for label, description, refused in rows:
            grid.append(label.ljust(width), style="dim" if refused else "bold cyan")
            grid.append(description, style="dim" if refused else "")
            grid.append(_(" (not now)") + "\n" if refused else "\n", style="dim italic")
        legend = Text()
        symbols = sla_symbols()
        lw = max(len(k) for k, _m in symbols) + 2
        for symbol, meaning in symbols:
            legend.append(symbol.ljust(lw), style="bold cyan")
            legend.append(meaning + "\n")
        with VerticalScroll():
            yield Static(Text(_("Keys — {screen}").format(screen=self.heading or self.table or "agent-tui"),
                              style="bold"))
            yield Static(grid)
            yield Static(Text(_("SLA column"), style="bold"))
            yield Static(legend, id="sla-legend")
            yield Static(Text(_("Severities"), style="bold"), id="help-severities-head")
            yield Static(severity_definitions(), id="help-severities")
            yield Static(Text(_("esc closes"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
