"""Which section of a KB article answers a query (issue 17): the share of the query's words one section holds."""

from __future__ import annotations

from agent_tui.domain.kb_sections import best_section
from agent_tui.domain.textsearch import TermMatcher, parse_query

REFERENCE = """# Configuration

Syncthing keeps its settings in a file.

## Folder element

A folder has an id, a label and a path. Versioning keeps old copies of changed files.

## Listen addresses

The device listens for connections from other devices on these addresses.

## GUI element

The web interface listens on port 8384; set an address and a password to reach it from another computer.
"""


def best(body: str, query: str, title: str = "Configuration", language: str = "en"):
    return best_section(body, title, TermMatcher(parse_query(query + " ", [language])))


def test_the_section_holding_the_most_query_words_is_the_best():
    found = best(REFERENCE, "reach the web interface from another computer")
    assert found is not None and found.several
    assert found.section.heading == "GUI element"
    assert found.share == 1.0


def test_words_spread_over_sections_give_each_section_only_its_share():
    found = best(REFERENCE, "versioning password")  # one word in "Folder element", the other in "GUI element"
    assert found is not None and found.share == 0.5
    assert found.section.heading == "Folder element"  # the first of equals


def test_a_query_word_in_the_heading_counts_twice_when_choosing():
    body = "## Ports\n\nOpen the ports for relays and addresses.\n\n## Addresses\n\nRelays use these addresses."
    found = best(body, "relays addresses", title="Network")  # both sections hold both words
    assert found is not None and found.section.heading == "Addresses"
    assert found.share == 1.0 and found.heading_share == 0.5


def test_stems_and_other_languages_match_as_the_index_does():
    body = "## Ordner\n\nEin Ordner hat eine Kennung.\n\n## Geräte\n\nJedes Gerät hat einen Namen und Adressen."
    found = best(body, "Gerät Adresse", title="Einstellungen", language="de")
    assert found is not None and found.section.heading == "Geräte" and found.share == 1.0


def test_a_heading_repeating_the_title_is_no_heading():
    found = best(REFERENCE, "settings file")
    assert found is not None and found.section.heading == "" and found.section.level == 1
    assert found.share == 1.0


def test_a_page_without_headings_is_one_section():
    found = best("Just text about the password.", "password")
    assert found is not None and not found.several and found.share == 1.0


def test_nothing_to_score_gives_none():
    assert best("", "password") is None
    assert best_section(REFERENCE, "Configuration", TermMatcher([])) is None


def test_a_heading_inside_a_code_fence_is_code():
    body = "## Start\n\nRun it.\n\n```\n## password in a comment\n```\n\n## End\n\nDone."
    found = best(body, "password")
    assert found is not None and found.section.heading == "Start"


def test_a_query_word_is_found_at_the_start_of_a_word_only():
    matcher = TermMatcher(parse_query("port relay ", ["en"]))
    assert matcher.found("Set the Port.") == 0b01
    assert matcher.found("The relays and ports.") == 0b11  # a word starting with it (plural, prefix)
    assert matcher.found("Support, transport, correlay") == 0  # inside a word: not the word
    assert matcher.found("Relé", ) == 0 and matcher.found("") == 0
