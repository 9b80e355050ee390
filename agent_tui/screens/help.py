"""``?``: every key of the screen underneath, generated from :mod:`agent_tui.bindings`."""

from __future__ import annotations

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
        rows = [(key.label, key.description) for key in keys_for(self.table)]
        rows.append(("ctrl+p", "Command palette (every action, saved views)"))
        width = max(len(k) for k, _ in rows) + 2
        grid = Text()
        for label, description in rows:
            grid.append(label.ljust(width), style="bold cyan")
            grid.append(description + "\n")
        with VerticalScroll():
            yield Static(Text(f"Keys — {self.heading or self.table or 'agent-tui'}", style="bold"))
            yield Static(grid)
            yield Static(Text("esc closes", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
