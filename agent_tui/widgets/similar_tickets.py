"""Similar solved tickets: the ticket screen's side panel and, where the side panel has no room (80
columns), the dialog under ``T``. Each: number, subject, outcome and how it was resolved; enter in the
dialog opens the ticket. Ticket text is customer text: drawn literally."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agent_tui.errors import AgentTuiError
from agent_tui.i18n import _
from agent_tui.screens.base import AgentModal
from agent_tui.services import similar
from agent_tui.services.context import Context
from agent_tui.services.similar import SimilarTicket
from agent_tui.widgets import labels
from agent_tui.widgets.safe import safe_line

DIALOG_CSS = """
SimilarTicketsModal { align: center middle; }
SimilarTicketsModal > Vertical {
    width: 90%; max-width: 110; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 0 1;
}
SimilarTicketsModal .title { text-style: bold; margin-bottom: 1; }
SimilarTicketsModal OptionList { height: auto; max-height: 18; }
SimilarTicketsModal .hint { color: $text-muted; margin-top: 1; }
"""


def similar_item(t: SimilarTicket, *, width: int = 60, resolution_chars: int = 160) -> Text:
    text = Text(f"#{t.number} ", style="bold")
    text.append_text(safe_line(t.subject, width, style="bold"))
    text.append("\n  ")
    outcome = labels.outcome(t.outcome) if t.outcome else labels.status(t.status)
    text.append_text(safe_line(outcome, 40, style="dim"))
    if t.resolution.strip():
        text.append(" · ", style="dim")
        text.append_text(safe_line(" ".join(t.resolution.split()), resolution_chars))
    return text


def similar_text(items: Sequence[SimilarTicket]) -> Text:
    out = Text(_("Similar solved tickets") + "\n", style="bold")
    if not items:
        out.append(_("none found"), style="dim")
    for t in items:
        out.append("• ")
        out.append_text(similar_item(t, width=50, resolution_chars=90))
        out.append("\n")
    out.append(_("T: similar solved tickets, open one"), style="dim")
    return out


class SimilarTickets(Static):
    def show(self, items: Sequence[SimilarTicket]) -> None:
        self.update(similar_text(items))

    def unavailable(self, exc: BaseException) -> None:
        text = Text(_("Similar solved tickets unavailable: "), style="dim")
        text.append_text(safe_line(str(exc), 200))
        self.update(text)


class SimilarTicketsModal(AgentModal[int | None]):
    """The solved tickets most like this one; dismisses with the number to open, or None."""

    DEFAULT_CSS = DIALOG_CSS
    KEY_TABLE = "similar"

    def __init__(self, ctx: Context, number: int) -> None:
        super().__init__()
        self.ctx, self.number = ctx, number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Solved tickets like #{number}").format(number=self.number)), classes="title")
            yield Static(Text(_("Loading…"), style="dim"), id="similar-status")
            yield OptionList(id="similar-list")
            yield Static(Text(_("enter: open the ticket · esc: close")), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#similar-list", OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="similar")
    def _load(self) -> None:
        try:
            items = similar.similar_solved(self.ctx, self.number)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._status, Text(exc.message, style="red"))
            return
        self.app.call_from_thread(self._show, items)

    def _status(self, text: Text) -> None:
        self.query_one("#similar-status", Static).update(text)

    def _show(self, items: list[SimilarTicket]) -> None:
        self._status(Text(_("No similar solved tickets.") if not items else "", style="dim"))
        box = self.query_one("#similar-list", OptionList)
        box.clear_options()
        box.add_options([Option(similar_item(t, width=90, resolution_chars=400), id=str(t.number)) for t in items])
        if items:
            box.highlighted = 0

    @on(OptionList.OptionSelected, "#similar-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)
