"""Tiered escalation (seed 003): tiers, criteria, the hand-over; the checklist it enforces is the
ticket's policy's (``domain.checklist``, seeds 001 and 004)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from agent_tui.domain.checklist import ChecklistField
from agent_tui.errors import ForbiddenTransition, InvalidInput, MissingRequiredInfo
from agent_tui.i18n import _


class Tier(StrEnum):
    TIER1 = "tier1"
    TIER2 = "tier2"
    ENGINEERING = "engineering"

    @property
    def label(self) -> str:
        return {"tier1": "Tier 1", "tier2": "Tier 2", "engineering": "Engineering"}[self.value]

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


def parse_tier(value: str) -> Tier:
    key = value.strip().lower().replace(" ", "").replace("_", "").replace("-", "")
    aliases = {"tier1": "tier1", "t1": "tier1", "1": "tier1", "tier2": "tier2", "t2": "tier2", "2": "tier2",
               "engineering": "engineering", "eng": "engineering", "3": "engineering"}
    if key not in aliases:
        raise InvalidInput(_("unknown tier {value!r}; use one of: tier1, tier2, engineering").format(value=value))
    return Tier(aliases[key])


# Seed 003's escalation criteria per step.
CRITERIA: Mapping[Tier, Mapping[str, str]] = {
    Tier.TIER2: {
        "deeper_knowledge": "Needs more in-depth technical knowledge",
        "potential_bug": "Identified as a potential bug",
    },
    Tier.ENGINEERING: {
        "code_change": "A software bug or needs code changes",
        "performance": "System performance concern",
        "security": "Security concern",
    },
}

@dataclass(frozen=True)
class Handover:
    """What travels with an escalation (seed 003: all findings and steps taken)."""

    findings: str = ""
    steps_taken: str = ""
    workaround: str = ""
    logs: str = ""

    def gaps(self) -> list[str]:
        missing = []
        if not self.findings.strip():
            missing.append("findings")
        if not self.steps_taken.strip():
            missing.append("steps_taken")
        return missing


def next_tier(current: Tier) -> Tier | None:
    order = list(Tier)
    i = order.index(current)
    return order[i + 1] if i + 1 < len(order) else None


# Who may do what on a ticket. A ticket is worked by its tier; a higher tier may step in on a lower
# tier's ticket (a Tier 2 agent covering Tier 1), never the other way round: below the ticket's tier
# an agent may only add what helps without speaking for that tier (internal notes, checklist facts,
# KB links, the customer's survey answer), which the services do not check here.


def check_may_act(agent: str, agent_tier: Tier, number: int, ticket_tier: Tier, action: str) -> None:
    """Refuse ``action`` (a verb phrase: "reply to", "solve") to an agent below the ticket's tier."""
    if agent_tier.rank >= ticket_tier.rank:
        return
    raise ForbiddenTransition(
        _("Cannot {action} ticket #{number}: it is with {tier} and {agent} works {agent_tier} "
          "(only {tier} or above may); add a note instead.").format(
            action=_(action), number=number, tier=_(ticket_tier.label), agent=agent, agent_tier=_(agent_tier.label))
    )


def validate_escalation(
    current: Tier,
    target: Tier,
    criterion: str,
    handover: Handover,
    checklist_missing: Sequence[ChecklistField],
) -> None:
    """Refuse an escalation that skips a tier, lacks a criterion, or misses information (the
    ticket's policy names the checklist fields: ``checklist.gaps``)."""
    expected = next_tier(current)
    if expected is None:
        raise ForbiddenTransition(_("Cannot escalate: the ticket is already at {tier}.").format(tier=_(current.label)))
    if target is not expected:
        raise ForbiddenTransition(
            _("Cannot escalate from {current} to {target}: the next step is {expected}.").format(
                current=_(current.label), target=_(target.label), expected=_(expected.label))
        )
    if criterion and criterion not in CRITERIA[target]:
        raise InvalidInput(_("criterion {criterion!r} does not apply to {tier}; use one of: {choices}").format(
            criterion=criterion, tier=_(target.label), choices=", ".join(CRITERIA[target])))
    # Name every gap at once, so the agent fixes the form in one go.
    missing = [] if criterion else [_("criterion: one of {choices}").format(choices=", ".join(CRITERIA[target]))]
    missing += [_("checklist: {field}").format(field=f.shown) for f in checklist_missing]
    missing += [_("hand-over: {field}").format(field=_(gap.replace("_", " "))) for gap in handover.gaps()]
    if missing:
        raise MissingRequiredInfo(
            _("Escalation refused, missing: {missing}").format(missing="; ".join(missing)), missing=missing
        )
