"""Which part of a KB article answers a query (issue 17): the body split at its headings, each section scored by
the share of the query's words it holds.

The re-rank (``services/kb/ranking.py``) weighs a long page by its best section rather than by words spread over
all of it, and the hit's snippet comes from that section, its heading first, so the agent sees the part that
answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from agent_tui.domain.reply_insert import Section, sections
from agent_tui.domain.textsearch import TermMatcher, fold_text, words
from agent_tui.domain.triage import fold

__all__ = ["SECTION_SCAN", "SectionMatch", "best_section"]

SECTION_SCAN = 100_000  # characters of a body split into sections (a 2 MB article stays cheap)


@dataclass(frozen=True)
class SectionMatch:
    section: Section  # its heading is "" for the text before the first heading, or a heading repeating the title
    share: float  # of the query's terms found in the section, heading and text
    heading_share: float  # of the query's terms found in its heading
    several: bool  # the article has more than one section


def _bits(mask: int) -> int:
    return bin(mask).count("1")


def best_section(body: str, title: str, matcher: TermMatcher) -> SectionMatch | None:
    """The section holding most of the query's terms, a term in its heading counting twice (the first of equals);
    None for an empty body or query. A section is its own text only, not its subsections'
    (``sections(nested=False)``), and a heading repeating the article's title counts as no heading."""
    n = len(matcher.terms)
    parts = _split(body[:SECTION_SCAN], title) if n else ()
    best: tuple[int, SectionMatch] | None = None
    for part, heading, text in parts:
        head = matcher.found_folded(heading) if heading else 0
        found = head | matcher.found_folded(text)
        score = _bits(found) + _bits(head)
        if best is None or score > best[0]:
            best = (score, SectionMatch(part, _bits(found) / n, _bits(head) / n, len(parts) > 1))
    return best[1] if best else None


@lru_cache(maxsize=256)
def _split(body: str, title: str) -> tuple[tuple[Section, str, str], ...]:
    """The sections of ``body`` with their heading and text folded, once per article text: search as you type
    scores the same candidates again at every key (the split and the folding were half of a search's re-rank)."""
    title_key = _key(title)
    out = []
    for part in sections(body, nested=False):
        if part.heading and _key(part.heading) == title_key:
            part = Section("", part.level, part.text)
        out.append((part, fold_text(part.heading) if part.heading else "", fold_text(part.text)))
    return tuple(out)


def _key(heading: str) -> str:
    return " ".join(words(fold(heading)))
