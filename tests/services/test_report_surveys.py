"""Seed 000: 'the score is shown on the ticket and summarised in the SLA report' (issue 15)."""

from __future__ import annotations

from datetime import timedelta

from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.services.report import sla_report, survey_summary
from tests.conftest import new_ticket


def solved(ctx, subject: str = "Tap reader shows no data"):
    d = new_ticket(ctx, subject=subject)
    ta.assign(ctx, d.number)
    ta.solve(ctx, d.number, "fixed", "Done.")
    return d.number


def period(ctx):
    now = ctx.clock.now()
    return now - timedelta(days=1), now + timedelta(minutes=1)


def test_the_report_counts_asked_and_answered_and_the_scores(ctx):
    config_store.use_policy(ctx.as_actor("system"), "tap-inspect")
    numbers = [solved(ctx) for _ in range(4)]  # four surveys go out on solve
    ta.record_survey(ctx, numbers[0], 7)
    ta.record_survey(ctx, numbers[1], 5)
    ta.record_survey(ctx, numbers[2], 2, "Three calls before anyone knew the tap model")
    rep = sla_report(ctx, *period(ctx))
    sv = rep.surveys
    assert (sv.asked, sv.answered) == (4, 3)
    assert sv.mean == round((7 + 5 + 2) / 3, 2) and sv.median == 5
    assert sv.scores == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1, 6: 0, 7: 1}
    assert sv.low == [(numbers[2], 2, "Three calls before anyone knew the tap model")]
    line = survey_summary(rep)
    assert line.startswith("3 answered of 4 asked (75.0 %)")
    assert "mean 4.7 · median 5" in line and "2:1" in line


def test_a_period_without_surveys_says_none_asked(ctx):
    config_store.use_policy(ctx.as_actor("system"), "standard")
    solved(ctx)
    rep = sla_report(ctx, *period(ctx))
    assert rep.surveys.asked == 0 and rep.surveys.mean is None
    assert survey_summary(rep) == "none asked"


def test_tickets_created_outside_the_period_are_left_out(ctx):
    config_store.use_policy(ctx.as_actor("system"), "tap-inspect")
    ta.record_survey(ctx, solved(ctx), 6)
    start, end = period(ctx)
    assert sla_report(ctx, end, end + timedelta(days=1)).surveys.asked == 0
