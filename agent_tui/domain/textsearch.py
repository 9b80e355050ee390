"""Language-aware text for the KB index: tokenize, fold diacritics, stem.

Stemming happens here, in Python, for both backends (Snowball via
``snowballstemmer``, the same algorithms PostgreSQL's text search uses), so
SQLite FTS5 and PostgreSQL tsvector index exactly the same terms and rank alike.
User queries are tokenized here too: no raw user text ever reaches ``MATCH`` or
``to_tsquery``, so search syntax can never raise a database error.
"""

from __future__ import annotations

import re
import unicodedata
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


def field_terms(text: str, languages: Iterable[str]) -> str:
    """Index terms for a short field (title, tags): stems in ``languages`` plus the folded word itself.

    The folded word makes a prefix typed past the stem still match (``integraç`` → ``Integração``,
    whose stem is only ``integr``), and an exactly typed word counts a little more than a stem match.
    """
    langs = list(languages)
    out: list[str] = []
    for w in words(text):
        forms = dict.fromkeys([stem(w, lang) for lang in langs] + [fold(w)])
        out.extend(f for f in forms if f)
    return " ".join(out)


# Query-time stop words (folded), per language: dropped from a query unless it has nothing else.
# They still vote for the query's language. Kept short on purpose: a word here can never be searched.
STOPWORDS = {
    "en": "a an and are as at be by can do does for from has have how i in is it its me my of on or our so that the "
          "their there this to was we what when where which who why will with you your",
    "de": "am an auf aus bei das dem den der des die ein eine einen einer es ich ihr ihre im ist kann mein meine mit "
          "nach nicht noch sich sie so und uns von vom was wie wir wird zu zum zur",
    "pt": "a ao aos as com como da das de do dos e em foi meu minha na nas no nos o os ou para pela pelo por que se "
          "sem seu sua um uma voce",
    "nl": "aan al bij dat de die dit een en er het hoe ik in is je kan mijn met na niet of om op te van voor wat "
          "we wie wij zijn",
}
_STOP = {lang: frozenset(ws.split()) for lang, ws in STOPWORDS.items()}
_ALL_STOP = frozenset().union(*_STOP.values())


def is_stopword(folded: str) -> bool:
    return folded in _ALL_STOP


def query_language(text: str) -> str | None:
    """The language whose stop words the query uses most, or None (no stop words, or a tie)."""
    folded = [fold(w) for w in words(text or "")]
    votes = {lang: sum(w in stop for w in folded) for lang, stop in _STOP.items()}
    best = max(votes.values(), default=0)
    winners = [lang for lang, v in votes.items() if v == best]
    return winners[0] if best and len(winners) == 1 else None


@dataclass(frozen=True)
class QueryTerm:
    variants: tuple[str, ...]  # stems in every supported language, folded
    prefix: str  # the folded word itself, for prefix matching while typing
    is_last: bool


def parse_query(text: str, languages: Iterable[str] = LANGUAGES) -> list[QueryTerm]:
    """Split user text into safe terms. Operators, quotes, colons, stars are just characters."""
    text = text or ""
    raw = words(text)
    # Stop words go, unless nothing else is left, or the last word is still being typed ("user de" → "deactivate").
    typing = bool(text) and not text[-1].isspace()
    kept = [w for i, w in enumerate(raw) if not is_stopword(fold(w)) or (typing and i == len(raw) - 1)]
    raw = (kept or raw)[:_MAX_TERMS]
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


class TermMatcher:
    """``term_matches`` for many words at once (snippets, re-ranking): cheap checks first, memoised per word.

    A word whose folded form is a query variant or starts with a query prefix matches outright; a word whose
    first two letters start no variant is rejected without stemming; only the rest goes to ``term_matches``.
    """

    def __init__(self, terms: list[QueryTerm]):
        self.terms = terms
        self.exact = frozenset(v for t in terms for v in t.variants)
        prefixes = {t.prefix for t in terms if len(t.prefix) >= 2}
        prefixes |= {v for t in terms for v in t.variants if len(v) >= 3}
        self.prefixes = tuple(sorted(prefixes))
        self.heads = frozenset(v[:2] for v in self.exact | set(self.prefixes))
        self._memo: dict[tuple[str, str], bool] = {}
        alternatives = [re.escape(p) for p in sorted(self.prefixes, key=len, reverse=True)]
        alternatives += [re.escape(v) + r"\b" for v in sorted(self.exact) if v not in prefixes]
        # Finds, in folded text, the words the fast path above accepts (prefix or exact variant).
        self.scan = re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*") if alternatives else None

    def __call__(self, word: str, language: str) -> bool:
        key = (word, language)
        found = self._memo.get(key)
        if found is None:
            folded = fold(word)
            if folded in self.exact or (self.prefixes and folded.startswith(self.prefixes)):
                found = True
            elif folded[:2] not in self.heads:
                found = False
            else:
                found = any(term_matches(t, word, language) for t in self.terms)
            if len(self._memo) < 50_000:
                self._memo[key] = found
        return found

    def which(self, word: str, language: str) -> list[bool]:
        """For each term: does ``word`` match it (uncached; for short texts such as titles)."""
        return [term_matches(t, word, language) for t in self.terms]


@dataclass(frozen=True)
class Snippet:
    """Plain-text fragments; ``True`` marks a highlighted match. Never markup."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)


_COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold_text(text: str) -> str:
    """``fold`` for long text, fast: lower case and Latin accents dropped (offsets kept when lengths match)."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


SNIPPET_SCAN = 20_000  # characters of a body searched for the snippet window (a 2 MB article stays fast)


def make_snippet(body: str, terms: list[QueryTerm], language: str, width: int = 160,
                 matcher: TermMatcher | None = None) -> Snippet:
    """A window of ``body`` around the first matched word, matches marked. Pass one ``matcher`` for all
    the hits of a search to share its memo."""
    flat = " ".join(body[:SNIPPET_SCAN].split())
    if not flat:
        return Snippet(())
    match = matcher or TermMatcher(terms)
    spans: list[tuple[int, int]] = []
    folded = _fold_text(flat)
    if match.scan is not None and len(folded) == len(flat):
        # Fast path: one regex over the folded text (same offsets), then only the window's words.
        first = match.scan.search(folded)
        if first is not None:
            limit = first.start() + width  # only the window around the first match is shown
            spans = [(m.start(), m.end()) for m in match.scan.finditer(folded, first.start(), limit + 100)
                     if m.start() < limit]
    else:
        limit = len(flat)
        for m in _WORD.finditer(flat):
            if m.start() >= limit:
                break
            if match(m.group(), language):
                if not spans:
                    limit = m.start() + width
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
