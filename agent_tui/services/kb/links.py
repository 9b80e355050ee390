"""The help centre's public address: articles inserted into a reply carry their link (issue 15).

One setting for the whole team (``kb_base_url`` in the store, so every agent of a shared queue uses the
same), set with ``agent-tui kb base-url URL``; without it, replies carry no link.
"""

from __future__ import annotations

from agent_tui.domain.reply_insert import article_url, valid_base_url
from agent_tui.errors import InvalidInput
from agent_tui.i18n import _
from agent_tui.services.config_store import get_setting, set_setting
from agent_tui.services.context import Context

BASE_URL = "kb_base_url"


def base_url(ctx: Context) -> str:
    with ctx.db.read() as s:
        return get_setting(s, BASE_URL)


def set_base_url(ctx: Context, url: str) -> str:
    """Set (or with ``""`` clear) the public address of the help centre; returns what was stored."""
    url = url.strip()
    if url and not valid_base_url(url.replace("{slug}", "x")):
        raise InvalidInput(_("{url!r} is not a web address: use http(s)://host/path (with {{slug}} where the "
                             "article's name goes, or it is added at the end)").format(url=url))
    with ctx.db.transaction() as s:
        set_setting(s, BASE_URL, url)
    return url


def public_url(ctx: Context, slug: str, base: str | None = None) -> str | None:
    return article_url(base if base is not None else base_url(ctx), slug)
