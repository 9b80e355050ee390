"""Seed 000 — Tap Inspect's support process, walked end to end on the ``tap-inspect`` preset.

The customer writes real mail (through the mail intake) and reads what the desk sends back (the
outbox); the agent works the screens with the keyboard; time moves with the injected clock and
the timers fire in the sweep.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent_tui.screens.kb import KbScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services.sweep import sweep
from agent_tui.widgets.modals import ComposerModal
from agent_tui.widgets.ticket_header import TicketHeader
from tests.seeds.conftest import (at_work, fill_in, insert_article, keys, open_ticket, shown, take_next, type_text,
                                  wait_for)

SATURDAY = datetime(2026, 2, 28, 10, 0, tzinfo=UTC)  # out of Tap Inspect's office hours (Berlin, Mon–Fri)


async def test_tap_inspect_from_request_to_a_reopened_ticket(desk):
    desk.use("tap-inspect")
    desk.load_help_centre()
    desk.clock.set(SATURDAY)
    grace = desk.customer("Grace Okafor", "grace@harbourview.example")

    # "Before you Start … the different levels of severity": a general question, a moderate issue
    # ("a feature … is no longer working … but you are still able to complete or publish a report")
    # and a critical one ("unable to complete or publish a report").
    # "Requesting Assisted Support … a 'support ticket' is created."
    question = grace.writes("How do I export a report as PDF?", "Hi, how do I export an inspection report as a "
                            "PDF with only the defects list? Grace").ticket_number
    moderate = grace.writes("Photo annotations not working",
                            "Since the update, drawing arrows on photos does not work in the iPad app. I can still "
                            "finish and publish my reports, it just takes longer.").ticket_number
    critical = grace.writes("Cannot publish any report",
                            "We are unable to publish any report since this morning; every report stays in the "
                            "outbox with 'Upload failed'.").ticket_number
    assert [desk.ticket(n).row.severity for n in (question, moderate, critical)] == \
        ["general_question", "moderate", "critical"]
    acks = grace.new_mail()
    assert [m.kind for m in acks] == ["acknowledgement"] * 3
    assert all(m.language == "en" and f"[#{n}]" in m.subject for m, n in zip(acks, (question, moderate, critical)))

    # "A support request for a critical issue … receives priority attention. Often even outside of
    # regular support hours." — due in an hour on a Saturday; the moderate one waits for Monday.
    assert desk.ticket(critical).first_response.due_at == SATURDAY + timedelta(hours=1)
    assert desk.ticket(moderate).first_response.due_at > datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    async with at_work(desk, "alice") as (alice, pilot):
        taken = await take_next(pilot, alice)  # the most urgent first
        assert taken.number == critical and taken.row.assignee == "alice"

        # "Completion of the Request: Once the agent has completed the request the issue will be marked as 'solved'."
        await keys(pilot, alice, "r")
        await type_text(pilot, alice, "Hi Grace, our upload service was stuck; it runs again.")
        await keys(pilot, alice, "ctrl+s")
        await fill_in(pilot, alice, "s", resolution="The upload service was restarted; publishing works again.")
        assert shown(alice).row.status == "solved" and shown(alice).outcome == "fixed"  # the form's first outcome

    reply, solution, survey = grace.new_mail()
    assert (reply.kind, solution.kind, survey.kind) == ("reply", "solution", "survey")
    assert "our upload service was stuck" in reply.body
    assert "The problem is fixed." in solution.body and "publishing works again" in solution.body
    # "Verify Your Satisfaction … a short one-question survey asking how easy the team made it to handle the issue"
    assert "how easy did we make it" in survey.body and "from 1 (very hard) to 7 (very easy)" in survey.body

    # The customer answers the survey by mail; the score shows on the ticket, which stays solved.
    assert grace.writes("", "6 - quick and easy, thanks!", answering=survey).action == "survey"

    # Monday, office hours.
    desk.clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    async with at_work(desk, "alice") as (alice, pilot):
        await open_ticket(pilot, alice, critical)
        assert shown(alice).survey_score == 6
        assert "survey: 6/7" in str(alice.screen.query_one(TicketHeader).render())

        # "Requesting More Details About the Request: For more complicated issues, the Support Team will
        # often ask the user to run tests, try things out, gather additional information."
        await keys(pilot, alice, "escape")
        assert (await take_next(pilot, alice)).number == moderate
        await keys(pilot, alice, "p")
        assert isinstance(alice.screen, ComposerModal)
        await type_text(pilot, alice, "Could you record a short screen video of drawing an arrow, and tell us "
                                      "the app version?")
        await keys(pilot, alice, "ctrl+s")
        assert shown(alice).row.status == "pending"

        # "Triage the Request: For general usage, the Support Team will likely direct you to a help
        # center article that explains in detail how to accomplish the task you asked about."
        await keys(pilot, alice, "escape")
        assert (await take_next(pilot, alice)).number == question
        await keys(pilot, alice, "b")
        assert isinstance(alice.screen, KbScreen)
        await type_text(pilot, alice, "export report pdf")
        await wait_for(pilot, lambda: alice.screen.selected == "export-report-pdf-en", timeout=5)
        await keys(pilot, alice, "ctrl+l")  # linked to the ticket …
        await insert_article(pilot, alice)  # … and into the reply (ctrl+t)
        assert "How to export an inspection report as PDF" in alice.screen.text
        await keys(pilot, alice, "ctrl+s")
        await fill_in(pilot, alice, "s", outcome="answered_with_article")
        assert shown(alice).row.status == "solved"
        assert [a.slug for a in shown(alice).articles] == ["export-report-pdf-en"]

    info_request = grace.last("info_request", moderate)
    assert "record a short screen video" in info_request.body
    assert "Without a reply within 3 days we will consider the request solved." in info_request.body
    article_reply, article_solution, article_survey = grace.new_mail(question)
    assert article_reply.kind == "reply" and "How to export an inspection report as PDF" in article_reply.body
    assert article_solution.kind == "solution" and "The answer is in our help article" in article_solution.body
    assert article_survey.kind == "survey"

    # "In the event that a response is not received our system will automatically solve and close
    # the request after 3 days."
    desk.clock.advance(days=2, hours=23)
    sweep(desk.ctx)
    assert desk.ticket(moderate).row.status == "pending"
    desk.clock.advance(hours=1)
    sweep(desk.ctx)
    assert desk.ticket(moderate).row.status == "solved"
    assert desk.ticket(moderate).outcome == "no_customer_response"
    auto = grace.last("auto_solved", moderate)
    assert "we have not heard from you for 3 days, so we have marked this request as solved" in auto.body
    # "If you still need assistance or are not satisfied with the resolution of this issue, just
    # reply to the ticket and it will be re-opened and assigned to the original agent."
    grace.writes("", "Thanks, but the PDF still lists every finding, not only the defects.", answering=article_solution)
    reopened = desk.ticket(question)
    assert reopened.row.status == "open" and reopened.row.assignee == "alice"
    async with at_work(desk, "bob") as (bob, pilot):
        await keys(pilot, bob, "t")  # a colleague taking the next ticket does not get it
        assert not isinstance(bob.screen, TicketScreen)
    async with at_work(desk, "alice") as (alice, pilot):
        await keys(pilot, alice, "m")  # mine: the re-opened ticket is back with the agent who answered it
        await wait_for(pilot, lambda: question in [r.number for r in alice.screen.table.rows_data], timeout=5)
        assert moderate not in [r.number for r in alice.screen.table.rows_data]

    # "… solve and close": a solved request is closed after the preset's 4 days.
    desk.clock.advance(days=4)
    sweep(desk.ctx)
    assert desk.ticket(moderate).row.status == "closed"
    assert "this request is now closed" in grace.last("auto_closed", moderate).body
