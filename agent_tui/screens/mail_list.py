"""What the mail lists share (the quarantine, ``Q``, and the outbox, ``O``): a table of mails where
``enter`` shows one and the cursor's row is the one acted on, and the dialog that shows one mail,
its text built in a worker (outside text, drawn literally)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from agent_tui.errors import AgentTuiError
from agent_tui.i18n import _
from agent_tui.screens.base import AgentModal, AgentScreen
from agent_tui.widgets.safe import safe_text


class MailListScreen(AgentScreen):
    """A screen whose DataTable lists ``self.rows``, one row each, in order."""

    rows: list

    def _selected(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show()

    def action_show(self) -> None:  # pragma: no cover - every list says what showing a row opens
        raise NotImplementedError


class MailDetail(AgentModal[None]):
    """One mail in a scrolling dialog; :meth:`detail` (run in a worker) says what it shows."""

    DEFAULT_CSS = """
    MailDetail { align: center middle; }
    MailDetail > Vertical { width: 90%; max-width: 110; height: 90%; border: thick $accent;
                            background: $surface; padding: 0 1; }
    MailDetail VerticalScroll { height: 1fr; }
    """
    DETAIL_ID = "detail"

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.heading, style="bold"))
            with VerticalScroll():
                yield Static(Text(_("Loading…"), style="dim"), id=self.DETAIL_ID)
            yield Static(Text(_("esc: close"), style="dim"))

    def on_mount(self) -> None:
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        try:
            text = self.detail()
        except AgentTuiError as exc:
            text = safe_text(exc.message, "red")
        self.app.call_from_thread(self.query_one(f"#{self.DETAIL_ID}", Static).update, text)

    def detail(self) -> Text:  # pragma: no cover - each dialog builds its own
        raise NotImplementedError

    def action_close(self) -> None:
        self.dismiss(None)
