"""The one rendering of a KB search hit: the KB screen's results, the ticket's suggested articles and
``agent-tui kb search`` all draw a hit here (title with the matched words highlighted, language /
solved count / tags, the highlighted snippet). Article text is outside text: drawn literally."""

from __future__ import annotations

from rich.text import Text

from agent_tui.i18n import _
from agent_tui.services.kb import SearchHit
from agent_tui.widgets.safe import safe_line, snippet_text


def also_in(hit: SearchHit) -> str:
    """The article's other languages: "also in: de, pt"."""
    return _("also in: {languages}").format(languages=", ".join(hit.also_in))


def hit_text(hit: SearchHit, *, slug: bool = False, meta: bool = True, bullet: bool = False,
             title_limit: int = 200) -> Text:
    """``slug``: the article's slug first (the CLI: what ``kb show`` takes); ``meta``: the language /
    solved / tags line; ``bullet``: a list item (the suggestions panel)."""
    title = snippet_text(hit.title_parts.parts) if hit.title_parts.parts else safe_line(hit.title, title_limit)
    title.stylize("bold")
    text = Text("• " if bullet else "")
    if slug:
        text.append_text(safe_line(hit.slug, 80, style="bold"))
        text.append("  ")
    text.append_text(title)
    if not meta and hit.also_in:
        text.append_text(safe_line(" (" + also_in(hit) + ")", 80, style="dim"))
    if meta:
        line = _("{language} · solved {count}").format(language=hit.language, count=hit.solved_count)
        if hit.also_in:
            line += " · " + also_in(hit)
        if hit.tags:
            line += " · " + ", ".join(hit.tags[:4])
        text.append("\n  ")
        text.append_text(safe_line(line, 120, style="dim"))
    if hit.snippet.parts:
        text.append("\n  ")
        text.append_text(snippet_text(hit.snippet.parts))
    return text
