"""``?``: every key of the screen underneath, generated from :mod:`agent_tui.bindings`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from agent_tui.bindings import keys_for


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, table: str | None, title: str = "") -> None:
        super().__init__()
        self.table = table
        self.heading = title

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold cyan", no_wrap=True)
        grid.add_column()
        for key in keys_for(self.table):
            grid.add_row(Text(key.label), Text(key.description))
        grid.add_row(Text("ctrl+p"), Text("Command palette (every action, saved views)"))
        with VerticalScroll():
            yield Static(Text(f"Keys — {self.heading or self.table or 'agent-tui'}", style="bold"))
            yield Static(grid)
            yield Static(Text("esc closes", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
