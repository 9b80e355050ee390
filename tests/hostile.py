"""The classic hostile strings, shared by every test that feeds outside text into a field.

Each is what a customer, an import or an agent could type or paste. None may reach a
terminal as a control sequence, be read as markup, crash a widget or lose data.
``HOSTILE`` is a list of ``(id, text)``; ``hostile_params()`` makes ``pytest.param``s
with readable ids.
"""

from __future__ import annotations

import re

import pytest

ESC = "\x1b"

HOSTILE: list[tuple[str, str]] = [
    ("csi-clear-screen", "x\x1b[2Jy"),
    ("osc52-clipboard", "a\x1b]52;c;SGVsbG8=\x07b"),
    ("osc8-hidden-link", "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07"),
    ("dcs", "\x1bPq#0;2;0;0;0\x1b\\"),
    ("csi-6n-report", "ask\x1b[6n"),
    ("bell", "ding\x07dong"),
    ("backspace", "secret\x08\x08\x08\x08\x08\x08public"),
    ("cr-overwrite", "all good\rHACKED"),
    ("nul", "nul\x00byte"),
    ("c1-csi", "c1\x9b2Jcsi"),
    ("c1-osc", "c1\x9d0;title\x9c"),
    ("c1-nel", "next\x85line"),
    ("bidi-rlo", "invoice\u202efdp.exe"),
    ("bidi-isolates", "\u2066a\u2067b\u2068c\u2069"),
    ("zero-width-space", "zero\u200bwidth"),
    ("bom", "\ufeffbom"),
    ("lone-surrogates", "bad\ud800and\udfff"),
    ("rich-markup", "[bold red]x[/]"),
    ("markup-close", "[/]"),
    ("markup-action", "[@click=app.quit]x[/]"),
    ("escaped-markup", "\\[b]not bold"),
    ("very-long-line", "long " * 3000),
    ("emoji-cjk-wide", "打印机坏了 🖨️🔥 漢字"),
    ("rtl", "مرحبا שלום"),
    ("sql-injection", "'; DROP TABLE tickets; --"),
    ("format-c", "%s%n%x"),
    ("format-py", "{0}{name!r}"),
    ("jndi", "${jndi:ldap://x/a}"),
    ("html-script", "<script>alert(1)</script>"),
    ("path-traversal", "../../etc/passwd"),
    ("newline-injection", "a\nb"),
    ("tab", "a\tb"),
    ("crlf", "a\r\nb"),
    ("zwj-sequence", "👩\u200d👩\u200d👧 family"),
    ("combining-marks", "Z\u0351\u0362a\u0337\u0321l\u0334g\u0315o\u035c"),
]

# Raw terminal control: C0 except \n and \t, DEL, C1, lone surrogates, bidi overrides/isolates.
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def raw_controls(text: str) -> list[str]:
    """The forbidden code points in ``text`` (empty when it is safe to write to a terminal)."""
    return _RAW.findall(text)


def assert_no_raw_controls(text: str, where: str = "") -> None:
    found = raw_controls(text)
    assert not found, f"raw control code points {sorted({hex(ord(c)) for c in found})} in {where or 'output'}"


def hostile_params(short: bool = False) -> list:
    """``pytest.param(text, id=...)`` for each string; ``short`` drops the very long one."""
    return [pytest.param(text, id=name) for name, text in HOSTILE if not (short and name == "very-long-line")]
