"""Support policies: SLA targets per severity and the pending/solved timers.

Policies differ between companies (seed 000 auto-solves after 3 days, seed 004
reminds at 7 and closes at 14, seed 002 answers first within 12 h), so they are
data: shipped as presets in ``data/policies.toml``, stored in the database,
chosen per team. Nothing here is a constant of the product.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.errors import InvalidInput


@dataclass(frozen=True)
class SlaTarget:
    first_response: timedelta
    resolution: timedelta


@dataclass(frozen=True)
class Policy:
    name: str
    targets: Mapping[Severity, SlaTarget]
    pending_autosolve_after: timedelta
    solved_autoclose_after: timedelta
    pending_reminder_after: timedelta | None = None
    warning_fraction: float = 0.75  # warn once this share of the target time is used
    description: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)

    def target(self, severity: Severity) -> SlaTarget:
        return self.targets[severity]


def _duration(data: Mapping[str, object], stem: str, *, required: bool = True) -> timedelta | None:
    """Read ``<stem>_hours`` / ``<stem>_days`` / ``<stem>_minutes``."""
    for unit in ("days", "hours", "minutes"):
        key = f"{stem}_{unit}"
        if key in data and data[key] is not None:
            try:
                amount = float(data[key])  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise InvalidInput(f"policy field {key} must be a number") from None
            if amount <= 0:
                raise InvalidInput(f"policy field {key} must be positive")
            return timedelta(**{unit: amount})
    if required:
        raise InvalidInput(f"policy is missing {stem}_hours (or _days/_minutes)")
    return None


def policy_from_dict(name: str, data: Mapping[str, object]) -> Policy:
    raw_targets = data.get("sla")
    if not isinstance(raw_targets, Mapping):
        raise InvalidInput(f"policy {name!r} has no [sla] table")
    targets: dict[Severity, SlaTarget] = {}
    for sev_name, target in raw_targets.items():
        if not isinstance(target, Mapping):
            raise InvalidInput(f"policy {name!r}: sla.{sev_name} must be a table")
        sev = parse_severity(str(sev_name))
        first = _duration(target, "first_response")
        resolution = _duration(target, "resolution")
        assert first is not None and resolution is not None
        if resolution < first:
            raise InvalidInput(f"policy {name!r}: {sev.value} resolution target is shorter than first response")
        targets[sev] = SlaTarget(first, resolution)
    missing = [s.value for s in Severity if s not in targets]
    if missing:
        raise InvalidInput(f"policy {name!r} has no SLA target for: {', '.join(missing)}")
    wf = float(data.get("warning_fraction", 0.75))  # type: ignore[arg-type]
    if not 0 < wf < 1:
        raise InvalidInput(f"policy {name!r}: warning_fraction must be between 0 and 1")
    autosolve = _duration(data, "pending_autosolve")
    autoclose = _duration(data, "solved_autoclose")
    assert autosolve is not None and autoclose is not None
    reminder = _duration(data, "pending_reminder", required=False)
    if reminder is not None and reminder >= autosolve:
        raise InvalidInput(f"policy {name!r}: the reminder must come before the auto-solve")
    return Policy(
        name=name,
        targets=targets,
        pending_autosolve_after=autosolve,
        solved_autoclose_after=autoclose,
        pending_reminder_after=reminder,
        warning_fraction=wf,
        description=str(data.get("description", "")),
    )


def policy_to_dict(policy: Policy) -> dict[str, object]:
    def hours(td: timedelta) -> float:
        return round(td.total_seconds() / 3600, 4)

    out: dict[str, object] = {
        "description": policy.description,
        "warning_fraction": policy.warning_fraction,
        "pending_autosolve_hours": hours(policy.pending_autosolve_after),
        "solved_autoclose_hours": hours(policy.solved_autoclose_after),
        "sla": {
            sev.value: {"first_response_hours": hours(t.first_response), "resolution_hours": hours(t.resolution)}
            for sev, t in policy.targets.items()
        },
    }
    if policy.pending_reminder_after is not None:
        out["pending_reminder_hours"] = hours(policy.pending_reminder_after)
    return out
