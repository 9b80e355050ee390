"""KB search: ranked hits with snippets, did-you-mean, suggestions for a ticket, and the index rebuild."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from agent_tui.domain.article_text import decode_entities
from agent_tui.domain.kb_sections import SECTION_SCAN, SectionMatch, best_section
from agent_tui.domain.text import clean
from agent_tui.domain.textsearch import (
    LANGUAGES,
    SNIPPET_SCAN,
    QueryTerm,
    Snippet,
    TermMatcher,
    make_snippet,
    parse_query,
    query_language,
    term_matches,
    words,
)
from agent_tui.domain.triage import fold
from agent_tui.errors import InvalidInput
from agent_tui.i18n import _
from agent_tui import i18n
from agent_tui.services.context import Context
from agent_tui.services.kb import semantic
from agent_tui.services.kb.translations import group_translations, preferred_languages
from agent_tui.services.ticket_base import load_ticket
from agent_tui.store.models import AuditEvent, KbArticle, KbLink, Ticket


@dataclass(frozen=True)
class SearchHit:
    id: int
    slug: str
    title: str
    language: str
    tags: list[str]
    score: float
    snippet: Snippet
    solved_count: int
    title_parts: Snippet
    also_in: tuple[str, ...] = ()  # the article's other languages (translations.py)
    section: str = ""  # the heading of the section that answers (the snippet's), when the article has several


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[SearchHit]
    did_you_mean: str | None = None
    fuzzy: bool = False
    semantic: bool = False  # the configured re-ranker ordered the candidates (semantic.py)
    semantic_error: str | None = None  # one is configured but could not be used here: why (search was lexical)


def _solved_counts(s: Session, ids: Iterable[int]) -> dict[int, int]:
    ids = list(ids)
    if not ids:
        return {}
    rows = s.exec(
        select(KbLink.article_id, func.count()).join(Ticket, Ticket.id == KbLink.ticket_id)
        .where(col(KbLink.article_id).in_(ids), col(Ticket.status).in_(["solved", "closed"]))
        .group_by(KbLink.article_id)
    ).all()
    return {int(a): int(n) for a, n in rows}


_HIT_COLUMNS = (KbArticle.id, KbArticle.slug, KbArticle.title, KbArticle.language, KbArticle.tags,
                func.substr(KbArticle.body, 1, SECTION_SCAN))  # what a hit shows and its sections; not a huge body whole


def _hit_rows(s: Session, ids: list[int]) -> dict[int, tuple]:
    return {int(row[0]): tuple(row) for row in s.exec(select(*_HIT_COLUMNS).where(col(KbArticle.id).in_(ids))).all()}


def _hits(s: Session, ranked: list[tuple[int, float]], terms: list[QueryTerm],
          rows: dict[int, tuple] | None = None, best: dict[int, SectionMatch] | None = None) -> list[SearchHit]:
    """``rows``: the hits' ``_HIT_COLUMNS`` when the caller has read them already (the re-rank has); ``best``:
    each hit's best section (the re-rank's), whose text gives the snippet."""
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    articles = rows if rows is not None and all(i in rows for i in ids) else _hit_rows(s, ids)
    counts = _solved_counts(s, ids)
    match = TermMatcher(terms)
    out = []
    for aid, score in ranked:
        a = articles.get(aid)
        if a is None:
            continue
        _id, slug, title, language, tags, body = a
        section = best[aid] if best and aid in best else best_section(body or "", title, match)
        out.append(SearchHit(aid, slug, title, language, list(tags or []), score,
                             _snippet(body or "", section, terms, language, match),
                             counts.get(aid, 0),
                             make_snippet(title, terms, language, width=500, matcher=match),
                             section=_answering_heading(section)))
    return out


SECTION_SEPARATOR = " › "


def _answering(section: SectionMatch | None) -> SectionMatch | None:
    """The best section when it answers from among several (it holds query words), else None: the snippet
    then comes from it and the hit names its heading."""
    return section if section is not None and section.several and section.share else None


def _answering_heading(section: SectionMatch | None) -> str:
    """The heading the snippet starts with, or ""."""
    answering = _answering(section)
    return answering.section.heading if answering is not None else ""


def _snippet(body: str, section: SectionMatch | None, terms: list[QueryTerm], language: str,
             match: TermMatcher) -> Snippet:
    """From the best section when the article has several (its heading first, when it has one), else the body."""
    section = _answering(section)
    if section is None:
        return make_snippet(_plain(body[:SNIPPET_SCAN]), terms, language, matcher=match)
    heading = section.section.heading
    text = make_snippet(_plain(section.section.text), terms, language, width=max(60, 160 - len(heading)),
                        matcher=match)
    if not heading:
        return text
    head = make_snippet(decode_entities(heading), terms, language, width=80, matcher=match)
    return Snippet(head.parts + ((SECTION_SEPARATOR, False),) + text.parts)


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_NOISE = re.compile(r"^#+\s*|[*_`>|]+", re.M)


_LEADING_H1 = re.compile(r"\A\s*#\s+[^\n]*\n")


def _plain(markdown: str) -> str:
    """Snippet text: Markdown punctuation dropped, and the leading '# Title' too (the title is shown already)."""
    text = _LEADING_H1.sub("", markdown, count=1)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)  # a link shows its text
    text = _MD_NOISE.sub(" ", text)  # no Python call per match: this runs on every hit's body
    return decode_entities(text)  # also for articles stored before import decoded them


# Ranking: the index finds candidates (bm25 on SQLite, ts_rank_cd on PostgreSQL, title and tags weighted above
# the body): articles with every query word first, and, when those are few (a question as a customer words
# it rarely has all its words in one article), articles with any of them. The best CANDIDATES are then
# re-scored here, identically for both backends: the index score (relative to the best), the share of query
# words the article has anywhere (its indexed terms), in its title and in its tags, the whole query as a
# phrase in the title, and the article being in the language the query is written in.
CANDIDATES = 20
ENOUGH_ALL_WORDS = 10  # fewer candidates with every word than this: any-word candidates too
W_ANY = 0.5  # an any-word candidate's index score, relative to the best any-word candidate, times this
W_SCORE, W_COVER, W_TITLE, W_TAGS, W_PHRASE, W_LANG = 0.7, 0.2, 0.7, 0.2, 0.3, 0.4
# A page with several sections (domain/kb_sections.py): the share of the query's words its best section holds,
# against the share the whole page holds (cover), so words spread over a long page's sections count less than
# the same words in one of them. Measured on the tune half (bench/README.md): a bonus for the best section's
# share, or for query words in its heading, lost top-1 or top-3 there; this gained top-1 and MRR.
W_SECTION = 0.1


# The any-word query scores every article with any of the words: on a big KB a common word ("link", "reset")
# makes that thousands. A word in COMMON_WORD articles or more finds no candidates of its own (bm25 would rank
# an article having only such words low anyway); it still counts in the re-rank. Small KBs never reach it.
COMMON_WORD = 1_000


def _rarer(s: Session, index, terms: list[QueryTerm]) -> list[QueryTerm]:
    rare = [t for t in terms if index.count_upto(s, t, COMMON_WORD) < COMMON_WORD]
    return rare or terms


def _relative(ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    top = max((score for _, score in ranked), default=0.0)
    return [(aid, max(score, 0.0) / top if top > 0 else 0.0) for aid, score in ranked]


def _has(term: QueryTerm, indexed: frozenset[str]) -> bool:
    if any(v in indexed for v in term.exact):
        return True
    return term.is_last and len(term.prefix) >= 2 and any(w.startswith(term.prefix) for w in indexed)


def _rerank(s: Session, index, ranked: list[tuple[int, float]], terms: list[QueryTerm], query_lang: str | None,
            limit: int, all_words: int,
            similar: Callable[[dict[int, tuple]], dict[int, float]] | None = None,
            ) -> tuple[list[tuple[int, float]], dict[int, tuple] | None, dict[int, SectionMatch]]:
    """``ranked[:all_words]`` have every query word (their coverage is 1); the rest have some.
    ``similar``: the semantic re-ranker's cosine per candidate (from their hit rows), added W_SEMANTIC times.
    Returns the best ``limit``, the candidates' hit rows (read once, for ``_hits`` too) and their best sections."""
    if len(ranked) <= 1:
        return ranked[:limit], None, {}
    ids = [i for i, _ in ranked]
    meta = _hit_rows(s, ids)
    cosine = similar(meta) if similar is not None else {}
    some = ids[all_words:]
    indexed = index.indexed_terms(s, some) if W_COVER and some and len(terms) > 1 else {}
    match = TermMatcher(terms)
    rescored = []
    best: dict[int, SectionMatch] = {}
    for pos, (aid, score) in enumerate(ranked):
        row = meta.get(aid)
        if row is None:
            continue
        _id, _slug, title, language, tags, body = row
        title_words = words(title)
        tag_words = words(" ".join(tags or []))
        hits_title = [match.which(w, language) for w in title_words if match(w, language)]
        in_title = [any(h[k] for h in hits_title) for k in range(len(terms))]
        hits_tags = [match.which(w, language) for w in tag_words if match(w, language)]
        in_tags = sum(any(h[k] for h in hits_tags) for k in range(len(terms)))
        phrase = len(terms) > 1 and sum(in_title) == len(terms) and _phrase_in(title_words, terms, language)
        cover = 1.0 if pos < all_words else 0.0
        if aid in indexed:
            head_terms, body_terms = indexed[aid]
            cover = sum(_has(t, head_terms) or _has(t, body_terms) for t in terms) / len(terms)
        section = best_section(body or "", title, match)
        if section is not None:
            best[aid] = section
        final = (W_SCORE * score + W_COVER * cover + W_TITLE * sum(in_title) / len(terms)
                 + W_TAGS * in_tags / len(terms) + W_PHRASE * phrase
                 + W_LANG * (query_lang is not None and language == query_lang)
                 + (W_SECTION * (section.share - cover) if section is not None and section.several else 0.0)
                 + semantic.W_SEMANTIC * cosine.get(aid, 0.0))
        rescored.append((final, -pos, aid))
    rescored.sort(reverse=True)
    return [(aid, round(final, 6)) for final, _, aid in rescored[:limit]], meta, best


def _phrase_in(title_words: list[str], terms: list[QueryTerm], language: str) -> bool:
    n = len(terms)
    return any(all(term_matches(t, w, language) for t, w in zip(terms, title_words[i:i + n], strict=True))
               for i in range(len(title_words) - n + 1))


def search(ctx: Context, query: str, *, language: str | None = None, limit: int = 20,
           ticket: int | None = None) -> SearchResult:
    """Ranked articles for ``query``: all words (with unknown words corrected, did-you-mean, when none has
    them all); and, when fewer than a screenful of candidates has them all, any word.

    One hit per article: shown in ``language``, else the language of ``ticket``, else the agent's, with the
    article's other languages (``also_in``)."""
    q = clean(query)[:500]
    terms = parse_query(q)
    lang = language.strip().lower() if language else None
    if lang and lang not in LANGUAGES:
        raise InvalidInput(_("unknown language {language!r}; use one of: {choices}").format(
            language=language, choices=', '.join(LANGUAGES)))
    limit = max(1, min(int(limit), 200))
    if not terms:
        return SearchResult(q, [])
    index = ctx.kb_index
    pool = max(limit, CANDIDATES)
    query_lang = query_language(q)
    with ctx.db.read() as s:
        ranked = index.query(s, terms, language=lang, limit=pool, any_term=False)
        suggestion, fuzzy = None, False
        if not ranked and SPLIT_COMPOUNDS and query_lang in (None, "de", "nl"):
            split = _split_compounds(s, index, terms)
            if split is not None:
                terms = split
                ranked = index.query(s, terms, language=lang, limit=pool, any_term=False)
        if not ranked:
            suggestion = _did_you_mean(s, index, terms, ctx.clock.now())
            fixed = parse_query(suggestion) if suggestion else []
            if fixed:
                ranked = index.query(s, fixed, language=lang, limit=pool, any_term=False)
            if ranked:
                terms, fuzzy = fixed, True
            else:
                # Any word, each as typed or as corrected: a "correction" of a word that is simply not in
                # the KB must not lose the words that are.
                suggestion = None
                if len(fixed) == len(terms):
                    fuzzy = True
                    terms = [QueryTerm(tuple(dict.fromkeys(t.variants + f.variants)), t.prefix, t.is_last,
                                       tuple(dict.fromkeys(t.synonyms + f.synonyms)))
                             for t, f in zip(terms, fixed, strict=True)]
        ranked = _relative(ranked)
        all_words = len(ranked)
        if len(terms) > 1 and len(ranked) < ENOUGH_ALL_WORDS:
            # Scores of an any-word query are on another scale (PostgreSQL's cover density above all): each
            # list is taken relative to its own best, and an any-word candidate counts W_ANY of that.
            seen = {aid for aid, _ in ranked}
            wider = [r for r in index.query(s, _rarer(s, index, terms), language=lang, limit=pool, any_term=True)
                     if r[0] not in seen]
            ranked += [(aid, W_ANY * score) for aid, score in _relative(wider)][:pool - len(ranked)]
        reranker, semantic_error = semantic.active(s)
        similar = None
        if reranker is not None:
            def similar(meta: dict[int, tuple]) -> dict[int, float]:
                nonlocal semantic_error
                try:
                    return reranker.similarities(s, q, list(meta), lambda aid: _embedded_text(meta[aid]))
                except SQLAlchemyError:
                    raise  # the store failing is not the model failing
                except Exception as exc:  # noqa: BLE001 - a model failing mid-search leaves search lexical
                    semantic_error = semantic.failed(reranker, exc)
                    return {}
        ranked, rows, sections = _rerank(s, index, ranked, terms, query_lang, pool, all_words, similar)
        ranked, also = group_translations(s, ranked, _prefer(s, lang, ticket), limit)
        return SearchResult(q, _with_languages(_hits(s, ranked, terms, rows, sections), also),
                            did_you_mean=suggestion, fuzzy=fuzzy and bool(ranked),
                            semantic=reranker is not None and semantic_error is None, semantic_error=semantic_error)


def _embedded_text(row: tuple) -> str:
    """What the semantic re-ranker reads of an article: its title, tags and the start of its body."""
    _id, _slug, title, _language, tags, body = row
    return "\n".join((title, " ".join(tags or []), _plain((body or "")[:semantic.EMBED_CHARS * 2])[:semantic.EMBED_CHARS]))


def _prefer(s: Session, language: str | None, ticket: int | None, ticket_language: str | None = None) -> list[str]:
    """The languages a hit is shown in, first found first: the one asked for, the ticket's, the agent's."""
    if ticket is not None and ticket_language is None:
        ticket_language = s.exec(select(Ticket.language).where(Ticket.number == ticket)).first()
    return preferred_languages(language, ticket_language, i18n.current())


def _with_languages(hits: list[SearchHit], also: dict[int, tuple[str, ...]]) -> list[SearchHit]:
    return [replace(h, also_in=also.get(h.id, ())) for h in hits]


# German and Dutch run words together ("Gruppenchat", "groepsgesprek"): a long query word the index does not
# know is split in two words it does know (the first found, the shortest head first; a linking "s" dropped).
SPLIT_COMPOUNDS = True
_SPLIT_MIN = 8  # letters of a word worth splitting; each part has at least 4


def _split_compounds(s: Session, index, terms: list[QueryTerm]) -> list[QueryTerm] | None:
    out: list[QueryTerm] = []
    changed = False
    for term in terms:
        parts = None
        w = term.prefix
        if len(w) >= _SPLIT_MIN and w.isalpha() and not index.matches_any(s, term):
            parts = _split(s, index, w)
        if parts is None:
            out.append(term)
            continue
        left, right = parts
        out += [left, QueryTerm(right.variants, right.prefix, term.is_last, right.synonyms)]
        changed = True
    return out[:12] if changed else None


def _split(s: Session, index, word: str) -> tuple[QueryTerm, QueryTerm] | None:
    for i in range(len(word) - 4, 3, -1):
        head = parse_query(word[i:] + " ")
        if len(head) != 1 or not index.matches_any(s, head[0]):
            continue
        for first in dict.fromkeys([word[:i], word[:i - 1] if word[i - 1] == "s" and i > 4 else word[:i]]):
            modifier = parse_query(first + " ")
            if len(modifier) == 1 and index.matches_any(s, modifier[0]):
                return modifier[0], head[0]
    return None


# Did-you-mean vocabulary: every title and tag word, plus body words of the most recently updated
# VOCAB_BODIES articles (a cap: a 100,000-article KB is not read whole); cached per KB revision. The revision
# is the article count, the newest id and the latest update; the latest update (a scan of the table: 50 ms
# at 20,000 articles, on every misspelt search) is read again only VOCAB_RECHECK after it was last read
# (ctx clock), so an edit reaches the suggestions within that time, an added or deleted article at once.
VOCAB_BODIES = 2_000
VOCAB_RECHECK = timedelta(seconds=60)


@dataclass
class _VocabCache:
    cheap: tuple = ()
    full: tuple = ()
    checked: datetime | None = None
    vocab: dict[str, int] = field(default_factory=dict)


_VOCAB = _VocabCache()


def _vocabulary(s: Session, now: datetime) -> dict[str, int]:
    """Folded word → how many of the scanned articles use it."""
    count, newest = s.exec(select(func.count(), func.max(KbArticle.id)).select_from(KbArticle)).one()
    cheap = (str(s.get_bind().url), int(count), int(newest or 0))
    c = _VOCAB
    if c.cheap == cheap and c.checked is not None and timedelta(0) <= now - c.checked < VOCAB_RECHECK:
        return c.vocab
    latest = s.exec(select(func.max(KbArticle.updated_at))).one()
    full = (*cheap, str(latest))
    if full != c.full:
        vocab: dict[str, int] = {}
        for title, tags in s.exec(select(KbArticle.title, KbArticle.tags)).all():
            for w in {fold(w) for w in words(title + " " + " ".join(tags or [])) if len(w) > 2}:
                vocab[w] = vocab.get(w, 0) + 1
        bodies = s.exec(select(func.substr(KbArticle.body, 1, SNIPPET_SCAN))
                        .order_by(col(KbArticle.updated_at).desc(), col(KbArticle.id).desc()).limit(VOCAB_BODIES))
        for body in bodies.all():
            for w in {fold(w) for w in words(body or "") if len(w) > 3 and not w.isdigit()}:
                vocab[w] = vocab.get(w, 0) + 1
        c.vocab, c.full = vocab, full
    c.cheap, c.checked = cheap, now
    return c.vocab


def _did_you_mean(s: Session, index, terms: list[QueryTerm], now: datetime) -> str | None:
    """Correct the words the index does not know (at most a few), each to the closest, then most used, word."""
    from rapidfuzz import fuzz, process

    unknown = [t for t in terms if len(t.prefix) >= 3 and not t.prefix.isdigit() and not index.matches_any(s, t)]
    if not unknown:
        return None
    vocab = _vocabulary(s, now)
    if not vocab:
        return None
    fixed, changed = [], False
    for term in terms:
        if term not in unknown[:4]:
            fixed.append(term.prefix)
            continue
        cutoff = 70 if len(term.prefix) > 4 else 65
        matches = process.extract(term.prefix, vocab.keys(), scorer=fuzz.ratio, score_cutoff=cutoff, limit=8)
        if not matches:
            fixed.append(term.prefix)
            continue
        best = max(matches, key=lambda m: (round(m[1]), vocab[m[0]]))
        fixed.append(best[0])
        changed = True
    return " ".join(fixed) if changed else None


def suggest_for_ticket(ctx: Context, number: int, limit: int = 5) -> list[SearchHit]:
    """Articles for a ticket's subject (and, if that finds nothing, its description)."""
    with ctx.db.read() as s:
        ticket = load_ticket(s, number, lock=False)
        subject, description, lang = ticket.subject, ticket.description, ticket.language
    return suggest_for_text(ctx, subject, description, language=lang or None, limit=limit)


def suggest_for_text(ctx: Context, subject: str, description: str = "", *, language: str | None = None,
                     limit: int = 5) -> list[SearchHit]:
    terms = [t for t in parse_query(subject) if len(t.prefix) > 2]
    index = ctx.kb_index
    pool = limit * 3  # versions: translations of one article collapse into one hit
    with ctx.db.read() as s:
        ranked = index.query(s, terms, language=None, limit=pool, any_term=True) if terms else []
        if not ranked and description:
            terms = [t for t in parse_query(description[:400]) if len(t.prefix) > 3]
            ranked = index.query(s, terms, language=None, limit=pool, any_term=True) if terms else []
        ranked, also = group_translations(s, ranked, _prefer(s, None, None, language), limit)
        return _with_languages(_hits(s, ranked, terms), also)  # highlighted: the words that found the articles


def reindex(ctx: Context, batch: int = 500) -> int:
    """Rebuild every article's search-index row (after an upgrade changed what is indexed)."""
    index = ctx.kb_index
    done = 0
    last_id = 0
    while True:
        with ctx.db.transaction() as s:
            articles = s.exec(select(KbArticle).where(KbArticle.id > last_id).order_by(KbArticle.id)
                              .limit(batch)).all()
            if not articles:
                break
            for article in articles:
                index.upsert(s, article)
            last_id = articles[-1].id or last_id
            done += len(articles)
    if done:
        with ctx.db.transaction() as s:
            s.add(AuditEvent(at=ctx.clock.now(), actor=ctx.actor, action="kb_reindexed", details={"articles": done}))
    return done

