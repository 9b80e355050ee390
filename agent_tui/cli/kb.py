"""``agent-tui kb``: search, show, reindex, article from a ticket."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from agent_tui.i18n import _

from agent_tui.cli.common import (
    out,
    context,
    Number,
    AsJson,
    _json,
    _warn,
)


kb_app = typer.Typer(help=_("Knowledge base."), rich_markup_mode=None)


@kb_app.command("search", help=_(
    "Ranked article search; any text is safe (quotes, AND, *, parentheses are just characters)."
))
def kb_search(query: Annotated[str, typer.Argument()],
              lang: Annotated[str | None, typer.Option("--lang", help=_("en, de, pt or nl."))] = None,
              limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
              as_json: AsJson = False) -> None:
    from agent_tui.services import kb as kb_svc
    from agent_tui.widgets.kb_hit import hit_text

    result = kb_svc.search(context(), query, language=lang, limit=limit)
    if result.semantic_error:
        _warn(result.semantic_error)
    if as_json:
        _json({"query": result.query, "did_you_mean": result.did_you_mean, "semantic": result.semantic,
               "semantic_error": result.semantic_error,
               "hits": [{"id": h.id, "slug": h.slug, "title": h.title, "language": h.language, "tags": h.tags,
                         "score": round(h.score, 6), "snippet": h.snippet.plain, "solved_count": h.solved_count,
                         "also_in": list(h.also_in), "languages": sorted({h.language, *h.also_in}),
                          "section": h.section}
                        for h in result.hits]})
        return
    if result.did_you_mean:
        out.print(Text(_("no exact match; showing results for: {query}").format(query=result.did_you_mean),
                       style="italic"))
    if not result.hits:
        out.print(_("no articles match"))
    for h in result.hits:
        out.print(hit_text(h, slug=True))


@kb_app.command("show")
def kb_show(article: Annotated[str, typer.Argument()], as_json: AsJson = False) -> None:
    from agent_tui.services import kb as kb_svc

    a = kb_svc.get_article(context(), article)
    if as_json:
        _json(a)
        return
    out.print(Text(a.title, style="bold"))
    out.print(Text(_("{slug} · {language} · {tags} · by {author}").format(
        slug=a.slug, language=a.language, tags=", ".join(a.tags), author=a.author or "—")))
    link = kb_svc.public_url(context(), a.slug)
    if link:
        out.print(Text(link))
    out.print(Text(a.body))


@kb_app.command("base-url", help=_(
    "The help centre's public address: articles inserted into a reply end with their link (the address, then "
    "the article's name; or put {slug} where the name goes). Without URL: show it; --clear: no links."
))
def kb_base_url(url: Annotated[str | None, typer.Argument()] = None,
                clear: Annotated[bool, typer.Option("--clear", help=_("Remove the address."))] = False) -> None:
    from agent_tui.services import kb as kb_svc

    ctx = context()
    if clear or url is not None:
        stored = kb_svc.set_base_url(ctx, "" if clear else url or "")
        out.print(Text(_("KB base address: {url}").format(url=stored) if stored else _("KB base address removed")))
        if stored:
            out.print(Text(_("e.g. {link}").format(link=kb_svc.public_url(ctx, "reset-password", stored))))
        return
    current = kb_svc.base_url(ctx)
    out.print(Text(current or _("no KB base address: inserted articles carry no link")))


@kb_app.command("reranker", help=_(
    "Optional semantic re-ranking of search with a model2vec model in a local directory (pip install "
    "'agent-tui[rerank]'; the model is never downloaded). Without DIR: show it; --off: lexical search only."
))
def kb_reranker(folder: Annotated[str | None, typer.Argument(metavar="DIR")] = None,
                off: Annotated[bool, typer.Option("--off", help=_("Stop re-ranking; search is lexical."))] = False,
                ) -> None:
    from agent_tui.services import kb as kb_svc

    ctx = context()
    if off:
        kb_svc.clear_reranker(ctx)
        out.print(_("semantic re-ranking off: search is lexical"))
    elif folder is not None:
        out.print(Text(_("semantic re-ranking with the model in {path}").format(path=kb_svc.set_reranker(ctx, folder))))
    else:
        current = kb_svc.reranker_path(ctx)
        out.print(Text(current) if current else _("no semantic re-ranker: search is lexical"))


@kb_app.command("reindex", help=_(
    "Rebuild the search index of every article and of the solved tickets (after an upgrade changed what is indexed)."
))
def kb_reindex() -> None:
    from agent_tui.services import kb as kb_svc
    from agent_tui.services import similar

    ctx = context()
    n = kb_svc.reindex(ctx)
    out.print(_("reindexed {count} articles").format(count=n))
    out.print(_("reindexed {count} solved tickets").format(count=similar.reindex(ctx)))


@kb_app.command("from-ticket", help=_(
    "Write a KB article from a solved ticket (problem, cause, workaround, solution, tags)."
))
def kb_from_ticket(number: Number, as_json: AsJson = False) -> None:
    from agent_tui.services import kb as kb_svc
    from agent_tui.services import ticket_queries as tq

    a = kb_svc.create_from_ticket(context(), tq.resolve_number(number))
    if as_json:
        _json(a)
    else:
        out.print(Text(_("article {slug} written from ticket #{number}").format(
            slug=a.slug, number=tq.resolve_number(number))))
