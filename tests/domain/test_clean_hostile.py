"""The one sanitizer over the shared hostile strings: controls become visible placeholders, data stays."""

from __future__ import annotations

import pytest

from agent_tui.domain.text import clean, clean_data
from tests.hostile import HOSTILE, assert_no_raw_controls, hostile_params


@pytest.mark.parametrize("text", hostile_params())
def test_cleaned_hostile_text_has_no_raw_control_codes(text):
    out = clean(text)
    assert_no_raw_controls(out, "clean()")
    assert clean(out) == out  # idempotent: cleaning stored text again changes nothing


@pytest.mark.parametrize("code", [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_bidi_overrides_and_isolates_are_neutralised(code):
    assert clean(f"invoice{chr(code)}fdp.exe") == "invoice\ufffdfdp.exe"


@pytest.mark.parametrize("name", ["rich-markup", "markup-action", "emoji-cjk-wide", "rtl", "zwj-sequence",
                                  "combining-marks", "sql-injection", "zero-width-space", "tab",
                                  "newline-injection"])
def test_data_that_is_not_a_control_code_is_kept_as_is(name):
    text = dict(HOSTILE)[name]
    assert clean(text) == text


def test_clean_data_cleans_keys_and_values_at_any_depth_and_keeps_other_values():
    data = {"a\x1b[2J": ["x\x9by", {"k": "\u202e"}], "n": 3, "none": None, "ok": True}
    assert clean_data(data) == {"a␛[2J": ["x\ufffdy", {"k": "\ufffd"}], "n": 3, "none": None, "ok": True}
