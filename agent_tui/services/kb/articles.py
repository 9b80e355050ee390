"""KB article store: validation, create/update (content-hashed, audited), reading, links to tickets,
and articles written from solved tickets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from agent_tui.domain.text import clean, one_line
from agent_tui.domain.textsearch import LANGUAGES
from agent_tui.domain.triage import fold
from agent_tui.errors import InvalidInput, NotFound
from agent_tui.i18n import _
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import audit, load_ticket
from agent_tui.store.models import AuditEvent, Escalation, KbArticle, KbLink, Ticket

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
    article_key: str = ""  # the article this is a version of (its translations share it); empty: its own slug


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
    article_key: str = ""
    versions: dict[str, str] | None = None  # language -> slug of every version of the article, this one too


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    slug = _SLUG.sub("-", fold(text)).strip("-")
    return slug[:180] or "article"


def _hash(a: ArticleInput) -> str:
    h = hashlib.sha256()
    for part in (a.title, a.body, a.language, ",".join(a.tags), a.author, a.article_key):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _validate(a: ArticleInput) -> ArticleInput:
    title = one_line(a.title, 500)
    if not title.strip():
        raise InvalidInput(_("article {slug} has no title").format(slug=a.slug or '?'))
    body = clean(a.body)
    if len(body) > MAX_ARTICLE:
        raise InvalidInput(_("article {slug} is too long ({count:,} characters)").format(slug=a.slug, count=len(body)))
    lang = (a.language or "en").strip().lower()[:2]
    if lang not in LANGUAGES:
        raise InvalidInput(_("article {slug}: language {language!r} is not one of {choices}").format(
            slug=a.slug, language=a.language, choices=', '.join(LANGUAGES)))
    slug = slugify(a.slug or title)
    tags = tuple(dict.fromkeys(one_line(t, 60).lower() for t in a.tags if str(t).strip()))
    key = slugify(a.article_key) if a.article_key.strip() else slug
    return ArticleInput(slug, title, body, lang, tags, one_line(a.author, 200), a.source, key)


def _upsert(s: Session, ctx: Context, a: ArticleInput, source_ticket_id: int | None = None) -> tuple[KbArticle, str]:
    digest = _hash(a)
    now = ctx.clock.now()
    key = a.article_key or a.slug
    article = s.exec(select(KbArticle).where(KbArticle.slug == a.slug)).first()
    if article is None:  # this language's version under another slug (its front matter renamed it)
        article = s.exec(select(KbArticle).where(KbArticle.article_key == key,
                                                 KbArticle.language == a.language)).first()
    if article is not None and article.content_hash == digest and article.slug == a.slug:
        return article, "unchanged"
    if article is None:
        article = KbArticle(slug=a.slug, article_key=key, title=a.title, body=a.body, language=a.language, tags=list(a.tags),
                            author=a.author, source=a.source, content_hash=digest, created_at=now, updated_at=now,
                            source_ticket_id=source_ticket_id)
        s.add(article)
        outcome = "created"
    else:
        article.slug, article.article_key = a.slug, key
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
        article, _created = _upsert(s, ctx, a)
        return _view(s, article)

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
        s.flush()
        ctx.kb_index.upsert(s, a)  # learning from use: the ticket's words now find the article too


def _article(s: Session, ref: str | int) -> KbArticle:
    if isinstance(ref, int) or str(ref).isdigit():
        a = s.get(KbArticle, int(ref))
    else:
        a = s.exec(select(KbArticle).where(KbArticle.slug == str(ref))).first()
    if a is None:
        raise NotFound(_("no KB article {ref!r}").format(ref=ref))
    return a


def get_article(ctx: Context, ref: str | int, *, language: str | None = None) -> ArticleView:
    """An article version by slug or id; with ``language``, that language's version of the same article
    when it has one (else the version asked for)."""
    with ctx.db.read() as s:
        return _view(s, _version(s, _article(s, ref), language))


def article_for_ticket(ctx: Context, ref: str | int, number: int) -> ArticleView:
    """What goes into a reply on ticket ``number``: the version in the customer's (ticket's) language if the
    article has one, else the version chosen."""
    with ctx.db.read() as s:
        language = load_ticket(s, number, lock=False).language or None
        return _view(s, _version(s, _article(s, ref), language))


def _version(s: Session, a: KbArticle, language: str | None) -> KbArticle:
    if not language or a.language == language:
        return a
    other = s.exec(select(KbArticle).where(KbArticle.article_key == (a.article_key or a.slug),
                                           KbArticle.language == language)).first()
    return other or a


def _view(s: Session, a: KbArticle) -> ArticleView:
    numbers = s.exec(select(Ticket.number).join(KbLink, KbLink.ticket_id == Ticket.id)
                     .where(KbLink.article_id == a.id).order_by(Ticket.number)).all()
    src = s.get(Ticket, a.source_ticket_id) if a.source_ticket_id else None
    key = a.article_key or a.slug
    versions = dict(sorted(s.exec(select(KbArticle.language, KbArticle.slug)
                                  .where(KbArticle.article_key == key)).all())) or {a.language: a.slug}
    return ArticleView(a.id, a.slug, a.title, a.body, a.language, list(a.tags or []), a.author, a.created_at,
                       a.updated_at, src.number if src else None, list(numbers), key, versions)


DRAFTING_TIERS = ("tier2", "engineering")


def draft_from_ticket(ctx: Context, number: int) -> ArticleInput:
    """Seed 003 (Engineering updates the KB): pre-fill problem, cause, workaround, resolution and tags from a
    solved ticket, or from one Tier 2 or Engineering still works (they draft the article before the solve,
    the solution then says what is known so far)."""
    with ctx.db.read() as s:
        t = load_ticket(s, number, lock=False)
        if t.status not in ("solved", "closed") and t.tier not in DRAFTING_TIERS:
            raise InvalidInput(_("ticket #{number} is {status} at Tier 1; articles are written from solved tickets, "
                                 "or by Tier 2 and Engineering while they work one").format(
                number=number, status=t.status))
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
        while s.exec(select(KbArticle.id).where((KbArticle.slug == slug) | (KbArticle.article_key == slug))
                     ).first() is not None:
            n += 1  # never overwrite an existing article: find a free slug
            slug = f"{draft.slug}-{number}" if n == 2 else f"{draft.slug}-{number}-{n - 1}"
        if slug != draft.slug:
            draft = ArticleInput(slug, draft.title, draft.body, draft.language, draft.tags, draft.author,
                                 draft.source)
        draft = ArticleInput(draft.slug, draft.title, draft.body, draft.language, draft.tags, draft.author,
                             draft.source, draft.slug)  # a new article: its own key
        article, _created = _upsert(s, ctx, draft, source_ticket_id=ticket.id)
        if s.exec(select(KbLink).where(KbLink.ticket_id == ticket.id, KbLink.article_id == article.id)).first() is None:
            s.add(KbLink(article_id=article.id, ticket_id=ticket.id, actor=ctx.actor, at=ctx.clock.now()))
        audit(s, ctx, ticket, "kb_article_written", "article", None, article.slug)
        return _view(s, article)
