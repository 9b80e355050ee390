"""SLA report: compliance and business time to first response and resolution.

One pass over the tickets created in ``[start, end)``, streamed from the
database with ``yield_per`` and only the columns the report needs (never the
whole table, never whole rows). Durations are business minutes as the SLA
clocks counted them (paused time excluded); tickets from before business-hour
accounting fall back to the business time between creation and the event.

Bad data is flagged, never a crash or a negative duration: a resolution
earlier than the first response, a first response before creation, a solved
ticket without a resolution instant, a missing deadline.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import col, select

from agent_tui.domain.calendar import Calendar, business_minutes_between
from agent_tui.domain.clock import shown_at, zone_name
from agent_tui.domain.durations import compact_business
from agent_tui.domain.policy import LEGACY_CALENDAR
from agent_tui.errors import InvalidInput, NotFound
from agent_tui.i18n import N_, _
from agent_tui.services.config_store import load_calendar
from agent_tui.services.context import Context
from agent_tui.store.models import Agent, Ticket

GROUPINGS = ("severity", "tier", "agent")
UNASSIGNED = "(unassigned)"
STREAM_BATCH = 2000


@dataclass(frozen=True)
class GroupStats:
    key: str
    handled: int
    first_response_measured: int  # answered, or overdue without an answer
    first_response_met: int
    resolution_measured: int  # solved/closed, or overdue while open
    resolution_met: int
    first_response_median_min: float | None
    first_response_p90_min: float | None
    resolution_median_min: float | None
    resolution_p90_min: float | None
    first_response_compliance: float | None  # % of measured tickets answered within target
    resolution_compliance: float | None  # % of measured tickets resolved within target


@dataclass(frozen=True)
class WeekStats:
    week: date  # Monday (UTC) of the week the tickets were created in
    handled: int
    first_response_compliance: float | None
    resolution_compliance: float | None


@dataclass(frozen=True)
class Breach:
    number: int
    clock: str  # "first response" | "resolution"
    due_at: datetime
    done_at: datetime | None  # None: still not done
    severity: str
    tier: str
    agent: str


@dataclass(frozen=True)
class DataIssue:
    number: int
    problem: str


@dataclass(frozen=True)
class SlaReport:
    start: datetime
    end: datetime
    by: str
    generated_at: datetime
    total: GroupStats
    groups: list[GroupStats] = field(default_factory=list)
    weeks: list[WeekStats] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)  # the first ``breach_limit``, by due instant
    breach_count: int = 0
    data_issues: list[DataIssue] = field(default_factory=list)
    data_issue_count: int = 0


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of unsorted ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


class _Acc:
    __slots__ = ("handled", "fr_measured", "fr_met", "res_measured", "res_met", "fr_minutes", "res_minutes")

    def __init__(self) -> None:
        self.handled = self.fr_measured = self.fr_met = self.res_measured = self.res_met = 0
        self.fr_minutes: list[float] = []
        self.res_minutes: list[float] = []

    def stats(self, key: str) -> GroupStats:
        def med(v: list[float]) -> float | None:
            return round(statistics.median(v), 1) if v else None

        def p90(v: list[float]) -> float | None:
            p = percentile(v, 90)
            return None if p is None else round(p, 1)

        return GroupStats(key, self.handled, self.fr_measured, self.fr_met, self.res_measured, self.res_met,
                          med(self.fr_minutes), p90(self.fr_minutes), med(self.res_minutes), p90(self.res_minutes),
                          _pct(self.fr_met, self.fr_measured), _pct(self.res_met, self.res_measured))


_COLUMNS = (Ticket.number, Ticket.created_at, Ticket.severity, Ticket.tier, Ticket.assignee_id, Ticket.status,
            Ticket.sla_calendar, Ticket.first_response_at, Ticket.first_response_due,
            Ticket.first_response_business_min, Ticket.solved_at, Ticket.closed_at, Ticket.resolution_due,
            Ticket.resolution_business_min, Ticket.resolution_target_min, Ticket.imported_at)


def sla_report(ctx: Context, start: datetime, end: datetime, by: str = "severity", *,
               breach_limit: int = 200, issue_limit: int = 200) -> SlaReport:
    """Compliance, median and p90 business time, breaches and data issues for tickets created in ``[start, end)``."""
    if by not in GROUPINGS:
        raise InvalidInput(_("cannot group by {by!r}; use {choices}").format(by=by, choices=', '.join(GROUPINGS)))
    if end <= start:
        raise InvalidInput(_("the report period is empty: --to must be after --from"))
    now = ctx.clock.now()
    total, groups, weeks = _Acc(), defaultdict(_Acc), defaultdict(_Acc)
    breaches: list[Breach] = []
    issues: list[DataIssue] = []
    breach_count = issue_count = 0
    with ctx.db.read() as s:
        agents = {a.id: a.name for a in s.exec(select(Agent)).all()}
        calendars: dict[str, Calendar | None] = {}

        def calendar(name: str) -> Calendar | None:
            name = name or LEGACY_CALENDAR
            if name not in calendars:
                try:
                    calendars[name] = load_calendar(s, name)
                except NotFound:
                    calendars[name] = None
            return calendars[name]

        stmt = (select(*_COLUMNS).where(col(Ticket.created_at) >= start, col(Ticket.created_at) < end)
                .order_by(Ticket.id).execution_options(yield_per=STREAM_BATCH))
        for row in s.exec(stmt):  # type: ignore[call-overload]
            (number, created, severity, tier, assignee_id, status, cal_name, fr_at, fr_due, fr_min,
             solved_at, closed_at, res_due, res_min, res_target, imported_at) = row
            agent = agents.get(assignee_id, UNASSIGNED) if assignee_id else UNASSIGNED
            key = {"severity": severity, "tier": tier, "agent": agent}[by]
            monday = created.date() - timedelta(days=created.weekday())
            accs = (total, groups[key], weeks[monday])
            problems: list[str] = []
            for a in accs:
                a.handled += 1

            # Imported history is not ours to judge: a clock whose deadline had passed by the import, or a
            # ticket done before it, is not measured (no breach invented for the past).
            skip_fr = skip_res = False
            if imported_at is not None:
                done_then = status in ("solved", "closed") and (solved_at or closed_at or imported_at) <= imported_at
                skip_fr = done_then or (fr_due is not None and fr_due <= imported_at)
                skip_res = done_then or (res_due is not None and res_due <= imported_at)

            # -- first response
            fr_ok = not skip_fr
            if fr_at is not None and fr_at < created:
                problems.append(_("first response before the ticket was created"))
                fr_ok = False
            if fr_due is None and not skip_fr:
                problems.append(_("missing first-response deadline"))
                fr_ok = False
            if fr_ok and fr_at is not None:
                minutes = fr_min
                if minutes is None:
                    cal = calendar(cal_name)
                    minutes = business_minutes_between(cal, created, fr_at) if cal else None
                met = fr_at <= fr_due
                for a in accs:
                    a.fr_measured += 1
                    a.fr_met += met
                    if minutes is not None and minutes >= 0:
                        a.fr_minutes.append(minutes)
                if not met:
                    breach_count += 1
                    breaches.append(Breach(number, "first response", fr_due, fr_at, severity, tier, agent))
            elif fr_ok and fr_at is None and fr_due <= now:
                for a in accs:
                    a.fr_measured += 1
                breach_count += 1
                breaches.append(Breach(number, "first response", fr_due, None, severity, tier, agent))

            # -- resolution
            done = status in ("solved", "closed")
            resolved_at = solved_at or closed_at
            res_ok = not skip_res
            if done and resolved_at is None and not skip_res:
                problems.append(_("solved without a resolution time"))
                res_ok = False
            if done and fr_at is None and not skip_res:
                problems.append(_("solved without a first response"))
            if resolved_at is not None and fr_at is not None and done and resolved_at < fr_at:
                problems.append(_("resolution earlier than first response"))
                res_ok = False
            if res_due is None and not skip_res:
                problems.append(_("missing resolution deadline"))
                res_ok = False
            if res_ok and done:
                minutes = res_min
                if minutes is None:
                    cal = calendar(cal_name)
                    minutes = business_minutes_between(cal, created, resolved_at) if cal else None
                if minutes is not None and minutes < 0:
                    problems.append(_("negative business time to resolution"))
                    minutes = None
                if res_min is not None and res_target is not None:
                    met = res_min <= res_target + 1e-6
                else:
                    met = resolved_at <= res_due
                for a in accs:
                    a.res_measured += 1
                    a.res_met += met
                    if minutes is not None:
                        a.res_minutes.append(minutes)
                if not met:
                    breach_count += 1
                    breaches.append(Breach(number, "resolution", res_due, resolved_at, severity, tier, agent))
            elif res_ok and not done and status in ("new", "open") and res_due <= now:
                for a in accs:
                    a.res_measured += 1
                breach_count += 1
                breaches.append(Breach(number, "resolution", res_due, None, severity, tier, agent))

            for p in problems:
                issue_count += 1
                if len(issues) < issue_limit:
                    issues.append(DataIssue(number, p))
            if len(breaches) > 4 * breach_limit:  # keep memory bounded on huge stores
                breaches.sort(key=lambda b: (b.due_at, b.number))
                del breaches[breach_limit:]
    breaches.sort(key=lambda b: (b.due_at, b.number))
    week_rows = []
    for monday in sorted(weeks):
        g = weeks[monday].stats(monday.isoformat())
        week_rows.append(WeekStats(monday, g.handled, g.first_response_compliance, g.resolution_compliance))
    return SlaReport(
        start=start, end=end, by=by, generated_at=now, total=total.stats("all"),
        groups=[groups[k].stats(k) for k in sorted(groups)], weeks=week_rows,
        breaches=breaches[:breach_limit], breach_count=breach_count,
        data_issues=issues, data_issue_count=issue_count,
    )


def format_minutes(value: float | None) -> str:
    """Business minutes as '3h 20m' ('—' when unknown), rounded to the minute."""
    return "—" if value is None else compact_business(round(value))


def format_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


# ---------------------------------------------------------------- the one rendering of the report
# The CLI (``agent-tui report sla``) and the report screen show the same table and lines from here.

COLUMNS = (N_("handled"), N_("1st response ok"), N_("median"), N_("p90"), N_("resolved ok"), N_("median"),
           N_("p90"))  # English: shown with _() where the table is built


def table_rows(rep: SlaReport, format_pct: Callable[[float | None], str] = format_pct) -> list[tuple[str, ...]]:
    """One row per group, then the total: key, handled, compliance (met/measured), median, p90 (×2).

    ``format_pct``: how a percentage is written (the app passes its locale's)."""
    return [
        (g.key, str(g.handled),
         f"{format_pct(g.first_response_compliance)} ({g.first_response_met}/{g.first_response_measured})",
         format_minutes(g.first_response_median_min), format_minutes(g.first_response_p90_min),
         f"{format_pct(g.resolution_compliance)} ({g.resolution_met}/{g.resolution_measured})",
         format_minutes(g.resolution_median_min), format_minutes(g.resolution_p90_min))
        for g in [*rep.groups, rep.total]
    ]


def title(rep: SlaReport, zone: tzinfo) -> str:
    return _("SLA report {start} – {end} {zone}, by {by}; {count} tickets; times are business time").format(
        start=shown_at(rep.start, zone), end=shown_at(rep.end, zone), zone=zone_name(zone), by=rep.by,
        count=rep.total.handled)


def breach_line(b, zone: tzinfo) -> str:
    """``#1042 resolution: due 2026-03-02 14:00, done 2026-03-03 09:10 (high, tier1, alice)`` in the agent's zone."""
    done = _("done {at}").format(at=shown_at(b.done_at, zone)) if b.done_at else _("not done")
    return _("#{number} {clock}: due {due}, {done} ({severity}, {tier}, {agent})").format(
        number=b.number, clock=b.clock, due=shown_at(b.due_at, zone), done=done, severity=b.severity, tier=b.tier,
        agent=b.agent)

