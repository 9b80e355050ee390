"""Severities as defined by seed 000 (Tap Inspect)."""

from __future__ import annotations

from enum import StrEnum

from agent_tui.i18n import _


class Severity(StrEnum):
    GENERAL_QUESTION = "general_question"
    MODERATE = "moderate"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABEL[self]

    @property
    def definition(self) -> str:
        return _DEFINITION[self]


_RANK = {Severity.GENERAL_QUESTION: 0, Severity.MODERATE: 1, Severity.CRITICAL: 2}
_LABEL = {
    Severity.GENERAL_QUESTION: "General question",
    Severity.MODERATE: "Moderate issue",
    Severity.CRITICAL: "Critical issue",
}
# Seed 000's own definitions, shown to agents when they override triage.
_DEFINITION = {  # English; shown translated through widgets/labels.SEVERITY_DEFINITION's msgids
    Severity.GENERAL_QUESTION: "How to do something: usage, account or subscription questions.",
    Severity.MODERATE: "A feature no longer works and slows the customer down, "
    "but they can still complete their primary tasks.",
    Severity.CRITICAL: "The customer cannot complete or publish their work because of a failure "
    "of the app or service; priority attention, even outside support hours.",
}


def parse_severity(value: str) -> Severity:
    from agent_tui.errors import InvalidInput

    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"general": "general_question", "question": "general_question", "low": "general_question",
               "medium": "moderate", "high": "critical"}
    key = aliases.get(key, key)
    try:
        return Severity(key)
    except ValueError:
        raise InvalidInput(_("unknown severity {value!r}; use one of: {choices}").format(
            value=value, choices=", ".join(s.value for s in Severity))) from None
