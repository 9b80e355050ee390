"""The ticket screen's side panel of KB articles suggested for the ticket."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from agent_tui.services.kb import SearchHit
from agent_tui.widgets.safe import safe_line, snippet_text


def suggestions_text(hits: Sequence[SearchHit]) -> Text:
    out = Text("Suggested articles\n", style="bold")
    if not hits:
        out.append("none found", style="dim")
    for hit in hits:
        out.append("• ")
        out.append_text(safe_line(hit.title, 60, style="bold"))
        out.append("\n  ")
        out.append_text(snippet_text(hit.snippet.parts))
        out.append("\n")
    out.append("b: search the KB, insert into a reply", style="dim")
    return out


class SuggestedArticles(Static):
    def show(self, hits: Sequence[SearchHit]) -> None:
        self.update(suggestions_text(hits))

    def unavailable(self, exc: BaseException) -> None:
        """Suggestions are a side panel: a failure is one dim line, never the ticket's problem."""
        text = Text("Suggested articles unavailable: ", style="dim")
        text.append_text(safe_line(str(exc), 200))
        self.update(text)
