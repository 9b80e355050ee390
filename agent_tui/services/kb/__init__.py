"""Knowledge base: the article store, import from files, and ranked search.

``articles`` holds articles (validation, create/update, links, articles from solved tickets),
``files`` the Markdown / reStructuredText import, ``ranking`` the search and its ranking.
Callers use the names re-exported here (``from agent_tui.services import kb``; ``kb.search(...)``).
"""

from agent_tui.services.kb.articles import (
    MAX_ARTICLE,
    ArticleInput,
    ArticleView,
    article_for_ticket,
    create_from_ticket,
    draft_from_ticket,
    get_article,
    link_article,
    save_article,
    slugify,
)
from agent_tui.services.kb.links import base_url, public_url, set_base_url
from agent_tui.services.kb.semantic import clear_reranker, reranker_path, set_reranker
from agent_tui.services.kb.files import import_directory, parse_article_file
from agent_tui.services.kb.ranking import (
    CANDIDATES,
    SearchHit,
    SearchResult,
    reindex,
    search,
    suggest_for_text,
    suggest_for_ticket,
)

__all__ = [
    "CANDIDATES",
    "MAX_ARTICLE",
    "ArticleInput",
    "ArticleView",
    "article_for_ticket",
    "SearchHit",
    "SearchResult",
    "create_from_ticket",
    "draft_from_ticket",
    "get_article",
    "import_directory",
    "link_article",
    "parse_article_file",
    "base_url",
    "clear_reranker",
    "reranker_path",
    "set_reranker",
    "public_url",
    "reindex",
    "save_article",
    "search",
    "set_base_url",
    "slugify",
    "suggest_for_text",
    "suggest_for_ticket",
]
