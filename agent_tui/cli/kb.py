"""``agent-tui kb``: search, show, reindex, article from a ticket."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from agent_tui.services import kb as kb_svc
from agent_tui.services import ticket_queries as tq

from agent_tui.widgets.kb_hit import hit_text
from agent_tui.cli.common import (
    out,
    context,
    Number,
    AsJson,
    _json,
)


kb_app = typer.Typer(help="Knowledge base.", rich_markup_mode=None)


@kb_app.command("search")
def kb_search(query: Annotated[str, typer.Argument()],
              lang: Annotated[str | None, typer.Option("--lang", help="en, de, pt or nl.")] = None,
              limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
              as_json: AsJson = False) -> None:
    """Ranked article search; any text is safe (quotes, AND, *, parentheses are just characters)."""
    result = kb_svc.search(context(), query, language=lang, limit=limit)
    if as_json:
        _json({"query": result.query, "did_you_mean": result.did_you_mean,
               "hits": [{"id": h.id, "slug": h.slug, "title": h.title, "language": h.language, "tags": h.tags,
                         "score": round(h.score, 6), "snippet": h.snippet.plain, "solved_count": h.solved_count}
                        for h in result.hits]})
        return
    if result.did_you_mean:
        out.print(Text(f"no exact match; showing results for: {result.did_you_mean}", style="italic"))
    if not result.hits:
        out.print("no articles match")
    for h in result.hits:
        out.print(hit_text(h, slug=True))


@kb_app.command("show")
def kb_show(article: Annotated[str, typer.Argument()], as_json: AsJson = False) -> None:
    a = kb_svc.get_article(context(), article)
    if as_json:
        _json(a)
        return
    out.print(Text(a.title, style="bold"))
    out.print(Text(f"{a.slug} · {a.language} · {', '.join(a.tags)} · by {a.author or '—'}"))
    out.print(Text(a.body))


@kb_app.command("reindex")
def kb_reindex() -> None:
    """Rebuild the search index of every article (after an upgrade changed what is indexed)."""
    n = kb_svc.reindex(context())
    out.print(f"reindexed {n} articles")


@kb_app.command("from-ticket")
def kb_from_ticket(number: Number, as_json: AsJson = False) -> None:
    """Write a KB article from a solved ticket (problem, cause, workaround, solution, tags)."""
    a = kb_svc.create_from_ticket(context(), tq.resolve_number(number))
    if as_json:
        _json(a)
    else:
        out.print(Text(f"article {a.slug} written from ticket #{tq.resolve_number(number)}"))
