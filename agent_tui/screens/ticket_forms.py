"""What the ticket screen's dialogs ask and send: the form fields, the composers, the final-step question.

Data and small builders only; the screen (:mod:`agent_tui.screens.ticket`) opens them, pins the
version the agent saw, and runs the service call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text

from agent_tui.domain import lifecycle as lc
from agent_tui.domain.lifecycle import Outcome
from agent_tui.errors import AgentTuiError, StaleTicket
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.services.views import TicketDetail
from agent_tui.i18n import N_, _
from agent_tui.widgets import labels
from agent_tui.widgets.modals import Field
from agent_tui.widgets.safe import safe_line


def hold_fields() -> list[Field]:
    return [Field("reason", _("What are we waiting for?"), placeholder=_("e.g. the payment provider's answer")),
            Field("kind", _("Waiting on"), "select", "third_party", [(_("a third party"), "third_party"),
                                                                      (_("something else"), "other")])]


def propose_fields() -> list[Field]:
    return [Field("solution", _("Solution"), "area"),
            Field("hotfix", _("It is a hotfix (applied directly, no approval needed)"), "checkbox", False)]


def solve_fields(d: TicketDetail | None = None) -> list[Field]:
    """Outcome and resolution; Tier 1 starts from what a higher tier handed back (seed 003)."""
    outcomes = [(labels.outcome(o.value), o.value) for o in Outcome if o is not Outcome.NO_CUSTOMER_RESPONSE]
    back = d.handed_back if d is not None else None
    told = _("Outcome (Tier 1 tells the customer)") if d is not None and d.solve_hands_back \
        else _("Outcome (the customer is told)")
    return [Field("outcome", told, "select", back.outcome if back else "fixed", outcomes),
            Field("resolution", _("Resolution"), "area", back.resolution if back else "")]


def contact_fields() -> list[Field]:
    """A call or chat with the customer, logged (issue 16: it counts as a response where the policy says so)."""
    return [Field("via", _("How"), "select", "phone", [(_("phone call"), "phone"), (_("chat"), "chat")]),
            Field("summary", _("What was said"), "area")]


def optional(name: str, label: str) -> list[Field]:
    """``label``: already translated."""
    return [Field(name, _("{label} (optional)").format(label=label))]


def checklist_fields(d: TicketDetail) -> list[Field]:
    """The required-info fields, each gap marked ✗, filled with what the ticket holds."""
    return [Field(f.key, f.shown, value=d.checklist.get(f.key, ""), needed=f.key in d.checklist_gaps)
            for f in d.checklist_fields]


def checklist_changes(d: TicketDetail, values: dict) -> dict[str, str]:
    """Only the fields the agent changed (a save writes nothing else)."""
    return {k: str(v) for k, v in values.items() if str(v).strip() != str(d.checklist.get(k) or "")}


@dataclass(frozen=True)
class Composer:
    service: str  # the use case in services.ticket_actions (looked up when sending, so a test can replace it)
    title: str  # N_(): translated where shown
    done: str  # N_()


COMPOSERS: dict[str, Composer] = {
    "reply": Composer("reply", N_("Reply to the customer"), N_("Reply sent.")),
    "note": Composer("note", N_("Internal note"), N_("Note added.")),
    "request_info": Composer("request_info", N_("Request information"), N_("Request sent; the ticket is pending.")),
}


def versioned_send(ctx: Context, number: int, service: str, version: int | None) -> Callable[[str], TicketDetail]:
    """``send(text)`` for a composer running ``services.ticket_actions.<service>``, checked against
    ``version``, the one the agent saw when opening it.

    A live reload underneath does not silently move it. After a refusal (StaleTicket names who
    changed what and the screen reloads) the retry is checked against what the screen now shows.
    """
    base = {"version": version}

    def send(text: str, files: list[str] | None = None) -> TicketDetail:
        extra = {}
        if files:  # a reply's attachments, read now: a missing file is refused before anything is written
            from pathlib import Path

            from agent_tui.services.ticket_files import OutgoingFile

            extra["files"] = [OutgoingFile.from_path(Path(p).expanduser()) for p in files]
        try:
            return getattr(ta, service)(ctx, number, text, expected_version=base["version"], **extra)
        except StaleTicket:
            try:
                base["version"] = tq.get_ticket(ctx, number).version
            except AgentTuiError:
                pass  # keep the old version: the retry is refused again rather than unchecked
            raise

    return send


def final_question(verb: str, number: int, subject: str | None) -> tuple[Text, Text]:
    """The y/n question before a step that makes the ticket final, and why it matters (``verb``: translated)."""
    question = Text(_("{verb} ticket #{number}? ").format(verb=verb, number=number), style="bold")
    if subject is not None:
        question.append_text(safe_line(subject, 60, style="bold"))
    final = ", ".join(labels.status(s.value) for s in sorted(lc.FINAL_STATUSES))
    detail = Text(_("{statuses} is final: it cannot be undone. If the customer writes again, a follow-up ticket "
                    "is opened.").format(statuses=final[:1].upper() + final[1:]))
    return question, detail
