"""Messages between widgets, screens and the app (messages up, method calls down)."""

from __future__ import annotations

from textual.message import Message

from agent_tui.services.views import TicketDetail


class TicketSelected(Message):
    """The agent chose a ticket to open."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class TicketChanged(Message):
    """A ticket was changed (by this agent, a timer or someone else); ``detail`` when known."""

    def __init__(self, number: int | None, detail: TicketDetail | None = None) -> None:
        super().__init__()
        self.number = number
        self.detail = detail
