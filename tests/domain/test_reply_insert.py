"""A KB article as text for a customer's reply (issue 15): sections, plain text, the public link."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agent_tui.domain.reply_insert import article_url, plain_text, reply_block, sections, valid_base_url

BODY = """Applies to version 4 and later.

## Reset the password

1. Open **Settings** → *Security*.
2. Click `Reset` and follow the [guide](https://help.example.com/guide "Guide").

```
# this is code, not a heading
```

### If no mail arrives

Check the spam folder &amp; the address.

## Change the e-mail address

Write to [support](mailto:help@example.com).
![screenshot](img/settings.png)
"""


def test_sections_split_at_headings_and_hold_their_subsections():
    parts = sections(BODY)
    assert [(p.heading, p.level) for p in parts] == [
        ("", 0), ("Reset the password", 2), ("If no mail arrives", 3), ("Change the e-mail address", 2)]
    assert parts[0].text == "Applies to version 4 and later."
    assert "### If no mail arrives" in parts[1].text and "Change the e-mail" not in parts[1].text
    assert "# this is code, not a heading" in parts[1].text  # inside a fence: code


def test_sections_not_nested_hold_only_their_own_text():
    parts = sections(BODY, nested=False)
    assert [(p.heading, p.level) for p in parts] == [
        ("", 0), ("Reset the password", 2), ("If no mail arrives", 3), ("Change the e-mail address", 2)]
    assert "If no mail arrives" not in parts[1].text and "spam folder" not in parts[1].text
    assert parts[2].text == "Check the spam folder &amp; the address."


def test_setext_headings_are_headings_and_lists_are_not():
    parts = sections("Intro\n\nFirst\n=====\nA\n\n- item\n---\nSecond\n------\nB")
    assert [p.heading for p in parts] == ["", "First", "Second"]
    assert parts[1].text.startswith("A")


def test_plain_text_is_what_a_mail_reader_shows_well():
    text = plain_text(BODY)
    assert "1. Open Settings → *Security*." in text  # bold marks dropped, list numbering kept
    assert "guide (https://help.example.com/guide)" in text
    assert "support (help@example.com)" in text
    assert "    # this is code, not a heading" in text and "```" not in text
    assert "spam folder & the address" in text
    assert "screenshot" in text and "img/settings.png" not in text
    assert "##" not in text


def test_a_relative_or_script_link_keeps_only_its_words():
    assert plain_text("See [the log](file:///etc/passwd) and [x](javascript:alert(1)).") == "See the log and x."


def test_the_whole_article_under_its_title_then_the_link_then_an_empty_line():
    block = reply_block("Reset your password", "# Reset your password\n\nDo this.", link="https://h/kb/reset")
    assert block == "Reset your password\n\nDo this.\n\nhttps://h/kb/reset\n\n"


def test_one_section_under_its_own_heading():
    part = sections(BODY)[2]
    block = reply_block("Password", BODY, section=part)
    assert block == "If no mail arrives\n\nCheck the spam folder & the address.\n\n"


def test_the_public_address_of_an_article():
    assert article_url("https://help.example.com/kb/", "reset-pw") == "https://help.example.com/kb/reset-pw"
    assert article_url("https://help.example.com/kb", "a b") == "https://help.example.com/kb/a%20b"
    assert article_url("https://x.org/articles/{slug}.html", "reset") == "https://x.org/articles/reset.html"
    assert article_url("", "reset") is None
    for bad in ("javascript:alert(1)", "ftp://x/", "help.example.com", "https:// spaced"):
        assert not valid_base_url(bad), bad
        assert article_url(bad, "reset") is None


@given(st.text(max_size=400))
def test_any_text_splits_without_losing_a_line(body):
    parts = sections(body)
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip() and not line.lstrip().startswith("#") and line.strip("=- \t"):
            assert any(line.strip() in p.text or line.strip() in p.heading for p in parts), line
    assert reply_block("T", body).endswith("\n\n")
