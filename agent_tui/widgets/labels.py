"""The words the screens show for stored values (status, severity, tier, outcome, clocks, checklist fields).

The stored values stay English identifiers (``on_hold``, ``general_question``); each is shown through
one of these tables, marked ``N_()`` here and translated with ``_()`` when drawn. A value no table
knows is shown as stored (underscores as spaces), so a newer store never breaks a screen.
"""

from __future__ import annotations

from agent_tui.i18n import N_, _

STATUS = {
    "new": N_("new"),
    "open": N_("open"),
    "pending": N_("pending"),
    "on_hold": N_("on hold"),
    "solved": N_("solved"),
    "closed": N_("closed"),
}
SEVERITY = {  # the ticket header, filters and forms
    "general_question": N_("general question"),
    "moderate": N_("moderate"),
    "critical": N_("critical"),
}
SEVERITY_SHORT = {  # the queue's narrow column
    "critical": N_("critical"),
    "moderate": N_("moderate"),
    "general_question": N_("question"),
}
SEVERITY_TITLE = {  # the severity picker and the help screen
    "general_question": N_("General question"),
    "moderate": N_("Moderate issue"),
    "critical": N_("Critical issue"),
}
SEVERITY_DEFINITION = {  # seed 000's definitions (domain/severity.py), shown when triage is overridden
    "general_question": N_("How to do something: usage, account or subscription questions."),
    "moderate": N_("A feature no longer works and slows the customer down, but they can still complete "
                   "their primary tasks."),
    "critical": N_("The customer cannot complete or publish their work because of a failure of the app or "
                   "service; priority attention, even outside support hours."),
}
TIER = {"tier1": N_("Tier 1"), "tier2": N_("Tier 2"), "engineering": N_("Engineering")}
TIER_SHORT = {"tier1": N_("T1"), "tier2": N_("T2"), "engineering": N_("Eng")}
OUTCOME = {
    "fixed": N_("fixed"),
    "workaround": N_("workaround"),
    "answered_with_article": N_("answered with article"),
    "added_to_roadmap": N_("added to roadmap"),
    "cannot_reproduce": N_("cannot reproduce"),
    "third_party": N_("third party"),
    "duplicate": N_("duplicate"),
    "no_customer_response": N_("no customer response"),
}
HOLD_KIND = {"third_party": N_("third party"), "approval": N_("approval"), "other": N_("other")}
CLOCK = {  # Countdown.label values
    "first response": N_("first response"),
    "next update": N_("next update"),
    "resolution": N_("resolution"),
    "auto-solve": N_("auto-solve"),
    "auto-close": N_("auto-close"),
}
CLOCK_SHORT = {"FR": N_("FR"), "upd": N_("upd"), "res": N_("res")}  # the queue's SLA cell
DRAFT_KIND = {  # services.drafts.KINDS values: "draft kept: reply"
    "reply": N_("reply"),
    "note": N_("note"),
    "request info": N_("request info"),
    "new ticket": N_("new ticket"),
    "escalation hand-over": N_("escalation hand-over"),
}
CHECKLIST = {  # domain.escalation.CHECKLIST_FIELDS
    "customer_number": N_("Customer number"),
    "domain": N_("Domain"),
    "contact": N_("Contact e-mail / user"),
    "error_message": N_("Error message / what the customer sees"),
    "reproduction_steps": N_("Reproduction steps / path taken"),
    "environment": N_("Environment (OS, browser, app version)"),
    "end_customer_contact": N_("May we contact the end customer? (yes/no)"),
}


def _shown(table: dict[str, str], value: str | None) -> str:
    if not value:
        return ""
    label = table.get(value)
    return _(label) if label is not None else value.replace("_", " ")


def status(value: str | None) -> str:
    return _shown(STATUS, value)


def severity(value: str | None) -> str:
    return _shown(SEVERITY, value)


def severity_short(value: str | None) -> str:
    return _shown(SEVERITY_SHORT, value)


def severity_title(value: str | None) -> str:
    return _shown(SEVERITY_TITLE, value)


def severity_definition(value: str | None) -> str:
    return _shown(SEVERITY_DEFINITION, value)


def tier(value: str | None) -> str:
    return _shown(TIER, value)


def tier_short(value: str | None) -> str:
    return _shown(TIER_SHORT, value)


def outcome(value: str | None) -> str:
    return _shown(OUTCOME, value)


def hold_kind(value: str | None) -> str:
    return _shown(HOLD_KIND, value)


def clock(value: str | None) -> str:
    return _shown(CLOCK, value)


def clock_short(value: str | None) -> str:
    return _shown(CLOCK_SHORT, value)


def draft_kind(value: str | None) -> str:
    return _shown(DRAFT_KIND, value)


def checklist(key: str | None) -> str:
    return _shown(CHECKLIST, key)
