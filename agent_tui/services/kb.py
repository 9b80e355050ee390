"""Knowledge base: articles, import, ranked search with snippets, suggestions, links."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from agent_tui.domain.article_text import decode_entities, strip_template_markup
from agent_tui.domain.text import clean, decode_bytes, one_line
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
from agent_tui.errors import ImportFailed, InvalidInput, NotFound
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import audit, load_ticket
from agent_tui.store.models import AuditEvent, KbArticle, KbLink, Ticket

MAX_ARTICLE = 2_000_000


@dataclass(frozen=True)
class ArticleInput:
    slug: str
    title: str
    body: str
    language: str = "en"
    tags: tuple[str, ...] = ()
    author: str = ""
    source: str = ""


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


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[SearchHit]
    did_you_mean: str | None = None
    fuzzy: bool = False


@dataclass(frozen=True)
class ArticleView:
    id: int
    slug: str
    title: str
    body: str
    language: str
    tags: list[str]
    author: str
    created_at: object
    updated_at: object
    source_ticket: int | None
    tickets: list[int]


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    from agent_tui.domain.triage import fold

    slug = _SLUG.sub("-", fold(text)).strip("-")
    return slug[:180] or "article"


def _hash(a: ArticleInput) -> str:
    h = hashlib.sha256()
    for part in (a.title, a.body, a.language, ",".join(a.tags), a.author):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _validate(a: ArticleInput) -> ArticleInput:
    title = one_line(a.title, 500)
    if not title.strip():
        raise InvalidInput(f"article {a.slug or '?'} has no title")
    body = clean(a.body)
    if len(body) > MAX_ARTICLE:
        raise InvalidInput(f"article {a.slug} is too long ({len(body):,} characters)")
    lang = (a.language or "en").strip().lower()[:2]
    if lang not in LANGUAGES:
        raise InvalidInput(f"article {a.slug}: language {a.language!r} is not one of {', '.join(LANGUAGES)}")
    slug = slugify(a.slug or title)
    tags = tuple(dict.fromkeys(one_line(t, 60).lower() for t in a.tags if str(t).strip()))
    return ArticleInput(slug, title, body, lang, tags, one_line(a.author, 200), a.source)


def _upsert(s: Session, ctx: Context, a: ArticleInput, source_ticket_id: int | None = None) -> tuple[KbArticle, str]:
    digest = _hash(a)
    now = ctx.clock.now()
    article = s.exec(select(KbArticle).where(KbArticle.slug == a.slug)).first()
    if article is not None and article.content_hash == digest:
        return article, "unchanged"
    if article is None:
        article = KbArticle(slug=a.slug, title=a.title, body=a.body, language=a.language, tags=list(a.tags),
                            author=a.author, source=a.source, content_hash=digest, created_at=now, updated_at=now,
                            source_ticket_id=source_ticket_id)
        s.add(article)
        outcome = "created"
    else:
        article.title, article.body, article.language = a.title, a.body, a.language
        article.tags, article.author, article.source = list(a.tags), a.author, a.source
        article.content_hash, article.updated_at = digest, now
        outcome = "updated"
    s.flush()
    ctx.kb_index.upsert(s, article)
    s.add(AuditEvent(at=now, actor=ctx.actor, action=f"kb_article_{outcome}", field="slug", after=a.slug,
                     details={"article_id": article.id}))
    return article, outcome


def save_article(ctx: Context, data: ArticleInput) -> ArticleView:
    a = _validate(data)
    with ctx.db.transaction() as s:
        article, _ = _upsert(s, ctx, a)
        return _view(s, article)


# ------------------------------------------------------------------ import


def parse_article_file(path: Path) -> ArticleInput:
    raw = decode_bytes(path.read_bytes(), source=path.name)
    if path.suffix.lower() == ".rst":
        return _parse_rst(path, raw)
    return _parse_markdown(path, raw)


def _parse_markdown(path: Path, raw: str) -> ArticleInput:
    import frontmatter
    import yaml

    try:
        handler = frontmatter.YAMLHandler()
        if handler.detect(raw):
            # python-frontmatter silently drops front matter that is not a mapping; refuse it instead.
            front = handler.load(handler.split(raw)[0])
            if front is not None and not isinstance(front, dict):
                raise ImportFailed(f"{path.name}: front matter must be a mapping, not a {type(front).__name__}")
        post = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise ImportFailed(f"{path.name}: front matter is not valid YAML ({first})") from None
    meta = post.metadata
    if not isinstance(meta, dict):
        raise ImportFailed(f"{path.name}: front matter must be a mapping")
    title = str(meta.get("title") or "").strip()
    if not title:
        heading = re.search(r"^#\s+(.+)$", strip_template_markup(post.content), re.M)
        title = heading.group(1).strip() if heading else ""
    if not title:
        raise ImportFailed(f"{path.name}: no title (front matter 'title' or a '# heading')")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if not isinstance(tags, list):
        raise ImportFailed(f"{path.name}: tags must be a list")
    language = str(meta.get("language") or meta.get("lang") or "").strip() or _guess_language(post.content)
    return ArticleInput(slug=str(meta.get("slug") or path.stem), title=decode_entities(title),
                        body=strip_template_markup(post.content),
                        language=language, tags=tuple(str(t) for t in tags),
                        author=str(meta.get("author") or ""), source=path.name)


def _parse_rst(path: Path, raw: str) -> ArticleInput:
    """reStructuredText: a leading field list (:title:, :language:, :tags:, :author:), then the body.

    The body is kept as reST source text, validated by docutils (errors are reported, not swallowed).
    """
    import docutils.frontend
    import docutils.parsers.rst
    import docutils.utils

    fields: dict[str, str] = {}
    lines = raw.splitlines()
    i = 0
    while i < len(lines) and (m := re.match(r"^:(\w+):\s*(.*)$", lines[i])):
        fields[m.group(1).lower()] = m.group(2).strip()
        i += 1
    body = "\n".join(lines[i:]).strip("\n")
    settings = docutils.frontend.get_default_settings(docutils.parsers.rst.Parser)
    settings.report_level = 5
    settings.halt_level = 5
    doc = docutils.utils.new_document(path.name, settings)
    errors: list[str] = []
    doc.reporter.attach_observer(lambda msg: errors.append(msg.astext()) if msg["level"] >= 3 else None)
    docutils.parsers.rst.Parser().parse(body, doc)
    if errors:
        raise ImportFailed(f"{path.name}: invalid reStructuredText: {errors[0].splitlines()[0]}")
    title = fields.get("title") or next((n.astext() for n in doc.findall(lambda n: n.tagname == "title")), "")
    if not title:
        raise ImportFailed(f"{path.name}: no title (:title: field or a section title)")
    tags = tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip())
    language = fields.get("language") or _guess_language(body)
    return ArticleInput(slug=fields.get("slug") or path.stem, title=title, body=body, language=language,
                        tags=tags, author=fields.get("author", ""), source=path.name)


_STOPWORDS = {
    "en": {"the", "and", "to", "of", "you", "your", "is", "in", "for", "how"},
    "de": {"der", "die", "und", "das", "sie", "ist", "nicht", "mit", "ein", "wie"},
    "pt": {"o", "a", "de", "que", "e", "do", "da", "para", "não", "como", "você"},
    "nl": {"de", "het", "een", "en", "van", "niet", "je", "u", "is", "hoe", "wij"},
}


def _guess_language(text: str) -> str:
    """A small stop-word vote; front matter wins whenever it names the language."""
    words = re.findall(r"\w+", text.lower())[:2000]
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    return max(scores, key=lambda k: scores[k]) if any(scores.values()) else "en"


def import_directory(ctx: Context, directory: Path) -> dict[str, int]:
    """Import every .md/.markdown/.rst file. All or nothing; re-importing updates, never duplicates."""
    if not directory.is_dir():
        raise ImportFailed(f"not a directory: {directory}")
    files = sorted(p for p in directory.rglob("*") if p.suffix.lower() in {".md", ".markdown", ".rst"})
    if not files:
        raise ImportFailed(f"no .md or .rst files in {directory}")
    parsed: list[ArticleInput] = []
    for path in files:
        try:
            parsed.append(_validate(parse_article_file(path)))
        except InvalidInput as exc:
            raise ImportFailed(f"{path.name}: {exc.message}") if not exc.message.startswith(path.name) else exc
    seen: dict[str, str] = {}
    for a in parsed:
        if a.slug in seen:
            raise ImportFailed(f"{a.source} and {seen[a.slug]} have the same slug {a.slug!r}")
        seen[a.slug] = a.source
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with ctx.db.transaction() as s:
        for a in parsed:
            _, outcome = _upsert(s, ctx, a)
            counts[outcome] += 1
    return counts


# ------------------------------------------------------------------ search


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


def _hits(s: Session, ranked: list[tuple[int, float]], terms: list[QueryTerm]) -> list[SearchHit]:
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    cols = (KbArticle.id, KbArticle.slug, KbArticle.title, KbArticle.language, KbArticle.tags,
            func.substr(KbArticle.body, 1, SNIPPET_SCAN))  # only what a hit shows; a long body is not loaded whole
    articles = {row[0]: row for row in s.exec(select(*cols).where(col(KbArticle.id).in_(ids))).all()}
    counts = _solved_counts(s, ids)
    match = TermMatcher(terms)
    out = []
    for aid, score in ranked:
        a = articles.get(aid)
        if a is None:
            continue
        _, slug, title, language, tags, body = a
        out.append(SearchHit(aid, slug, title, language, list(tags or []), score,
                             make_snippet(_plain(body or ""), terms, language, matcher=match), counts.get(aid, 0),
                             make_snippet(title, terms, language, width=500, matcher=match)))
    return out


_MD_NOISE = re.compile(r"(^#+\s*|[*_`>|]+|\[([^\]]*)\]\([^)]*\))", re.M)


_LEADING_H1 = re.compile(r"\A\s*#\s+[^\n]*\n")


def _plain(markdown: str) -> str:
    """Snippet text: Markdown punctuation dropped, and the leading '# Title' too (the title is shown already)."""
    text = _MD_NOISE.sub(lambda m: m.group(2) or " ", _LEADING_H1.sub("", markdown, count=1))
    return decode_entities(text)  # also for articles stored before import decoded them


# Ranking: the index ranks candidates (bm25 on SQLite, ts_rank_cd on PostgreSQL, title and tags weighted above
# the body); the best CANDIDATES are then re-scored here, identically for both backends, from their titles and
# tags only: the share of query words in the title and in the tags, the whole query as a phrase in the title,
# and the article being in the language the query is written in.
CANDIDATES = 40
W_TITLE, W_TAGS, W_PHRASE, W_LANG = 0.45, 0.2, 0.3, 0.15


def _rerank(s: Session, ranked: list[tuple[int, float]], terms: list[QueryTerm], query_lang: str | None,
            limit: int) -> list[tuple[int, float]]:
    if len(ranked) <= 1:
        return ranked[:limit]
    rows = s.exec(select(KbArticle.id, KbArticle.title, KbArticle.tags, KbArticle.language)
                  .where(col(KbArticle.id).in_([i for i, _ in ranked]))).all()
    meta = {int(r[0]): r for r in rows}
    top = max(score for _, score in ranked) or 1.0
    match = TermMatcher(terms)
    rescored = []
    for pos, (aid, score) in enumerate(ranked):
        row = meta.get(aid)
        if row is None:
            continue
        _, title, tags, language = row
        title_words = words(title)
        tag_words = words(" ".join(tags or []))
        hits_title = [match.which(w, language) for w in title_words if match(w, language)]
        in_title = [any(h[k] for h in hits_title) for k in range(len(terms))]
        hits_tags = [match.which(w, language) for w in tag_words if match(w, language)]
        in_tags = sum(any(h[k] for h in hits_tags) for k in range(len(terms)))
        phrase = len(terms) > 1 and sum(in_title) == len(terms) and _phrase_in(title_words, terms, language)
        final = (max(score, 0.0) / top + W_TITLE * sum(in_title) / len(terms) + W_TAGS * in_tags / len(terms)
                 + W_PHRASE * phrase + W_LANG * (query_lang is not None and language == query_lang))
        rescored.append((final, -pos, aid))
    rescored.sort(reverse=True)
    return [(aid, round(final, 6)) for final, _, aid in rescored[:limit]]


def _phrase_in(title_words: list[str], terms: list[QueryTerm], language: str) -> bool:
    n = len(terms)
    return any(all(term_matches(t, w, language) for t, w in zip(terms, title_words[i:i + n], strict=True))
               for i in range(len(title_words) - n + 1))


def search(ctx: Context, query: str, *, language: str | None = None, limit: int = 20) -> SearchResult:
    """Ranked articles for ``query``: all words; else with unknown words corrected (did-you-mean); else any word."""
    q = clean(query)[:500]
    terms = parse_query(q)
    lang = language.strip().lower() if language else None
    if lang and lang not in LANGUAGES:
        raise InvalidInput(f"unknown language {language!r}; use one of: {', '.join(LANGUAGES)}")
    limit = max(1, min(int(limit), 200))
    if not terms:
        return SearchResult(q, [])
    index = ctx.kb_index
    pool = max(limit, CANDIDATES)
    query_lang = query_language(q)
    with ctx.db.read() as s:
        ranked = index.query(s, terms, language=lang, limit=pool, any_term=False)
        suggestion, fuzzy = None, False
        if not ranked:
            suggestion = _did_you_mean(s, index, terms)
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
                    terms = [QueryTerm(tuple(dict.fromkeys(t.variants + f.variants)), t.prefix, t.is_last)
                             for t, f in zip(terms, fixed, strict=True)]
                if len(terms) > 1:
                    ranked = index.query(s, terms, language=lang, limit=pool, any_term=True)
        ranked = _rerank(s, ranked, terms, query_lang, limit)
        return SearchResult(q, _hits(s, ranked, terms), did_you_mean=suggestion, fuzzy=fuzzy and bool(ranked))


# Did-you-mean vocabulary: every title and tag word, plus body words of the most recently updated
# VOCAB_BODIES articles (a cap: a 100,000-article KB is not read whole); cached per KB revision.
VOCAB_BODIES = 2_000
_VOCAB_CACHE: dict[tuple[str, int, str], dict[str, int]] = {}


def _vocabulary(s: Session) -> dict[str, int]:
    """Folded word → how many of the scanned articles use it."""
    count, latest = s.exec(select(func.count(), func.max(KbArticle.updated_at))).one()
    key = (str(s.get_bind().url), int(count), str(latest))
    if key not in _VOCAB_CACHE:
        vocab: dict[str, int] = {}
        for title, tags in s.exec(select(KbArticle.title, KbArticle.tags)).all():
            for w in {fold(w) for w in words(title + " " + " ".join(tags or [])) if len(w) > 2}:
                vocab[w] = vocab.get(w, 0) + 1
        bodies = s.exec(select(func.substr(KbArticle.body, 1, SNIPPET_SCAN))
                        .order_by(col(KbArticle.updated_at).desc(), col(KbArticle.id).desc()).limit(VOCAB_BODIES))
        for body in bodies.all():
            for w in {fold(w) for w in words(body or "") if len(w) > 3 and not w.isdigit()}:
                vocab[w] = vocab.get(w, 0) + 1
        _VOCAB_CACHE.clear()
        _VOCAB_CACHE[key] = vocab
    return _VOCAB_CACHE[key]


def _did_you_mean(s: Session, index, terms: list[QueryTerm]) -> str | None:
    """Correct the words the index does not know (at most a few), each to the closest, then most used, word."""
    from rapidfuzz import fuzz, process

    unknown = [t for t in terms if len(t.prefix) >= 3 and not t.prefix.isdigit() and not index.matches_any(s, t)]
    if not unknown:
        return None
    vocab = _vocabulary(s)
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
    with ctx.db.read() as s:
        ranked = index.query(s, terms, language=None, limit=limit, any_term=True) if terms else []
        if not ranked and description:
            terms = [t for t in parse_query(description[:400]) if len(t.prefix) > 3]
            ranked = index.query(s, terms, language=None, limit=limit, any_term=True) if terms else []
        return _hits(s, ranked, terms)  # highlight the words that actually found the articles


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


# ------------------------------------------------------------------ links and articles from work


def link_article(ctx: Context, number: int, article: str | int) -> None:
    with ctx.db.transaction() as s:
        ticket = load_ticket(s, number, lock=True)
        a = _article(s, article)
        existing = s.exec(select(KbLink).where(KbLink.ticket_id == ticket.id, KbLink.article_id == a.id)).first()
        if existing is not None:
            return
        s.add(KbLink(article_id=a.id, ticket_id=ticket.id, actor=ctx.actor, at=ctx.clock.now()))
        # Audited, but not a change to the ticket itself: no version bump, so an agent's
        # open ticket screen (and its draft) does not go stale because an article was linked.
        audit(s, ctx, ticket, "kb_linked", "article", None, a.slug, title=a.title)


def _article(s: Session, ref: str | int) -> KbArticle:
    if isinstance(ref, int) or str(ref).isdigit():
        a = s.get(KbArticle, int(ref))
    else:
        a = s.exec(select(KbArticle).where(KbArticle.slug == str(ref))).first()
    if a is None:
        raise NotFound(f"no KB article {ref!r}")
    return a


def get_article(ctx: Context, ref: str | int) -> ArticleView:
    with ctx.db.read() as s:
        return _view(s, _article(s, ref))


def _view(s: Session, a: KbArticle) -> ArticleView:
    numbers = s.exec(select(Ticket.number).join(KbLink, KbLink.ticket_id == Ticket.id)
                     .where(KbLink.article_id == a.id).order_by(Ticket.number)).all()
    src = s.get(Ticket, a.source_ticket_id) if a.source_ticket_id else None
    return ArticleView(a.id, a.slug, a.title, a.body, a.language, list(a.tags or []), a.author, a.created_at,
                       a.updated_at, src.number if src else None, list(numbers))


def draft_from_ticket(ctx: Context, number: int) -> ArticleInput:
    """Seed 003 (Engineering updates the KB): pre-fill problem, resolution and tags from a solved ticket."""
    with ctx.db.read() as s:
        t = load_ticket(s, number, lock=False)
        if t.status not in ("solved", "closed"):
            raise InvalidInput(f"ticket #{number} is {t.status}; articles are written from solved tickets")
        from agent_tui.store.models import Escalation

        escs = s.exec(select(Escalation).where(Escalation.ticket_id == t.id).order_by(Escalation.id)).all()
    workaround = next((e.workaround for e in reversed(escs) if e.workaround), "")
    findings = next((e.findings for e in reversed(escs) if e.direction == "up" and e.findings), "")
    parts = [f"# {t.subject}", "", "## Problem", "", t.description.strip() or "(describe the problem)", ""]
    if findings:
        parts += ["## Cause", "", findings.strip(), ""]
    if workaround:
        parts += ["## Workaround", "", workaround.strip(), ""]
    parts += ["## Solution", "", t.resolution.strip() or "(describe the solution)", ""]
    return ArticleInput(slug=slugify(t.subject), title=t.subject, body="\n".join(parts),
                        language=t.language if t.language in LANGUAGES else "en", tags=tuple(t.tags or []),
                        author=ctx.actor, source=f"ticket #{t.number}")


def create_from_ticket(ctx: Context, number: int, edited: ArticleInput | None = None) -> ArticleView:
    draft = _validate(edited or draft_from_ticket(ctx, number))
    with ctx.db.transaction() as s:
        ticket = load_ticket(s, number, lock=True)
        slug, n = draft.slug, 1
        while s.exec(select(KbArticle.id).where(KbArticle.slug == slug)).first() is not None:
            n += 1  # never overwrite an existing article: find a free slug
            slug = f"{draft.slug}-{number}" if n == 2 else f"{draft.slug}-{number}-{n - 1}"
        if slug != draft.slug:
            draft = ArticleInput(slug, draft.title, draft.body, draft.language, draft.tags, draft.author,
                                 draft.source)
        article, _ = _upsert(s, ctx, draft, source_ticket_id=ticket.id)
        if s.exec(select(KbLink).where(KbLink.ticket_id == ticket.id, KbLink.article_id == article.id)).first() is None:
            s.add(KbLink(article_id=article.id, ticket_id=ticket.id, actor=ctx.actor, at=ctx.clock.now()))
        audit(s, ctx, ticket, "kb_article_written", "article", None, article.slug)
        return _view(s, article)
