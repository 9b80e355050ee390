"""Language-aware text for the KB index: tokenize, fold diacritics, stem.

Stemming happens here, in Python, for both backends (Snowball via
``snowballstemmer``, the same algorithms PostgreSQL's text search uses), so
SQLite FTS5 and PostgreSQL tsvector index exactly the same terms and rank alike.
User queries are tokenized here too: no raw user text ever reaches ``MATCH`` or
``to_tsquery``, so search syntax can never raise a database error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from agent_tui.domain.triage import fold

LANGUAGES = {"en": "english", "de": "german", "pt": "portuguese", "nl": "dutch"}
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_TERMS = 12


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(LANGUAGES.get(language, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Stem a folded word. German needs its umlauts before folding, so stem first."""
    return fold(_stemmer(language).stemWord(word.casefold()))


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isdigit() or len(w) > 1]


def index_terms(text: str, language: str) -> str:
    """Space-separated stems of ``text`` for the index (folded, lower case)."""
    return " ".join(stem(w, language) for w in words(text))


@dataclass(frozen=True)
class QueryTerm:
    variants: tuple[str, ...]  # stems in every supported language, folded
    prefix: str  # the folded word itself, for prefix matching while typing
    is_last: bool


def parse_query(text: str, languages: Iterable[str] = LANGUAGES) -> list[QueryTerm]:
    """Split user text into safe terms. Operators, quotes, colons, stars are just characters."""
    raw = [w for w in words(text or "")][:_MAX_TERMS]
    langs = list(languages)
    terms = []
    for i, word in enumerate(raw):
        folded = fold(word)
        variants = sorted({stem(word, lang) for lang in langs} | {folded})
        terms.append(QueryTerm(tuple(v for v in variants if v), folded, i == len(raw) - 1))
    return terms


def term_matches(term: QueryTerm, word: str, language: str) -> bool:
    """Does ``word`` of a document match ``term``? Used to highlight snippets."""
    folded = fold(word)
    stemmed = stem(word, language)
    if stemmed in term.variants or folded in term.variants:
        return True
    if len(term.prefix) >= 2 and (folded.startswith(term.prefix) or stemmed.startswith(term.prefix)):
        return True
    return any(len(v) >= 3 and stemmed.startswith(v) for v in term.variants)


@dataclass(frozen=True)
class Snippet:
    """Plain-text fragments; ``True`` marks a highlighted match. Never markup."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)


def make_snippet(body: str, terms: list[QueryTerm], language: str, width: int = 160) -> Snippet:
    flat = " ".join(body.split())
    if not flat:
        return Snippet(())
    spans = []
    for m in _WORD.finditer(flat):
        if any(term_matches(t, m.group(), language) for t in terms):
            spans.append((m.start(), m.end()))
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
        if start > 0:
            space = flat.rfind(" ", 0, start)
            start = space + 1 if space != -1 and first - space < width // 2 else start
    else:
        start = 0
    end = min(len(flat), start + width)
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("…", False))
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            parts.append((flat[pos:s], False))
        parts.append((flat[s:e], True))
        pos = e
    if pos < end:
        parts.append((flat[pos:end], False))
    if end < len(flat):
        parts.append(("…", False))
    return Snippet(tuple(parts))
