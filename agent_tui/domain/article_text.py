"""Article sources from other tools: template tags and HTML entities are not article text.

Help centres and docs sites are often written for a static-site generator, so their Markdown holds
Liquid (Jekyll, Docusaurus-like ``{% callout success %}`` … ``{% endcallout %}``, ``{{ site.name }}``)
or Hugo shortcodes (``{{< note >}}``), kramdown attribute lists (``{:target=...}``), and HTML entities (``&amp;``, ``&nbsp;``). Imported as they
are, they show in previews and snippets and are indexed as words. On import the tags are dropped
(their inner text is kept: a callout's text is still the article's) and entities are decoded, except
inside code (fenced blocks and inline code spans), which is shown as written.
"""

from __future__ import annotations

import html
import re

__all__ = ["decode_entities", "strip_template_markup"]

# {% … %} and {%- … -%} (Liquid/Jinja tags), {{ … }} (Liquid output), {{< … >}} / {{% … %}} (Hugo shortcodes).
_TAG_PATTERN = (
    r"\{\{<(?:(?!>\}\}).)*>\}\}"  # {{< shortcode >}}
    r"|\{\{%(?:(?!%\}\}).)*%\}\}"  # {{% shortcode %}}
    r"|\{%(?:(?!%\}).)*%\}"  # {% tag %}
    r"|\{\{(?:(?!\}\}).)*\}\}"  # {{ output }}
    r"|\{:[^}\n]*\}"  # kramdown attribute lists after a link: {:target="_blank"}
)
_TAG = re.compile(_TAG_PATTERN, re.S)
_TAG_LINE = re.compile(r"^[ \t]*(?:" + _TAG_PATTERN + r")(?:[ \t]*(?:" + _TAG_PATTERN + r"))*[ \t]*\n", re.M | re.S)
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Decoding these would turn text into HTML tags or new entities in the Markdown source: keep them.
_KEEP_IN_SOURCE = {"&lt;", "&gt;", "&#60;", "&#62;"}
_GAP = "\ue000"  # a private-use character marks where a tag stood, until spaces around it are merged
_GAP_RUN = re.compile(r"([ \t]?)\ue000+([ \t]?)")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _outside_code(text: str, fn) -> str:
    """Apply ``fn`` to the parts of Markdown that are not fenced code blocks or inline code spans."""
    out: list[str] = []
    pos = 0
    for block in _FENCE.finditer(text):
        out.append(_outside_inline(text[pos:block.start()], fn))
        out.append(block.group(0))
        pos = block.end()
    out.append(_outside_inline(text[pos:], fn))
    return "".join(out)


def _outside_inline(text: str, fn) -> str:
    out: list[str] = []
    pos = 0
    for span in _INLINE_CODE.finditer(text):
        out.append(fn(text[pos:span.start()]))
        out.append(span.group(0))
        pos = span.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def _drop_tags(text: str) -> str:
    # A tag alone on its line takes its line with it, so no blank line is left where it stood.
    text = _TAG.sub(_GAP, _TAG_LINE.sub("", text))
    # "it {{ site.name }} rocks" -> "it rocks", not "it  rocks".
    return _GAP_RUN.sub(lambda m: " " if m.group(1) and m.group(2) else m.group(1) + m.group(2), text)


def _decode_for_source(text: str) -> str:
    return _ENTITY.sub(lambda m: m.group(0) if m.group(0) in _KEEP_IN_SOURCE else html.unescape(m.group(0)), text)


def strip_template_markup(markdown: str) -> str:
    """Markdown as an agent should read it: template tags dropped, entities decoded (code kept as written)."""
    if "{" not in markdown and "&" not in markdown:
        return markdown
    cleaned = _outside_code(markdown, lambda part: _decode_for_source(_drop_tags(part)))
    return _BLANK_RUN.sub("\n\n", cleaned)


def decode_entities(text: str) -> str:
    """Plain text (snippets, text inserted into a reply): every HTML entity decoded, tags dropped."""
    if "&" not in text and "{" not in text:
        return text
    return html.unescape(_TAG.sub("", text)).replace("\u00a0", " ")
