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


# Query words (agent_tui/data/kb_query_words.toml), per language: stop words (dropped from a query unless it
# has nothing else; they still vote for the query's language), question phrases dropped whole ("is there a way
# to"), and synonym groups (a query word also finds its group's other words). Read once.
_SYNONYM_CAP = 10  # synonym stems added to one query word at most (each is one more index look-up)


@dataclass(frozen=True)
class _QueryWords:
    stop: dict[str, frozenset[str]]
    all_stop: frozenset[str]
    phrases: dict[str, list[tuple[tuple[str, ...], str | None]]]  # first folded word → (words, replacement)
    synonyms: dict[tuple[str, str], tuple[str, ...]]  # (language, stem of a member) → the group's index terms


@lru_cache(maxsize=1)
def _query_words() -> _QueryWords:
    import tomllib
    from importlib import resources

    data = tomllib.loads((resources.files("agent_tui") / "data" / "kb_query_words.toml").read_text(encoding="utf-8"))
    stop = {lang: frozenset(fold(w) for w in data.get(lang, {}).get("stopwords", "").split()) for lang in LANGUAGES}
    phrases: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
    synonyms: dict[tuple[str, str], dict[str, None]] = {}
    for lang in LANGUAGES:
        entry = data.get(lang, {})
        for phrase in entry.get("phrases", []):
            ws = tuple(fold(w) for w in words(phrase))
            if ws:
                phrases.setdefault(ws[0], []).append((ws, None))
        for group in entry.get("synonyms", []):
            singles = [fold(m) for m in group if len(words(m)) == 1]
            if not singles:
                continue
            terms = dict.fromkeys(stem(m, lang) for m in singles)  # the index holds stems (and title words)
            for m in singles:  # found by the query word's stem or, for an irregular form, the word itself
                synonyms.setdefault((lang, stem(m, lang)), {}).update(terms)
                synonyms.setdefault((lang, m), {}).update(terms)
            for m in group:
                ws = tuple(fold(w) for w in words(m))
                if len(ws) > 1:  # "sign in", "e-mail": read as the group's first one-word member
                    phrases.setdefault(ws[0], []).append((ws, singles[0]))
    for options in phrases.values():
        options.sort(key=lambda o: len(o[0]), reverse=True)  # the longest phrase first
    return _QueryWords(stop, frozenset().union(*stop.values()), phrases,
                       {k: tuple(v) for k, v in synonyms.items()})


def is_stopword(folded: str) -> bool:
    return folded in _query_words().all_stop


def query_language(text: str) -> str | None:
    """The language whose stop words the query uses most, or None (no stop words, or a tie)."""
    folded = [fold(w) for w in words(text or "")]
    votes = {lang: sum(w in stop for w in folded) for lang, stop in _query_words().stop.items()}
    best = max(votes.values(), default=0)
    winners = [lang for lang, v in votes.items() if v == best]
    return winners[0] if best and len(winners) == 1 else None


@dataclass(frozen=True)
class QueryTerm:
    variants: tuple[str, ...]  # stems in every supported language, folded
    prefix: str  # the folded word itself, for prefix matching while typing
    is_last: bool
    synonyms: tuple[str, ...] = ()  # index terms of the word's synonym group (exact matches only, no prefixes)

    @property
    def exact(self) -> tuple[str, ...]:
        return self.variants + self.synonyms


def _rewrite_phrases(raw: list[str]) -> list[str]:
    """Question phrases dropped, multi-word synonyms ("sign in") replaced by their group's word ("login")."""
    qw = _query_words()
    folded = [fold(w) for w in raw]
    out: list[str] = []
    i = 0
    while i < len(raw):
        for ws, replacement in qw.phrases.get(folded[i], ()):
            if tuple(folded[i:i + len(ws)]) == ws:
                if replacement is not None:
                    out.append(replacement)
                i += len(ws)
                break
        else:
            out.append(raw[i])
            i += 1
    return out


def _synonyms(word: str, langs: list[str], own: set[str]) -> tuple[str, ...]:
    table = _query_words().synonyms
    found: dict[str, None] = {}
    folded = fold(word)
    for lang in langs:
        for key in (stem(word, lang), folded):
            for term in table.get((lang, key), ()):
                if term not in own:
                    found[term] = None
    return tuple(found)[:_SYNONYM_CAP]


def parse_query(text: str, languages: Iterable[str] = LANGUAGES) -> list[QueryTerm]:
    """Split user text into safe terms. Operators, quotes, colons, stars are just characters.

    Question phrases and stop words go (unless nothing else is left, or the last word is still being typed:
    "user de" → "deactivate"); each word gets its synonyms, in the query's language when it is known."""
    text = text or ""
    raw = words(text)
    typing = bool(text) and not text[-1].isspace()
    rewritten = _rewrite_phrases(raw)
    if rewritten:
        typing = typing and rewritten[-1] == raw[-1]
        raw = rewritten
    kept = [w for i, w in enumerate(raw) if not is_stopword(fold(w)) or (typing and i == len(raw) - 1)]
    raw = list(dict.fromkeys(kept or raw))[:_MAX_TERMS]
    langs = list(languages)
    lang = query_language(text)
    synonym_langs = [lang] if lang in langs else langs
    terms = []
    for i, word in enumerate(raw):
        folded = fold(word)
        variants = tuple(v for v in sorted({stem(word, lg) for lg in langs} | {folded}) if v)
        terms.append(QueryTerm(variants, folded, i == len(raw) - 1, _synonyms(word, synonym_langs, set(variants))))
    return terms


def term_matches(term: QueryTerm, word: str, language: str) -> bool:
    """Does ``word`` of a document match ``term``? Used to highlight snippets."""
    folded = fold(word)
    stemmed = stem(word, language)
    if stemmed in term.variants or folded in term.variants or stemmed in term.synonyms or folded in term.synonyms:
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
        self.exact = frozenset(v for t in terms for v in t.exact)
        prefixes = {t.prefix for t in terms if len(t.prefix) >= 2}
        prefixes |= {v for t in terms for v in t.variants if len(v) >= 3}
        self.prefixes = tuple(sorted(prefixes))
        self.heads = frozenset(v[:2] for v in self.exact | set(self.prefixes))
        self._memo: dict[tuple[str, str], bool] = {}
        self._keys = []  # per term: (word starts, whole words) for ``found``
        for t in terms:
            keys = [t.prefix] if len(t.prefix) >= 2 else []
            keys += [v for v in t.exact if len(v) >= 3]
            self._keys.append((tuple(dict.fromkeys(keys)), tuple(v for v in t.exact if len(v) < 3 and v)))
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

    def found(self, text: str) -> int:
        """The terms found in ``text`` as bits (bit k: term k): a word of it starting with the term's prefix or
        one of its stems or synonyms (or, for one shorter than three letters, equal to it). ``str.find`` over the
        folded text and no Python per word, for long texts (the re-rank's sections); as ``make_snippet``'s
        regex, a word matching by its stem alone (an irregular form) is not seen."""
        return self.found_folded(_fold_text(text))

    def found_folded(self, folded: str) -> int:
        """:meth:`found` of a text already folded (``fold_text``)."""
        out = 0
        for k, (starts, whole) in enumerate(self._keys):
            if any(_word_at(folded, key, False) for key in starts) or any(_word_at(folded, key, True) for key in whole):
                out |= 1 << k
        return out

    def which(self, word: str, language: str) -> list[bool]:
        """For each term: does ``word`` match it (uncached; for short texts such as titles)."""
        return [term_matches(t, word, language) for t in self.terms]


def _word_at(folded: str, key: str, whole: bool) -> bool:
    """Does a word of ``folded`` start with ``key`` (``whole``: is it ``key``)?"""
    i = folded.find(key)
    while i != -1:
        before = folded[i - 1] if i else " "
        end = i + len(key)
        after = folded[end] if end < len(folded) else " "
        if not (before.isalnum() or before == "_") and (not whole or not (after.isalnum() or after == "_")):
            return True
        i = folded.find(key, i + 1)
    return False


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
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if len(folded) != len(text):  # "ß" casefolds to "ss": lower case keeps the offsets (a "ß" word is then
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))  # highlighted by its stem)
    return folded


fold_text = _fold_text  # for the re-rank's sections (domain/kb_sections.py), folded once per article


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
