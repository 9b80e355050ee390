"""KB search relevance on real help centres we did not write (issue 17), on SQLite and PostgreSQL.

Articles: ``tests/kb_relevance/real/<source>/`` (the Delta Chat FAQ in en/de/pt/nl, the Syncthing docs; see each
NOTICE), built by ``tests/kb_relevance/real/build.py``. Questions: ``tests/kb_relevance/real/questions.toml``,
worded as customers write, each with the article it should find and a fixed half: ranking changes are tuned on
``tune`` and checked on ``test``. Each source is its own KB (one help centre per helpdesk).

The floors are a few points under what ``python bench/kb_relevance.py --set real`` measured when they were
written (bench/README.md has the table); raise them when search improves.
"""

from __future__ import annotations

import pytest

from tests.kb_relevance.harness import (
    HALVES,
    LANGS,
    REAL_DIR,
    REAL_SOURCES,
    RealReport,
    copied_title_words,
    evaluate_real,
    format_real_report,
    load_real_cases,
    load_real_kb,
    real_titles,
)

# (source, language or "*", half) → top-3 floor; MRR floors per source and half. Each is about four points under
# the lower of SQLite and PostgreSQL as measured (bench/README.md, "Real help centres").
TOP3_FLOOR = {
    ("deltachat", "*", "tune"): 0.68, ("deltachat", "*", "test"): 0.66,
    ("deltachat", "en", "tune"): 0.67, ("deltachat", "en", "test"): 0.57,
    ("deltachat", "de", "tune"): 0.62, ("deltachat", "de", "test"): 0.59,
    ("deltachat", "pt", "tune"): 0.67, ("deltachat", "pt", "test"): 0.74,
    ("deltachat", "nl", "tune"): 0.66, ("deltachat", "nl", "test"): 0.56,
    ("syncthing", "*", "tune"): 0.65, ("syncthing", "*", "test"): 0.37,
}
MRR_FLOOR = {("deltachat", "tune"): 0.57, ("deltachat", "test"): 0.59,
             ("syncthing", "tune"): 0.59, ("syncthing", "test"): 0.30}


def test_the_real_sets_are_large_honest_and_point_at_real_articles():
    cases = load_real_cases()
    titles = real_titles()
    for source in REAL_SOURCES:
        assert sum(c.source == source for c in cases) >= 50, source
        assert (REAL_DIR / source / "NOTICE").is_file()
    # The translated source has questions in every language, at least 15 in each one but English.
    for lang in LANGS:
        assert sum(c.source == "deltachat" and c.lang == lang for c in cases) >= 15, lang
    for c in cases:
        assert c.expect in titles, c.expect
        assert titles[c.expect][1] == c.lang, (c.q, c.expect)  # the article in the question's language
        assert c.half in HALVES
    # Halves are fixed and balanced per source and language; about one question in ten has a typo.
    for source in REAL_SOURCES:
        for lang in LANGS:
            n = {h: sum(c.source == source and c.lang == lang and c.half == h for c in cases) for h in HALVES}
            assert abs(n["tune"] - n["test"]) <= 1, (source, lang, n)
    assert sum(c.typo for c in cases) >= 0.08 * len(cases)
    # Worded as customers write, not copied from the title: no question shares two title words.
    copied = [(c.q, w) for c in cases if len(w := copied_title_words(c, *titles[c.expect])) >= 2]
    assert copied == []


def test_copied_title_words_are_found_by_stem_and_ignore_stop_words():
    case = load_real_cases()[0]
    probe = type(case)("how do I reset the passwords for the GUI", case.expect, case.source, "en", "tune")
    assert copied_title_words(probe, "How do I reset the GUI password?", "en") == ["GUI", "passwords", "reset"]


@pytest.mark.parametrize("source", REAL_SOURCES)
def test_real_help_centre_relevance_stays_at_or_above_the_floors(ctx, source):
    load_real_kb(ctx, source)
    report = evaluate_real(ctx, [c for c in load_real_cases() if c.source == source], report=RealReport())
    summary = format_real_report(report)
    for (src, lang, half), floor in TOP3_FLOOR.items():
        if src == source:
            assert report.score(source=src, lang=lang, half=half).top3_rate >= floor, (
                f"{src}/{lang}/{half}\n{summary}")
    for (src, half), floor in MRR_FLOOR.items():
        if src == source:
            assert report.score(source=src, half=half).mrr >= floor, f"{src}/{half}\n{summary}"
