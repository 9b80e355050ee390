"""Articles written for static-site generators read as text: no template tags, no entities."""

from __future__ import annotations

import pytest

from agent_tui.domain.article_text import decode_entities, strip_template_markup


class TestTemplateTagsAreNotArticleText:
    def test_liquid_block_tags_go_and_their_text_stays(self):
        src = "Intro.\n\n{% callout success %}\nYou can reset it yourself.\n{% endcallout %}\n\nNext."
        assert strip_template_markup(src) == "Intro.\n\nYou can reset it yourself.\n\nNext."

    def test_inline_tags_and_output_leave_single_spaces(self):
        assert strip_template_markup("Ask {{ site.name }} support {% icon fa-check %} now.") == "Ask support now."

    def test_hugo_shortcodes_and_kramdown_attributes(self):
        src = '{{< note >}}Back up first{{< /note >}} and [open](https://x.example){:target="_blank"}.'
        assert strip_template_markup(src) == "Back up first and [open](https://x.example)."

    def test_tag_inside_a_link_target_leaves_the_link_text(self):
        assert strip_template_markup("[Recovery code]({% link _articles/rc.md %})") == "[Recovery code]()"

    def test_code_is_shown_as_written(self):
        src = "Run `a &amp;&amp; b` then:\n\n```\n{% raw %}{{ x }} &amp;\n```\n\nDone &amp; dusted."
        out = strip_template_markup(src)
        assert "`a &amp;&amp; b`" in out
        assert "```\n{% raw %}{{ x }} &amp;\n```" in out
        assert out.endswith("Done & dusted.")

    @pytest.mark.parametrize(("entity", "char"), [("&amp;", "&"), ("&rarr;", "→"), ("&mdash;", "—"), ("&#233;", "é"),
                                                   ("&#x00FC;", "ü"), ("&quot;", '"')])
    def test_entities_are_decoded(self, entity, char):
        assert strip_template_markup(f"a {entity} b") == f"a {char} b"
        assert decode_entities(f"a {entity} b") == f"a {char} b"

    def test_angle_bracket_entities_stay_in_the_source_so_they_never_become_html(self):
        assert strip_template_markup("type &lt;script&gt; here") == "type &lt;script&gt; here"
        assert decode_entities("type &lt;script&gt; here") == "type <script> here"

    def test_text_without_tags_or_entities_is_unchanged(self):
        src = "Plain {braces} & ampersands, 50% off."
        assert strip_template_markup(src) == src
