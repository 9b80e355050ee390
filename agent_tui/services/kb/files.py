"""KB import from files: Markdown with YAML front matter and reStructuredText, all or nothing."""

from __future__ import annotations

import re
from pathlib import Path

from agent_tui.domain.article_text import decode_entities, strip_template_markup
from agent_tui.domain.text import decode_bytes
from agent_tui.domain.language import guess_language
from agent_tui.errors import ImportFailed, InvalidInput
from agent_tui.i18n import _
from agent_tui.services.context import Context
from agent_tui.services.kb.articles import ArticleInput, _upsert, _validate


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
        raise ImportFailed(_("{name}: invalid reStructuredText: {value}").format(
            name=path.name, value=errors[0].splitlines()[0]))
    title = fields.get("title") or next((n.astext() for n in doc.findall(lambda n: n.tagname == "title")), "")
    if not title:
        raise ImportFailed(_("{name}: no title (:title: field or a section title)").format(name=path.name))
    tags = tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip())
    language = fields.get("language") or guess_language(body)
    return ArticleInput(slug=fields.get("slug") or path.stem, title=title, body=body, language=language,
                        tags=tags, author=fields.get("author", ""), source=path.name)


def import_directory(ctx: Context, directory: Path) -> dict[str, int]:
    """Import every .md/.markdown/.rst file. All or nothing; re-importing updates, never duplicates."""
    if not directory.is_dir():
        raise ImportFailed(_("not a directory: {directory}").format(directory=directory))
    files = sorted(p for p in directory.rglob("*") if p.suffix.lower() in {".md", ".markdown", ".rst"})
    if not files:
        raise ImportFailed(_("no .md or .rst files in {directory}").format(directory=directory))
    parsed: list[ArticleInput] = []
    for path in files:
        try:
            parsed.append(_validate(parse_article_file(path)))
        except InvalidInput as exc:
            raise ImportFailed(f"{path.name}: {exc.message}") if not exc.message.startswith(path.name) else exc
    seen: dict[str, str] = {}
    for a in parsed:
        if a.slug in seen:
            raise ImportFailed(_("{source} and {seen} have the same slug {slug!r}").format(
                source=a.source, seen=seen[a.slug], slug=a.slug))
        seen[a.slug] = a.source
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with ctx.db.transaction() as s:
        for a in parsed:
            _article, outcome = _upsert(s, ctx, a)
            counts[outcome] += 1
    return counts
