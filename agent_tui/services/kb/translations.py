"""Translations in search results: one hit per article, in the preferred language, "also in" the others.

A separate step after ranking (``ranking.py`` scores article versions; this groups them): each article
(``article_key``) keeps the place of its best-ranked version, whichever language matched the query; the
version shown is the first of ``prefer`` (the ticket's language, then the agent's) the article has, else
the version that ranked.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from agent_tui.store.models import KbArticle


def preferred_languages(*languages: str | None) -> list[str]:
    return list(dict.fromkeys(lang.strip().lower()[:2] for lang in languages if lang and lang.strip()))


def group_translations(s: Session, ranked: list[tuple[int, float]], prefer: Sequence[str],
                       limit: int) -> tuple[list[tuple[int, float]], dict[int, tuple[str, ...]]]:
    """(version id, score) best first → one per article, the preferred version's id; and for each id kept,
    the languages of the article's other versions."""
    if not ranked:
        return [], {}
    ids = [i for i, _score in ranked]
    keys_of = {int(i): (k or "") for i, k in s.exec(
        select(KbArticle.id, KbArticle.article_key).where(col(KbArticle.id).in_(ids))).all()}
    keys = {k for k in keys_of.values() if k}
    versions: dict[str, dict[str, int]] = {}
    if keys:
        for aid, key, language in s.exec(select(KbArticle.id, KbArticle.article_key, KbArticle.language)
                                         .where(col(KbArticle.article_key).in_(keys))
                                         .order_by(KbArticle.id)).all():
            versions.setdefault(key, {}).setdefault(language, int(aid))
    out: list[tuple[int, float]] = []
    also: dict[int, tuple[str, ...]] = {}
    done: set[str] = set()
    for aid, score in ranked:
        key = keys_of.get(aid, "")
        if not key:  # a row from before translations (no key): itself only
            out.append((aid, score))
            also[aid] = ()
        elif key not in done:
            done.add(key)
            langs = versions.get(key, {})
            shown = next((langs[lang] for lang in prefer if lang in langs), aid)
            out.append((shown, score))
            also[shown] = tuple(sorted(lang for lang, vid in langs.items() if vid != shown))
        if len(out) >= limit:
            break
    return out, also
