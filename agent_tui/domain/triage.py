"""Severity triage rules as data.

A rule matches when every condition it names holds: any of its keywords occurs
in the subject or body (case- and accent-insensitive, whole words), the
customer's plan is one of its plans, the channel one of its channels. The
first matching rule (lowest priority number) decides severity and tier; tags
are collected from every matching rule. The decision records which rule and
which keyword, so an agent can see why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from agent_tui.domain.escalation import Tier
from agent_tui.domain.severity import Severity


def fold(text: str) -> str:
    """Casefold and strip diacritics: 'Veröffentlichen' -> 'veroffentlichen'."""
    if text.isascii():
        return text.lower()  # nothing to decompose (a 1 MB ASCII paste must stay fast)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PreparedText:
    """Subject and body folded once per triage, with their word sets."""

    subject: str
    body: str
    subject_words: frozenset[str]
    body_words: frozenset[str]

    @classmethod
    def of(cls, subject: str, body: str) -> PreparedText:
        fs, fb = fold(subject), fold(body)
        return cls(fs, fb, frozenset(_WORD.findall(fs)), frozenset(_WORD.findall(fb)))


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    priority: int = 100
    tier: Tier = Tier.TIER1
    keywords: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""
    enabled: bool = True
    _patterns: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        pats = tuple(
            (k, re.compile(r"(?<!\w)" + re.escape(fold(k)).replace(r"\ ", r"\s+") + r"(?!\w)"),
             frozenset(_WORD.findall(fold(k))))
            for k in self.keywords
            if k.strip()
        )
        object.__setattr__(self, "_patterns", pats)

    def match(self, subject: str, body: str, plan: str | None, channel: str | None,
              *, prepared: PreparedText | None = None) -> str | None:
        """Return why the rule matched, or None."""
        if not self.enabled:
            return None
        if self.plans and (plan or "").lower() not in self.plans:
            return None
        if self.channels and (channel or "").lower() not in self.channels:
            return None
        reasons = []
        if self._patterns:
            text = prepared or PreparedText.of(subject, body)
            hit = None
            for keyword, pat, needs in self._patterns:
                # Every word of a whole-word keyword match is a whole word of the text, so the
                # word sets rule most keywords out without scanning a long description.
                if needs <= text.subject_words and pat.search(text.subject):
                    hit = f"'{keyword}' in the subject"
                    break
                if needs <= text.body_words and pat.search(text.body):
                    hit = f"'{keyword}' in the description"
                    break
            if hit is None:
                return None
            reasons.append(hit)
        if self.plans:
            reasons.append(f"plan {plan}")
        if self.channels:
            reasons.append(f"channel {channel}")
        return ", ".join(reasons) or "always"


@dataclass(frozen=True)
class TriageDecision:
    severity: Severity
    tier: Tier
    rule: str
    reason: str
    tags: tuple[str, ...] = ()


DEFAULT_RULE = "default"


def triage(
    rules: Iterable[Rule],
    subject: str,
    body: str,
    plan: str | None = None,
    channel: str | None = None,
) -> TriageDecision:
    ordered: Sequence[Rule] = sorted(rules, key=lambda r: (r.priority, r.name))
    decision: TriageDecision | None = None
    tags: list[str] = []
    prepared = PreparedText.of(subject, body)
    for rule in ordered:
        why = rule.match(subject, body, plan, channel, prepared=prepared)
        if why is None:
            continue
        for tag in rule.tags:
            if tag not in tags:
                tags.append(tag)
        if decision is None:
            decision = TriageDecision(rule.severity, rule.tier, rule.name, f"rule '{rule.name}': {why}")
    if decision is None:
        decision = TriageDecision(
            Severity.GENERAL_QUESTION, Tier.TIER1, DEFAULT_RULE, "no rule matched: general question by default"
        )
    return TriageDecision(decision.severity, decision.tier, decision.rule, decision.reason, tuple(tags))


def rule_from_dict(data: dict) -> Rule:
    from agent_tui.domain.escalation import parse_tier
    from agent_tui.domain.severity import parse_severity
    from agent_tui.errors import InvalidInput
    from agent_tui.i18n import _

    try:
        name = str(data["name"]).strip()
        severity = parse_severity(str(data["severity"]))
    except KeyError as missing:
        raise InvalidInput(_("triage rule is missing {missing}").format(missing=missing)) from None
    if not name:
        raise InvalidInput(_("triage rule has an empty name"))

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or ()
        if isinstance(value, str):
            value = [value]
        return tuple(str(v).strip().lower() if key != "keywords" else str(v) for v in value)

    return Rule(
        name=name,
        severity=severity,
        priority=int(data.get("priority", 100)),
        tier=parse_tier(str(data.get("tier", "tier1"))),
        keywords=strings("keywords"),
        plans=strings("plans"),
        channels=strings("channels"),
        tags=strings("tags"),
        description=str(data.get("description", "")),
        enabled=bool(data.get("enabled", True)),
    )


def rule_to_dict(rule: Rule) -> dict:
    return {
        "name": rule.name,
        "severity": rule.severity.value,
        "priority": rule.priority,
        "tier": rule.tier.value,
        "keywords": list(rule.keywords),
        "plans": list(rule.plans),
        "channels": list(rule.channels),
        "tags": list(rule.tags),
        "description": rule.description,
        "enabled": rule.enabled,
    }
