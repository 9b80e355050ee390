"""The ticket screen's side panel of KB articles suggested for the ticket."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from agent_tui.services.kb import SearchHit
from agent_tui.i18n import _
from agent_tui.widgets.kb_hit import hit_text
from agent_tui.widgets.safe import safe_line


def suggestions_text(hits: Sequence[SearchHit]) -> Text:
    out = Text(_("Suggested articles") + "\n", style="bold")
    if not hits:
        out.append(_("none found"), style="dim")
    for hit in hits:
        out.append_text(hit_text(hit, meta=False, bullet=True, title_limit=60))
        out.append("\n")
    out.append(_("b: search the KB, insert into a reply"), style="dim")
    return out


class SuggestedArticles(Static):
    def show(self, hits: Sequence[SearchHit]) -> None:
        self.update(suggestions_text(hits))

    def unavailable(self, exc: BaseException) -> None:
        """Suggestions are a side panel: a failure is one dim line, never the ticket's problem."""
        text = Text(_("Suggested articles unavailable: "), style="dim")
        text.append_text(safe_line(str(exc), 200))
        self.update(text)
