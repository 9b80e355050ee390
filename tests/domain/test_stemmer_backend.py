"""The index's stems come from PyStemmer (Snowball in C) when it is installed, as snowballstemmer does on its
own: they must be the very stems the pure-Python Snowball code gives, or an index written by one install
would not find words typed on another (and re-indexing would change every article)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import snowballstemmer
from snowballstemmer.dutch_stemmer import DutchStemmer
from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.german_stemmer import GermanStemmer
from snowballstemmer.portuguese_stemmer import PortugueseStemmer

from agent_tui.domain.textsearch import LANGUAGES, stem
from agent_tui.domain.triage import fold

ROOT = Path(__file__).resolve().parents[2]
PURE = {"en": EnglishStemmer, "de": GermanStemmer, "pt": PortugueseStemmer, "nl": DutchStemmer}


def _words() -> list[str]:
    found: set[str] = set()
    for folder in (ROOT / "data" / "kb", ROOT / "tests" / "kb_relevance"):
        for path in folder.rglob("*"):
            if path.suffix in {".md", ".toml", ".rst", ".txt"}:
                found.update(w.casefold() for w in re.findall(r"\w+", path.read_text(encoding="utf-8")))
    return sorted(found)


def test_the_c_stemmer_is_the_one_in_use():
    pytest.importorskip("Stemmer")
    assert type(snowballstemmer.stemmer("german")).__module__ == "Stemmer"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_word_of_our_articles_and_the_real_help_centres_stems_alike(language):
    words = _words()
    assert len(words) > 5000
    pure = PURE[language]()
    differ = [w for w in words if stem(w, language) != fold(pure.stemWord(w))]
    assert differ == []
