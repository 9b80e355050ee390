"""A KB article as text for a reply to a customer (issue 15: "insert the steps, the whole article or a chosen
section, and the article's public link").

Pure functions over the article's Markdown: its sections (split at headings, code fences respected), and
the plain text a mail reader shows well — heading marks, emphasis and image syntax dropped, links written
as ``text (address)``, lists and numbered steps kept as written, code kept indented. The block ends with an
empty line so the agent types on after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from agent_tui.domain.article_text import decode_entities, strip_template_markup

__all__ = ["Section", "article_url", "reply_block", "sections", "valid_base_url"]

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_MAYBE_SPECIAL = re.compile(r"^(?:[ \t]*(?:`{3}|~{3})|#{1,6}[ \t]|(?:=+|-+)[ \t]*$)", re.M)  # fence, heading, underline
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BLANKS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the text before the first heading
    level: int  # 0 for that text, else the heading's level (1–6)
    text: str  # the Markdown under the heading (its subsections included)


def sections(body: str, *, nested: bool = True) -> list[Section]:
    """The article's sections in order: the text before the first heading (when there is any), then one per
    heading, each holding its subsections (``nested=False``: each only its own text, up to the next heading of
    any level); a heading line inside a code fence is code, not a heading."""
    text = body.replace("\r\n", "\n")
    lines = text.split("\n")
    marks: list[tuple[int, int, str]] = []  # (line index, level, heading)
    fence: str | None = None
    i, pos = 0, 0
    for special in _MAYBE_SPECIAL.finditer(text):  # only these lines can open a fence or be a heading
        i += text.count("\n", pos, special.start())
        pos = special.start()
        line = lines[i]
        f = _FENCE.match(line)
        if f:
            if fence is None:
                fence = f.group(1)[0]
            elif f.group(1)[0] == fence:
                fence = None
            continue
        if fence is not None:
            continue
        m = _HEADING.match(line)
        if m:
            marks.append((i, len(m.group(1)), m.group(2).strip()))
        elif _setext_under(lines, i) and (not marks or marks[-1][0] < i - 1):
            marks.append((i - 1, 1 if line.strip().startswith("=") else 2, lines[i - 1].strip()))
    out: list[Section] = []
    first = marks[0][0] if marks else len(lines)
    intro = "\n".join(lines[:first]).strip()
    if intro:
        out.append(Section("", 0, intro))
    for n, (start, level, heading) in enumerate(marks):
        end = len(lines)
        for later, later_level, _h in marks[n + 1:]:
            if later_level <= level or not nested:
                end = later
                break
        skip = 2 if start + 1 < len(lines) and _SETEXT.match(lines[start + 1]) else 1
        out.append(Section(heading, level, "\n".join(lines[start + skip:end]).strip()))
    return out


def _setext_under(lines: list[str], i: int) -> bool:
    """Line ``i`` underlines the line before it as a heading (``Title`` then ``=====`` or ``-----``)."""
    if not _SETEXT.match(lines[i]):
        return False
    above = lines[i - 1].strip() if i > 0 else ""
    return bool(above) and not _HEADING.match(above) \
        and not above.startswith(("- ", "* ", "+ ", ">", "|"))


def _plain_line(line: str) -> str:
    m = _HEADING.match(line)
    if m:
        line = m.group(2)
    line = _IMAGE.sub(lambda x: x.group(1), line)
    line = _LINK.sub(lambda x: x.group(1) if x.group(2).startswith("#") or x.group(1) == x.group(2)
                     or not x.group(2).lower().startswith(("http://", "https://", "mailto:"))
                     else f"{x.group(1)} ({x.group(2).removeprefix('mailto:')})", line)
    line = _AUTOLINK.sub(lambda x: x.group(1), line)
    line = _EMPHASIS.sub(lambda x: x.group(2), line)
    return _HTML_TAG.sub("", line)


def plain_text(markdown: str) -> str:
    """Markdown as a customer's mail reader shows it well (see the module's docstring)."""
    out: list[str] = []
    fence: str | None = None
    lines = strip_template_markup(markdown.replace("\r\n", "\n")).split("\n")
    for i, line in enumerate(lines):
        f = _FENCE.match(line)
        if f:
            fence = f.group(1)[0] if fence is None else (None if f.group(1)[0] == fence else fence)
            continue
        if fence is not None:
            out.append("    " + line)
            continue
        if _setext_under(lines, i):
            continue  # the underline of a heading
        out.append(decode_entities(_plain_line(line)))
    return _BLANKS.sub("\n\n", "\n".join(out)).strip()


def valid_base_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url.strip())


def article_url(base: str, slug: str) -> str | None:
    """The article's public address under the help centre's base address (None without one):
    ``https://help.example.com/kb/`` + ``reset-password`` → ``https://help.example.com/kb/reset-password``;
    a base holding ``{slug}`` puts the slug there (``https://x/a/{slug}.html``)."""
    base = base.strip()
    if not base or not valid_base_url(base.replace("{slug}", "x")):
        return None
    if "{slug}" in base:
        return base.replace("{slug}", quote(slug))
    return base.rstrip("/") + "/" + quote(slug)


def reply_block(title: str, body: str, *, section: Section | None = None, link: str | None = None) -> str:
    """The text inserted into a reply: the article (or one section of it) as plain text under its title,
    then its public link; it ends with an empty line, where the agent's cursor lands."""
    if section is not None:
        heading = section.heading or title
        text = plain_text(section.text)
    else:
        heading = title
        text = plain_text(body)
        first = text.split("\n", 1)[0].strip()
        if first == title.strip():  # the article repeats its title as its first heading
            text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    parts = [decode_entities(heading).strip(), text]
    if link:
        parts.append(link)
    return "\n\n".join(p for p in parts if p) + "\n\n"
