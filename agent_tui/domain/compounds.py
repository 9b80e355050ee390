"""German and Dutch compounds split against a vocabulary, for the KB index (pure).

An article says ``Sicherungskopie`` or ``privésleutel``, the customer writes ``Kopie`` or ``sleutel``: the index
adds the parts of an article's compounds to its body terms (the compound itself kept). A word is split only into
two words the KB itself uses in that language (the vocabulary is read by the store, once per batch), so the
split needs no dictionary and never invents a part: ``Einstellungen`` stays whole unless ``ein…`` and
``…stellungen`` are both words of the KB, which a part shorter than MIN_PART letters never is.
"""

from __future__ import annotations

from collections.abc import Iterable

from agent_tui.domain.textsearch import is_stopword, stem, words
from agent_tui.domain.triage import fold

COMPOUND_LANGUAGES = frozenset({"de", "nl"})
MIN_WORD = 8  # letters of a word worth splitting
MIN_PART = 4  # letters of each part
# Linking letters between the parts ("Sicherung-s-kopie", "Gruppe-n-chat", "bericht-en-dienst"), tried after
# the modifier as it stands, the longest first.
LINKS = ("en", "s", "e", "n")
SKIP_STOPWORDS = True
PARTS = "both"
DISTINCT = False
HEAD_KNOWN = True


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of ``texts`` long enough to be a part (letters only)."""
    return frozenset(f for text in texts for w in words(text or "")
                     if len(w) >= MIN_PART and w.isalpha() for f in (fold(w),))


def split_compound(word: str, known: frozenset[str]) -> tuple[str, str] | None:
    """``word`` as two words of ``known`` (modifier, head), each at least MIN_PART letters, the modifier
    perhaps followed by a linking letter; the longest head first. None when no split fits.

    The parts are returned as they stand in ``word`` (case folded, diacritics kept: the stemmer needs them)."""
    w = word.casefold()
    if len(w) < MIN_WORD or not w.isalpha():
        return None
    for i in range(MIN_PART, len(w) - MIN_PART + 1):
        head = w[i:]
        if fold(head) not in known and (HEAD_KNOWN or len(head) < MIN_PART + 2):
            continue
        left = w[:i]
        for modifier in [left] + [left[:-len(k)] for k in LINKS if left.endswith(k)]:
            if len(modifier) >= MIN_PART and fold(modifier) in known:
                if SKIP_STOPWORDS and (is_stopword(fold(modifier)) or is_stopword(fold(head))):
                    return None
                return modifier, head
    return None


def compound_terms(text: str, language: str, known: frozenset[str]) -> str:
    """Index terms for the parts of ``text``'s compounds (stems in ``language``, space-separated), one pair
    per occurrence; empty for a language that is not split or an empty vocabulary."""
    if language not in COMPOUND_LANGUAGES or not known:
        return ""
    out: list[str] = []
    memo: dict[str, tuple[str, str] | None] = {}
    for w in words(text or ""):
        if len(w) < MIN_WORD:
            continue
        if w not in memo:
            memo[w] = split_compound(w, known)
        parts = memo[w]
        if parts is not None:
            if PARTS == "head":
                parts = parts[1:]
            out += [stem(p, language) for p in parts]
    if DISTINCT:
        out = list(dict.fromkeys(out))
    return " ".join(out)
