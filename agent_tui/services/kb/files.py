"""KB import from files: Markdown with YAML front matter and reStructuredText, all or nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from sqlmodel import select

from agent_tui.domain.article_text import decode_entities, strip_template_markup
from agent_tui.domain.text import decode_bytes
from agent_tui.domain.language import guess_language
from agent_tui.errors import ImportFailed, InvalidInput
from agent_tui.i18n import _
from agent_tui.services.context import Context
from agent_tui.domain.textsearch import LANGUAGES
from agent_tui.services.kb.articles import ArticleInput, _upsert, _validate, slugify
from agent_tui.store.models import KbArticle


# Front matter key (Markdown ``translation_of: <slug>``, reST ``:translation_of: <slug>``): this file is a
# translation of the article with that slug (in this import or already in the KB).
TRANSLATION_OF = "translation_of"


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
                raise ImportFailed(_("{name}: front matter must be a mapping, not a {type}").format(
                    name=path.name, type=type(front).__name__))
        post = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise ImportFailed(_("{name}: front matter is not valid YAML ({first})").format(
            name=path.name, first=first)) from None
    meta = post.metadata
    if not isinstance(meta, dict):
        raise ImportFailed(_("{name}: front matter must be a mapping").format(name=path.name))
    title = str(meta.get("title") or "").strip()
    if not title:
        heading = re.search(r"^#\s+(.+)$", strip_template_markup(post.content), re.M)
        title = heading.group(1).strip() if heading else ""
    if not title:
        raise ImportFailed(_("{name}: no title (front matter 'title' or a '# heading')").format(name=path.name))
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if not isinstance(tags, list):
        raise ImportFailed(_("{name}: tags must be a list").format(name=path.name))
    language = str(meta.get("language") or meta.get("lang") or "").strip() or guess_language(post.content)
    return ArticleInput(slug=str(meta.get("slug") or path.stem), title=decode_entities(title),
                        body=strip_template_markup(post.content),
                        language=language, tags=tuple(str(t) for t in tags),
                        author=str(meta.get("author") or ""), source=path.name,
                        article_key=str(meta.get(TRANSLATION_OF) or "").strip())


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
        raise ImportFailed(_("{name}: invalid reStructuredText: {value}").format(
            name=path.name, value=errors[0].splitlines()[0]))
    title = fields.get("title") or next((n.astext() for n in doc.findall(lambda n: n.tagname == "title")), "")
    if not title:
        raise ImportFailed(_("{name}: no title (:title: field or a section title)").format(name=path.name))
    tags = tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip())
    language = fields.get("language") or guess_language(body)
    return ArticleInput(slug=fields.get("slug") or path.stem, title=title, body=body, language=language,
                        tags=tags, author=fields.get("author", ""), source=path.name,
                        article_key=fields.get(TRANSLATION_OF, "").strip())


def import_directory(ctx: Context, directory: Path, *, base_language: str = "en") -> dict[str, int]:
    """Import every .md/.markdown/.rst file. All or nothing; re-importing updates, never duplicates.

    Translations: a tree with one folder per language (``en/…``, ``de/…``) pairs files by their path below
    the language folder: ``de/account/reset.md`` is the German version of ``en/account/reset.md`` (the
    ``base_language`` folder holds the articles the others translate). Anywhere, front matter
    ``translation_of: <slug>`` names the article a file translates. A translation's slug is
    ``<article slug>-<language>`` unless its front matter gives another.
    """
    if not directory.is_dir():
        raise ImportFailed(_("not a directory: {directory}").format(directory=directory))
    files = sorted(p for p in directory.rglob("*") if p.suffix.lower() in {".md", ".markdown", ".rst"})
    if not files:
        raise ImportFailed(_("no .md or .rst files in {directory}").format(directory=directory))
    entries: list[tuple[Path, str | None, ArticleInput]] = []  # file, its language folder, the article
    for path in files:
        rel = path.relative_to(directory)
        folder = rel.parts[0].lower() if len(rel.parts) > 1 and rel.parts[0].lower() in LANGUAGES else None
        shown = rel.as_posix()
        try:
            a = parse_article_file(path)
            if folder is not None:
                a = replace(a, language=folder)  # the language folder decides
            entries.append((path, folder, replace(_validate(a), source=shown)))
        except InvalidInput as exc:
            raise ImportFailed(f"{shown}: {exc.message}") if not exc.message.startswith(path.name) else exc
    parsed = _pair_translations(directory, entries, base_language)
    seen: dict[str, str] = {}
    versions: dict[tuple[str, str], str] = {}
    for a in parsed:
        if a.slug in seen:
            raise ImportFailed(_("{source} and {seen} have the same slug {slug!r}").format(
                source=a.source, seen=seen[a.slug], slug=a.slug))
        seen[a.slug] = a.source
        if (a.article_key, a.language) in versions:
            raise ImportFailed(_("{source} and {seen} are both the {language} version of {key!r}").format(
                source=a.source, seen=versions[(a.article_key, a.language)], language=a.language, key=a.article_key))
        versions[(a.article_key, a.language)] = a.source
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with ctx.db.transaction() as s:
        keys = {a.slug for a in parsed}
        for a in parsed:
            if a.article_key not in keys and s.exec(
                    select(KbArticle.id).where(KbArticle.article_key == a.article_key)).first() is None:
                raise ImportFailed(_("{source}: translation_of {key!r}: no article with that slug, in this "
                                     "import or in the KB (nothing was imported)").format(
                    source=a.source, key=a.article_key))
        for a in parsed:
            _article, outcome = _upsert(s, ctx, a)
            counts[outcome] += 1
    return counts


def _pair_translations(directory: Path, entries: list[tuple[Path, str | None, ArticleInput]],
                       base_language: str) -> list[ArticleInput]:
    """Give each article its identity (``article_key``) and each translation a slug of its own."""
    folders = {folder for _path, folder, _a in entries if folder is not None}
    translated = folders - {base_language}
    if translated and base_language not in folders:
        raise ImportFailed(_("{directory}: language folders {folders} but no {base}/ folder with the articles "
                             "they translate (nothing was imported)").format(
            directory=directory, folders=", ".join(sorted(folders)), base=base_language))
    base_by_rel = {_below(directory, path).with_suffix("").as_posix(): a
                   for path, folder, a in entries if folder == base_language}
    out: list[ArticleInput] = []
    for path, folder, a in entries:
        key = a.article_key if _has_translation_of(a) else ""
        if not key and folder is not None and folder != base_language:
            base = base_by_rel.get(_below(directory, path).with_suffix("").as_posix())
            if base is None:
                raise ImportFailed(_("{source}: a translation with no matching base: {base}/{rel} is missing "
                                     "(add it, or name the article with 'translation_of: <slug>'; nothing was "
                                     "imported)").format(source=a.source, base=base_language,
                                                          rel=_below(directory, path).as_posix()))
            key = base.slug
        if not key:
            out.append(replace(a, article_key=a.slug))
            continue
        slug = a.slug if a.slug != key and not _slug_from_file_name(path, a) else f"{key}-{a.language}"
        out.append(replace(a, slug=slugify(slug), article_key=key))
    return out


def _below(directory: Path, path: Path) -> Path:
    """The path below its language folder: ``de/account/reset.md`` → ``account/reset.md``."""
    return Path(*path.relative_to(directory).parts[1:])


def _has_translation_of(a: ArticleInput) -> bool:
    return a.article_key != a.slug  # _validate sets the key to the slug when the file names none


def _slug_from_file_name(path: Path, a: ArticleInput) -> bool:
    return a.slug == slugify(path.stem)
