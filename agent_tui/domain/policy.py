"""Support policies: SLA targets (by severity, plan, tags; in business hours) and the pending/solved timers.

Policies differ between companies (seed 000 auto-solves after 3 days, seed 004
reminds at 7 and closes at 14, seed 002 answers first within 12 h), so they are
data: shipped as presets in ``data/policies.toml``, stored in the database,
chosen per team. Nothing here is a constant of the product.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum

from agent_tui.domain import checklist as cl
from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.errors import InvalidInput
from agent_tui.i18n import _


CLOCKS = ("first_response", "next_update", "resolution")  # the SLA clocks a target may set (domain.sla.Clock)


@dataclass(frozen=True)
class SlaTarget:
    """Up to three clocks, each optional (``None``: the policy runs no such clock), in business time.

    ``calendar`` is the target's calendar (``""``: the policy's); ``<clock>_calendar`` gives one clock
    another (``first_response_calendar = "24x7"``: twelve clock hours while resolution counts office
    hours, seed 002). ``next_update`` runs as the policy's ``update_clock`` says (:class:`UpdateRules`).
    """

    first_response: timedelta | None
    resolution: timedelta | None
    next_update: timedelta | None = None
    calendar: str = ""
    first_response_calendar: str = ""
    next_update_calendar: str = ""
    resolution_calendar: str = ""

    def calendar_for(self, clock: str) -> str:
        """The calendar ``clock`` (``first_response``, ``next_update``, ``resolution``) counts on."""
        return getattr(self, f"{clock}_calendar") or self.calendar

    def duration(self, clock: str) -> timedelta | None:
        return getattr(self, clock)

    @property
    def has_clocks(self) -> bool:
        return any(getattr(self, c) is not None for c in CLOCKS)


class UpdateMode(StrEnum):
    """How the next-update clock runs (issue 16; ``last_contact`` is the behaviour before it)."""

    LAST_CONTACT = "last_contact"  # from the last public contact: an answer, a counted call/chat, a customer message
    UNANSWERED = "unanswered"  # from the oldest customer message not yet answered (the request itself first)
    BOTH = "both"  # whichever of the two falls due first


RESPONSE_KINDS = ("reply", "phone", "chat")  # what may count as a response; a public reply always does


@dataclass(frozen=True)
class UpdateRules:
    """A policy's update clock and what counts as a response (``Policy.update_rules``)."""

    mode: UpdateMode = UpdateMode.LAST_CONTACT
    before_first_response: bool = False  # the last-contact clock also runs from creation to the first response
    responses: frozenset[str] = frozenset({"reply"})

    def counts(self, kind: str) -> bool:
        """Whether an agent's message of ``kind`` (``public``/``reply``, ``phone``, ``chat``, ``internal``) is a response."""
        if kind in ("public", "reply"):
            return True
        return kind in self.responses and kind != "internal"


@dataclass(frozen=True)
class TargetRule:
    """One ``[[policy.X.target]]`` entry: the target applies when every given condition holds."""

    target: SlaTarget
    severities: frozenset[Severity] = frozenset()  # empty: any severity
    plans: frozenset[str] = frozenset()  # empty: any customer plan
    tags: frozenset[str] = frozenset()  # empty: any; otherwise the ticket carries at least one of them

    def matches(self, severity: Severity, plan: str | None, tags: Iterable[str]) -> bool:
        if self.severities and severity not in self.severities:
            return False
        if self.plans and (plan or "").strip().lower() not in self.plans:
            return False
        return not self.tags or bool(self.tags & {t.strip().lower() for t in tags})


# Tickets made before a policy named a calendar counted wall-clock time: the 24/7 calendar.
LEGACY_CALENDAR = "24x7"


@dataclass(frozen=True)
class Policy:
    name: str
    targets: Mapping[Severity, SlaTarget]
    pending_autosolve_after: timedelta
    solved_autoclose_after: timedelta
    pending_reminder_after: timedelta | None = None
    warning_fraction: float = 0.75  # warn once this share of the target time is used (a clock without warn_before)
    description: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)
    calendar: str = LEGACY_CALENDAR  # business hours the clocks count in, unless a target names another
    rules: tuple[TargetRule, ...] = ()  # conditional targets, first match wins; ``targets`` is the fallback
    survey_on_solve: bool = False  # seed 000: the ease-of-effort question goes to the customer on solve
    checklist: tuple[cl.ChecklistField, ...] = cl.DEFAULT  # required info, enforced on escalation (seeds 001, 004)
    new_ticket_fields: tuple[str, ...] = ()  # checklist fields the new-ticket form asks for (seed 002: environment)
    # What the pending timer does when the customer never answers: "solve" (seed 000: solved after 3 days,
    # closed later) or "close" (seed 004: closed after 14 days, and a reply still re-opens it).
    pending_timeout: str = "solve"
    tier1_tells_customer: bool = False  # seed 003: a Tier 2 / Engineering resolution goes back to Tier 1
    # issue 16: business minutes before a clock's breach at which it warns (clock name -> minutes)
    warn_before: Mapping[str, float] = field(default_factory=dict)
    update_rules: UpdateRules = UpdateRules()
    warn_mail: bool = False  # issue 16: a warning is also mailed (outbox) to the assignee, or the tier's agents

    def target(self, severity: Severity, plan: str | None = None, tags: Iterable[str] = ()) -> SlaTarget | None:
        """The first conditional target that matches, else the severity's default, the calendar filled in;
        ``None`` when nothing matches: the ticket has no SLA (issue 16: never a made-up default)."""
        chosen = None
        for rule in self.rules:
            if rule.matches(severity, plan, tags):
                chosen = rule.target
                break
        if chosen is None:
            chosen = self.targets.get(severity)
        if chosen is None or not chosen.has_clocks:
            return None
        if not chosen.calendar:
            chosen = replace(chosen, calendar=self.calendar)
        return chosen

    def warning_lead(self, clock: str, target: timedelta) -> float:
        """Business minutes before the breach at which ``clock`` warns: its ``warn_before`` minutes,
        else the share of the target left at ``warning_fraction``."""
        if clock in self.warn_before:
            return float(self.warn_before[clock])
        return target.total_seconds() / 60 * (1 - self.warning_fraction)

    def calendars(self) -> set[str]:
        """Every calendar this policy's clocks may count in."""
        names: set[str] = set()
        for t in [*self.targets.values(), *(r.target for r in self.rules)]:
            base = replace(t, calendar=t.calendar or self.calendar)
            names |= {base.calendar} | {base.calendar_for(c) for c in CLOCKS}
        return names


def _duration(data: Mapping[str, object], stem: str, *, required: bool = True) -> timedelta | None:
    """Read ``<stem>_hours`` / ``<stem>_days`` / ``<stem>_minutes``."""
    for unit in ("days", "hours", "minutes"):
        key = f"{stem}_{unit}"
        if key in data and data[key] is not None:
            try:
                amount = float(data[key])  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise InvalidInput(_("policy field {key} must be a number").format(key=key)) from None
            if amount <= 0:
                raise InvalidInput(_("policy field {key} must be positive").format(key=key))
            return timedelta(**{unit: amount})
    if required:
        raise InvalidInput(_("policy is missing {stem}_hours (or _days/_minutes)").format(stem=stem))
    return None


def _names(raw: object, what: str, label: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) and i.strip() for i in items):
        raise InvalidInput(_("{label}: {what} must be a name or a list of names").format(label=label, what=what))
    return frozenset(i.strip().lower() for i in items)


def _calendar_name(data: Mapping[str, object], key: str, label: str, default: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InvalidInput(_("{label}: {key} must be a calendar name").format(label=label, key=key))
    return value.strip()


TARGET_FIELDS = frozenset({"calendar", *(f"{c}_calendar" for c in CLOCKS)} | {
    f"{stem}_{unit}" for stem in CLOCKS for unit in ("minutes", "hours", "days")})


def _target(data: Mapping[str, object], label: str, default_calendar: str = "") -> SlaTarget:
    """Every clock is optional (issue 16): a first response alone, or first response and update without
    resolution, is a target; one without any clock means no SLA."""
    first = _duration(data, "first_response", required=False)
    resolution = _duration(data, "resolution", required=False)
    nxt = _duration(data, "next_update", required=False)
    if first is not None and resolution is not None and resolution < first:
        raise InvalidInput(_("{label}: resolution target is shorter than first response").format(label=label))
    return SlaTarget(first, resolution, nxt, _calendar_name(data, "calendar", label, default_calendar),
                     *(_calendar_name(data, f"{c}_calendar", label) for c in CLOCKS))


def _warn_before(data: Mapping[str, object], name: str) -> dict[str, float]:
    raw = data.get("warn_before", {})
    if not isinstance(raw, Mapping):
        raise InvalidInput(_("policy {name!r}: warn_before must be a table of clock = business minutes").format(
            name=name))
    out: dict[str, float] = {}
    for key, value in raw.items():
        clock = str(key).removesuffix("_minutes")
        if clock not in CLOCKS:
            raise InvalidInput(_("policy {name!r}: warn_before.{key} is not a clock ({choices})").format(
                name=name, key=key, choices=", ".join(CLOCKS)))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise InvalidInput(_("policy {name!r}: warn_before.{key} must be a positive number of business "
                                 "minutes").format(name=name, key=key))
        out[clock] = float(value)
    return out


def _update_rules(data: Mapping[str, object], name: str) -> UpdateRules:
    raw_mode = data.get("update_clock", UpdateMode.LAST_CONTACT.value)
    try:
        mode = UpdateMode(str(raw_mode).strip().lower())
    except ValueError:
        raise InvalidInput(_("policy {name!r}: update_clock {value!r} is not one of {choices}").format(
            name=name, value=raw_mode, choices=", ".join(m.value for m in UpdateMode))) from None
    raw = data.get("responses", ["reply"])
    kinds = _names(raw, "responses", _("policy {name!r}").format(name=name))
    if "note" in kinds or "internal" in kinds:
        raise InvalidInput(_("policy {name!r}: an internal note never counts as a response").format(name=name))
    unknown = sorted(kinds - set(RESPONSE_KINDS))
    if unknown:
        raise InvalidInput(_("policy {name!r}: responses {values} are not among {choices}").format(
            name=name, values=", ".join(unknown), choices=", ".join(RESPONSE_KINDS)))
    return UpdateRules(mode, _flag(data, "update_before_first_response", name), frozenset(kinds | {"reply"}))


def policy_from_dict(name: str, data: Mapping[str, object]) -> Policy:
    """Parse a policy table. Targets come as a list of ``[[policy.X.target]]`` entries
    (optional ``severity`` / ``plan`` / ``tags`` conditions, first match wins) and/or
    the older one-table-per-severity form ``[policy.X.sla.<severity>]``.
    Durations are business time on the target's ``calendar`` (default: the policy's), or on the
    clock's own ``<clock>_calendar``. A ticket no entry matches has no SLA.
    """
    raw_targets = data.get("sla")
    raw_rules = data.get("target")
    if raw_targets is None and raw_rules is None or raw_targets is not None and not isinstance(raw_targets, Mapping):
        raise InvalidInput(_("policy {name!r} has no [sla] table or [[target]] entries").format(name=name))
    calendar = data.get("calendar", LEGACY_CALENDAR)
    if not isinstance(calendar, str) or not calendar.strip():
        raise InvalidInput(_("policy {name!r}: calendar must be a calendar name").format(name=name))
    targets: dict[Severity, SlaTarget] = {}
    for sev_name, target in (raw_targets or {}).items():
        if not isinstance(target, Mapping):
            raise InvalidInput(_("policy {name!r}: sla.{sev_name} must be a table").format(
                name=name, sev_name=sev_name))
        sev = parse_severity(str(sev_name))
        try:
            targets[sev] = _target(target, f"policy {name!r}")
        except InvalidInput as exc:
            raise InvalidInput(str(exc).replace(": resolution", f": {sev.value} resolution")) from None
    rules: list[TargetRule] = []
    if raw_rules is not None:
        if not isinstance(raw_rules, (list, tuple)):
            raise InvalidInput(_("policy {name!r}: target must be a list of [[policy.{name}.target]] entries").format(
                name=name))
        known = {"severity", "plan", "tags"} | TARGET_FIELDS
        for i, entry in enumerate(raw_rules, 1):
            label = _("policy {name!r} target #{number}").format(name=name, number=i)
            if not isinstance(entry, Mapping):
                raise InvalidInput(_("{label} must be a table").format(label=label))
            unknown = sorted(set(entry) - known)
            if unknown:
                raise InvalidInput(_("{label}: unknown field(s) {choices}").format(
                    label=label, choices=', '.join(unknown)))
            sevs = frozenset(parse_severity(s) for s in _names(entry.get("severity"), "severity", label))
            rule = TargetRule(_target(entry, label), sevs, _names(entry.get("plan"), "plan", label),
                              _names(entry.get("tags"), "tags", label))
            rules.append(rule)
            if not rule.plans and not rule.tags:  # unconditional for its severities: a fallback
                for sev in rule.severities or frozenset(Severity):
                    targets.setdefault(sev, rule.target)
    wf = float(data.get("warning_fraction", 0.75))  # type: ignore[arg-type]
    if not 0 < wf < 1:
        raise InvalidInput(_("policy {name!r}: warning_fraction must be between 0 and 1").format(name=name))
    autosolve = _duration(data, "pending_timeout", required=False) or _duration(data, "pending_autosolve")
    autoclose = _duration(data, "solved_autoclose")
    assert autosolve is not None and autoclose is not None
    reminder = _duration(data, "pending_reminder", required=False)
    if reminder is not None and reminder >= autosolve:
        raise InvalidInput(_("policy {name!r}: the reminder must come before the auto-solve").format(name=name))
    checklist = cl.parse_fields(data["checklist"], f"policy {name!r}") if "checklist" in data else cl.DEFAULT
    new_ticket = data.get("new_ticket", [])
    if not isinstance(new_ticket, (list, tuple)) or any(
            not isinstance(k, str) or k not in {f.key for f in checklist} for k in new_ticket):
        raise InvalidInput(_("policy {name!r}: new_ticket must list fields of its checklist ({choices})").format(
            name=name, choices=", ".join(f.key for f in checklist)))
    timeout = data.get("pending_timeout", "solve")
    if timeout not in ("solve", "close"):
        raise InvalidInput(_("policy {name!r}: pending_timeout must be solve or close").format(name=name))
    return Policy(
        name=name,
        targets=targets,
        pending_autosolve_after=autosolve,
        solved_autoclose_after=autoclose,
        pending_reminder_after=reminder,
        warning_fraction=wf,
        description=str(data.get("description", "")),
        calendar=calendar.strip(),
        rules=tuple(rules),
        survey_on_solve=_flag(data, "survey_on_solve", name),
        checklist=checklist,
        new_ticket_fields=tuple(new_ticket),
        pending_timeout=str(timeout),
        tier1_tells_customer=_flag(data, "tier1_tells_customer", name),
        warn_before=_warn_before(data, name),
        update_rules=_update_rules(data, name),
        warn_mail=_flag(data, "warn_mail", name),
    )


def _flag(data: Mapping[str, object], key: str, name: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InvalidInput(_("policy {name!r}: {key} must be true or false").format(name=name, key=key))
    return value


def _target_to_dict(t: SlaTarget) -> dict[str, object]:
    def minutes(td: timedelta) -> float:
        return round(td.total_seconds() / 60, 4)

    out: dict[str, object] = {}
    for clock in CLOCKS:
        value = t.duration(clock)
        if value is not None:
            out[f"{clock}_minutes"] = minutes(value)
    if t.calendar:
        out["calendar"] = t.calendar
    for clock in CLOCKS:
        if getattr(t, f"{clock}_calendar"):
            out[f"{clock}_calendar"] = getattr(t, f"{clock}_calendar")
    return out


def policy_to_dict(policy: Policy) -> dict[str, object]:
    def hours(td: timedelta) -> float:
        return round(td.total_seconds() / 3600, 4)

    out: dict[str, object] = {
        "description": policy.description,
        "calendar": policy.calendar,
        "warning_fraction": policy.warning_fraction,
        "pending_autosolve_hours": hours(policy.pending_autosolve_after),
        "solved_autoclose_hours": hours(policy.solved_autoclose_after),
        "sla": {sev.value: _target_to_dict(t) for sev, t in policy.targets.items()},
    }
    if policy.rules:
        rules = []
        for r in policy.rules:
            entry: dict[str, object] = {}
            if r.severities:
                entry["severity"] = sorted(s.value for s in r.severities)
            if r.plans:
                entry["plan"] = sorted(r.plans)
            if r.tags:
                entry["tags"] = sorted(r.tags)
            entry.update(_target_to_dict(r.target))
            rules.append(entry)
        out["target"] = rules
    if policy.pending_reminder_after is not None:
        out["pending_reminder_hours"] = hours(policy.pending_reminder_after)
    if policy.survey_on_solve:
        out["survey_on_solve"] = True
    if policy.checklist != cl.DEFAULT:
        out["checklist"] = cl.fields_to_data(policy.checklist)
    if policy.new_ticket_fields:
        out["new_ticket"] = list(policy.new_ticket_fields)
    if policy.pending_timeout != "solve":
        out["pending_timeout"] = policy.pending_timeout
    if policy.tier1_tells_customer:
        out["tier1_tells_customer"] = True
    if policy.warn_before:
        out["warn_before"] = dict(policy.warn_before)
    if policy.warn_mail:
        out["warn_mail"] = True
    rules_ = policy.update_rules
    if rules_ != UpdateRules():
        out["update_clock"] = rules_.mode.value
        out["update_before_first_response"] = rules_.before_first_response
        out["responses"] = sorted(rules_.responses)
    return out
