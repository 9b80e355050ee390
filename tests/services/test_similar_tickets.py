"""Issue 17: similar solved tickets — ranked by the KB's text machinery, kept current on solve and reopen."""

from __future__ import annotations

from agent_tui.services import similar
from agent_tui.services import ticket_actions as ta
from tests.conftest import new_ticket


def solved(ctx, subject, body, resolution, outcome="fixed", language="en"):
    t = new_ticket(ctx, subject, body, language=language)
    ta.assign(ctx, t.number)
    ta.solve(ctx, t.number, outcome, resolution)
    return t.number


def numbers(items):
    return [t.number for t in items]


def test_the_solved_ticket_with_similar_wording_ranks_first_and_an_unrelated_one_not_at_all(ctx):
    pdf = solved(ctx, "Export to PDF shows wrong totals", "The totals in the exported PDF are off by cents.",
                 "Rounding of the PDF totals fixed in 4.2.2.")
    sso = solved(ctx, "Nobody can log in via SSO", "AADSTS50011 redirect URI mismatch for Microsoft SSO.",
                 "Redirect URI corrected in the tenant.", outcome="third_party")
    other = solved(ctx, "Wrong totals in the CSV report", "The report totals differ.", "Filter reset.")
    now = new_ticket(ctx, "PDF export totals are wrong", "Exported PDF shows different totals than the screen.")
    found = similar.similar_solved(ctx, now.number)
    assert numbers(found)[0] == pdf
    assert sso not in numbers(found)
    assert other in numbers(found)  # shares "totals", "wrong": listed, below the PDF one
    first = found[0]
    assert (first.outcome, first.resolution) == ("fixed", "Rounding of the PDF totals fixed in 4.2.2.")


def test_a_ticket_never_lists_itself(ctx):
    a = solved(ctx, "Export to PDF shows wrong totals", "Totals off.", "Rounding fixed.")
    b = solved(ctx, "Export to PDF shows wrong totals", "Totals off again.", "Rounding fixed again.")
    assert numbers(similar.similar_solved(ctx, a)) == [b]
    assert numbers(similar.similar_solved(ctx, b)) == [a]


def test_only_solved_or_closed_tickets_and_reopen_takes_one_out(ctx):
    a = solved(ctx, "Check-in app crashes on scan", "The app closes when scanning a QR code.", "Update to 3.1.")
    open_one = new_ticket(ctx, "Check-in app crashes on scan too", "Same crash.")
    now = new_ticket(ctx, "App crashes when I scan the QR code", "Scanning closes the check-in app.")
    assert numbers(similar.similar_solved(ctx, now.number)) == [a]
    assert open_one.number not in numbers(similar.similar_solved(ctx, now.number))
    ta.reopen(ctx, a, "customer says it still crashes")
    assert similar.similar_solved(ctx, now.number) == []
    ta.solve(ctx, a, "fixed", "Camera permission reset.")
    found = similar.similar_solved(ctx, now.number)
    assert numbers(found) == [a] and found[0].resolution == "Camera permission reset."


def test_words_match_across_inflections_in_the_tickets_language(ctx):
    de = solved(ctx, "Bericht lässt sich nicht veröffentlichen", "Beim Veröffentlichen des Berichts kommt Fehler 503.",
                "Veröffentlichungsdienst neu gestartet.", language="de")
    solved(ctx, "Rechnung doppelt erhalten", "Wir haben zwei Rechnungen bekommen.", "Gutschrift erstellt.",
           language="de")
    now = new_ticket(ctx, "Berichte veröffentlichen geht nicht", "Fehler beim Veröffentlichen", language="de")
    assert numbers(similar.similar_solved(ctx, now.number)) == [de]


def test_at_most_three_and_reindex_rebuilds_the_same(ctx):
    for i in range(5):
        solved(ctx, f"Webhook delivery fails {i}", "Webhook deliveries fail with timeout.", "Endpoint fixed.")
    now = new_ticket(ctx, "Webhook delivery fails", "Webhooks time out.")
    before = numbers(similar.similar_solved(ctx, now.number))
    assert len(before) == 3
    assert similar.reindex(ctx) == 5
    assert numbers(similar.similar_solved(ctx, now.number)) == before


def test_one_shared_word_is_not_similar(ctx):
    solved(ctx, "Invoice address wrong", "Please change the invoice address.", "Address changed.")
    now = new_ticket(ctx, "Photo upload slow", "Uploading a photo to the report is slow; the address bar spins.")
    assert similar.similar_solved(ctx, now.number) == []  # "address" only


def test_on_the_demo_the_top_similar_ticket_is_about_the_same_problem_far_above_chance(ctx):
    """bench/similar_tickets.py's measure as a floor (demo: 19 % share the top KB hit, a random solved ticket 2 %):
    judged outside the similar-ticket index, by the KB's top suggestion for both tickets."""
    import sys
    from pathlib import Path

    from agent_tui.services.demo import load_demo

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        from similar_tickets import measure
    finally:
        sys.path.pop(0)
    load_demo(ctx)
    r = measure(ctx)
    assert r["with_similar"] >= 150  # of the 213 demo tickets
    same, pairs = r["kb"]
    base_same, base_pairs = r["kb_base"]
    assert pairs >= 150 and same / pairs >= 0.14
    assert same >= 4 * max(base_same, 1)
