"""Messages between widgets, screens and the app (messages up, method calls down)."""

from __future__ import annotations

from textual.message import Message



class TicketSelected(Message):
    """The agent chose a ticket to open."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class TicketsChanged(Message):
    """Another client committed changes (live updates); ``numbers`` empty means "reload everything shown"."""

    def __init__(self, numbers: tuple[int, ...], actor: str = "") -> None:
        super().__init__()
        self.numbers = tuple(numbers)
        self.actor = actor

    @property
    def reload_all(self) -> bool:
        return not self.numbers

    def concerns(self, number: int) -> bool:
        return self.reload_all or number in self.numbers


class ViewersChanged(Message):
    """Who else has this ticket open changed (presence); ``viewers`` are their agent names."""

    def __init__(self, viewers: list[str]) -> None:
        super().__init__()
        self.viewers = list(viewers)
