"""The words the screens show for stored values (status, severity, tier, outcome, clocks, checklist fields).

The stored values stay English identifiers (``on_hold``, ``general_question``); each is shown through
one of these tables, marked ``N_()`` here and translated with ``_()`` when drawn. A value no table
knows is shown as stored (underscores as spaces), so a newer store never breaks a screen.
"""

from __future__ import annotations

from agent_tui.domain.checklist import KNOWN as KNOWN_CHECKLIST
from agent_tui.i18n import N_, _

STATUS = {
    "new": N_("new"),
    "open": N_("open"),
    "pending": N_("pending"),
    "on_hold": N_("on hold"),
    "solved": N_("solved"),
    "closed": N_("closed"),
}
SLA_ALARM = {  # domain.timers.TimerKind values of the SLA alarms: the "sla" field's value in the timeline
    "first_response_warning": N_("first response warning"), "first_response_breach": N_("first response breached"),
    "resolution_warning": N_("resolution warning"), "resolution_breach": N_("resolution breached"),
    "next_update_warning": N_("next update warning"), "next_update_breach": N_("next update breached"),
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
CRITERION = {  # domain.escalation.CRITERIA
    "deeper_knowledge": N_("Needs more in-depth technical knowledge"),
    "potential_bug": N_("Identified as a potential bug"),
    "code_change": N_("A software bug or needs code changes"),
    "performance": N_("System performance concern"),
    "security": N_("Security concern"),
}
HANDOVER_FIELD = {"findings": N_("findings"), "steps_taken": N_("steps taken")}  # Handover.gaps()
LANGUAGE = {"en": N_("English"), "de": N_("German"), "pt": N_("Portuguese"), "nl": N_("Dutch")}
EVENT = {  # audit actions (services), as the timeline shows them
    "approved": N_("approved"), "assigned": N_("assigned"), "auto_solved": N_("auto solved"),
    "checklist_updated": N_("checklist updated"), "created": N_("created"),
    "customer_replied": N_("customer replied"), "deescalated": N_("deescalated"), "escalated": N_("escalated"),
    "follow_up_created": N_("follow up created"), "held": N_("held"), "info_requested": N_("info requested"),
    "kb_article_written": N_("kb article written"), "kb_linked": N_("kb linked"), "noted": N_("noted"),
    "reminder_sent": N_("reminder sent"), "replied": N_("replied"), "resumed": N_("resumed"),
    "severity_overridden": N_("severity overridden"), "sla_recomputed": N_("sla recomputed"),
    "solution_proposed": N_("solution proposed"), "solved": N_("solved"), "survey_recorded": N_("survey recorded"),
    "triaged": N_("triaged"), "status_changed": N_("status changed"), "reopened": N_("reopened"),
    "closed": N_("closed"), "contact_logged": N_("contact logged"),
    # SLA alarms from the sweep (services.ticket_clocks: the timer kind, "_breach" written "_breached")
    "first_response_warning": N_("first response warning"), "first_response_breached": N_("first response breached"),
    "resolution_warning": N_("resolution warning"), "resolution_breached": N_("resolution breached"),
    "next_update_warning": N_("next update warning"), "next_update_breached": N_("next update breached"),
}
EVENT_FIELD = {  # audited fields
    "article": N_("article"), "assignee": N_("assignee"), "hold_reason": N_("hold reason"),
    "outcome": N_("outcome"), "policy": N_("policy"), "proposed_solution": N_("proposed solution"),
    "severity": N_("severity"), "status": N_("status"), "survey": N_("survey"), "tier": N_("tier"),
    "sla": N_("SLA"), "channel": N_("channel"),
}
MESSAGE_KIND = {"customer": N_("customer"), "public": N_("reply"), "internal": N_("internal note"),
                "system": N_("to the customer"), "phone": N_("phone call"), "chat": N_("chat")}
MAIL_KIND = {  # mail.templates.KINDS: what a mail to the customer is
    "acknowledgement": N_("acknowledgement"), "reply": N_("reply"), "info_request": N_("information request"),
    "reminder": N_("reminder"), "approval_request": N_("approval request"), "solution": N_("solution"),
    "survey": N_("survey"), "auto_solved": N_("auto-solved notice"), "auto_closed": N_("auto-closed notice"),
    "info_request_close": N_("information request"), "reminder_close": N_("reminder"),
    "closed_no_reply": N_("closed without reply notice"),
    "sla_warning": N_("SLA warning to an agent"),
}
MAIL_STATE = {"queued": N_("queued"), "sending": N_("sending"), "sent": N_("sent"), "retrying": N_("retrying"),
              "failed": N_("failed"), "unsent": N_("not sent")}
CHANNEL = {"phone": N_("phone"), "email": N_("email"), "form": N_("form"), "chat": N_("chat")}


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


def criterion(key: str | None) -> str:
    return _shown(CRITERION, key)


def handover_field(key: str | None) -> str:
    return _shown(HANDOVER_FIELD, key)


def language(code: str | None) -> str:
    return _shown(LANGUAGE, code)


def event(action: str | None) -> str:
    return _shown(EVENT, action)


def event_field(name: str | None) -> str:
    return _shown(EVENT_FIELD, name)


def event_value(name: str | None, value: str) -> str:
    """A before/after value of an audited field: a status, severity, tier or outcome in the agent's language."""
    table = {"status": STATUS, "severity": SEVERITY, "tier": TIER, "outcome": OUTCOME, "sla": SLA_ALARM,
             "channel": CHANNEL}.get(name or "")
    return _(table[value]) if table and value in table else value


def message_kind(kind: str | None) -> str:
    return _shown(MESSAGE_KIND, kind)


def mail_kind(kind: str | None) -> str:
    return _shown(MAIL_KIND, kind)


def mail_state(state: str | None) -> str:
    return _shown(MAIL_STATE, state)


def channel(value: str | None) -> str:
    return _shown(CHANNEL, value)


def checklist(key: str | None) -> str:
    """A checklist field's label by its key (a field no policy knows: its key, readable)."""
    field = KNOWN_CHECKLIST.get(key or "")
    return field.shown if field is not None else (key or "").replace("_", " ")
