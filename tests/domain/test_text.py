"""Outside text is data: the sanitizer, the decoder, and the KB query parser on hostile strings."""

from __future__ import annotations

import unicodedata

import pytest

from agent_tui.domain.text import clean, decode_bytes, one_line
from agent_tui.domain.textsearch import index_terms, make_snippet, parse_query
from agent_tui.errors import InvalidInput

CONTROL_POINTS = [c for c in range(0x00, 0x20)] + [0x7F] + [c for c in range(0x80, 0xA0)]


class TestClean:
    @pytest.mark.parametrize("code", CONTROL_POINTS, ids=[f"U+{c:04X}" for c in CONTROL_POINTS])
    def test_every_c0_and_c1_control_character_is_neutralised(self, code):
        out = clean(f"a{chr(code)}b")
        if code in (0x0A, 0x09):
            assert out == f"a{chr(code)}b"
            return
        if code == 0x0D:
            assert out == "a\nb"  # a lone CR becomes a newline, never a carriage return
            return
        assert chr(code) not in out
        assert out.startswith("a") and out.endswith("b") and len(out) == 3
        placeholder = out[1]
        assert unicodedata.category(placeholder) not in ("Cc", "Cs")  # visible, not a control

    def test_only_newline_and_tab_survive_a_full_sweep(self):
        text = "".join(chr(c) for c in CONTROL_POINTS)
        out = clean(text)
        assert [ch for ch in out if unicodedata.category(ch) == "Cc"] == ["\t", "\n", "\n"]

    def test_escape_becomes_a_visible_placeholder(self):
        osc52 = "a\x1b]52;c;SGVsbG8=\x07b"
        out = clean(osc52)
        assert "\x1b" not in out and "\x07" not in out
        assert "␛" in out and "]52;c;SGVsbG8=" in out  # the text stays readable as data
        assert clean("\x1b[2J") == "␛[2J"

    def test_lone_surrogates_are_replaced(self):
        assert clean("x\ud800y\udfffz") == "x\ufffdy\ufffdz"

    def test_crlf_becomes_one_newline(self):
        assert clean("a\r\nb\rc") == "a\nb\nc"

    def test_ordinary_unicode_is_untouched(self):
        text = "Olá — Größe 世界 🙂 שלום\u200b"
        assert clean(text) == text

    def test_none_and_empty(self):
        assert clean(None) == "" and clean("") == ""

    def test_one_line_folds_and_cuts(self):
        assert one_line("a\n\n b\tc") == "a b c"
        assert one_line("x" * 200, 10) == "x" * 9 + "…"


class TestDecode:
    def test_utf8_with_and_without_bom(self):
        assert decode_bytes("Grüße".encode()) == "Grüße"
        assert decode_bytes(b"\xef\xbb\xbfhello") == "hello"

    def test_invalid_utf8_says_where(self):
        with pytest.raises(InvalidInput) as info:
            decode_bytes(b"abc\xff\xfedef", source="tickets.csv")
        msg = info.value.message
        assert "tickets.csv is not valid UTF-8" in msg and "0xff" in msg and "offset 3" in msg


HOSTILE = ['"', "AND", "OR", "NOT", "c++", "it's", "*", "e-mail", "title:x", "(", ")", "NEAR(", "'; DROP TABLE x; --",
           "", "   ", "x" * 500, "\x00", "\ud800", "a\x1bb", '"unterminated', "NEAR(a b, 3)", "^start", "{a b}",
           "-neg", "a:*", "!!!", "& | !", "<->"]


class TestParseQuery:
    @pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
    def test_hostile_strings_become_plain_word_terms(self, query):
        terms = parse_query(query)
        assert len(terms) <= 12
        for term in terms:
            for value in (term.prefix, *term.variants):
                assert value and all(ch.isalnum() or ch == "_" for ch in value), value
        assert sum(t.is_last for t in terms) == (1 if terms else 0)

    def test_operators_are_just_words(self):
        # 'and'/'or'/'not' are English stop words and dropped like any other; NEAR is a plain word.
        assert [t.prefix for t in parse_query('"AND" OR (NOT NEAR c++)')] == ["near", "c"]
        # The word still being typed is kept even if it is a stop word, as a plain word.
        assert [t.prefix for t in parse_query("AND OR")] == ["or"]

    def test_stems_in_every_language_and_folded(self):
        (term,) = parse_query("Rechnungen")
        assert term.prefix == "rechnungen"
        assert "rechnung" in term.variants
        (term,) = parse_query("Veröffentlichen")
        assert term.prefix == "veroffentlichen"

    def test_index_terms_and_snippet_are_plain_text(self):
        assert index_terms("Invoices downloaded", "en") == "invoic download"
        snippet = make_snippet("Download the [bold]invoice[/] here", parse_query("invoice"), "en")
        assert "[bold]" in snippet.plain
        assert ("invoice", True) in snippet.parts
