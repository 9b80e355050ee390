"""SLA report: compliance and business time to first response, updates and resolution; pauses per day.

One pass over the tickets created in ``[start, end)``, streamed from the
database with ``yield_per`` and only the columns the report needs (never the
whole table, never whole rows), one over their answered update clocks
(``sla_spans``), and one over the pauses that overlap the period. Durations are
business minutes as the SLA clocks counted them (paused time excluded); tickets
from before business-hour accounting fall back to the business time between
creation and the event.

Bad data is flagged, never a crash or a negative duration: a resolution
earlier than the first response, a first response before creation, a solved
ticket without a resolution instant, a missing deadline.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import TextIO
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlmodel import col, select

from agent_tui.domain.calendar import Calendar, business_minutes_between
from agent_tui.domain.clock import shown_at, zone_name
from agent_tui.domain.durations import compact_business
from agent_tui.domain.text import clean, one_line
from agent_tui.domain.policy import LEGACY_CALENDAR
from agent_tui.errors import InvalidInput, NotFound
from agent_tui.i18n import N_, _
from agent_tui.services.config_store import load_calendar
from agent_tui.services.context import Context
from agent_tui.store.models import Agent, OutboundMail, SlaSpan, Survey, Ticket

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
    # issue 16: the next-update clock, per answer (an update clock an agent's response stopped, or one overdue now)
    update_measured: int = 0
    update_met: int = 0
    update_median_min: float | None = None
    update_p90_min: float | None = None
    update_compliance: float | None = None


@dataclass(frozen=True)
class WeekStats:
    week: date  # Monday (UTC) of the week the tickets were created in
    handled: int
    first_response_compliance: float | None
    resolution_compliance: float | None


@dataclass(frozen=True)
class Breach:
    number: int
    clock: str  # "first response" | "next update" | "resolution"
    due_at: datetime
    done_at: datetime | None  # None: still not done
    severity: str
    tier: str
    agent: str
    late_min: float | None = None  # business minutes late (to the answer, or to now while not done)


@dataclass(frozen=True)
class PausedDay:
    """Time tickets spent paused (pending, on hold) on one day of the period, in the agent's zone."""

    day: date
    tickets: int
    business_min: float  # on each ticket's calendar: the time the SLA clocks did not run


@dataclass(frozen=True)
class SurveySummary:
    """Seed 000's one question (how easy the team made it, 1–7) for the tickets of the period: how many were
    asked (a survey mail queued, or an answer recorded by hand), answered, the mean and median score, how
    many gave each score, and the low scores (≤ 3) to read first."""

    asked: int = 0
    answered: int = 0
    mean: float | None = None
    median: float | None = None
    scores: dict[int, int] = field(default_factory=dict)
    low: list[tuple[int, int, str]] = field(default_factory=list)  # (ticket, score, comment), lowest first

    @property
    def response_rate(self) -> float | None:
        return _pct(self.answered, self.asked)


LOW_SCORE = 3
SCALE = (1, 7)


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
    paused_days: list[PausedDay] = field(default_factory=list)
    surveys: SurveySummary = field(default_factory=SurveySummary)


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
    __slots__ = ("handled", "fr_measured", "fr_met", "res_measured", "res_met", "fr_minutes", "res_minutes",
                 "upd_measured", "upd_met", "upd_minutes")

    def __init__(self) -> None:
        self.handled = self.fr_measured = self.fr_met = self.res_measured = self.res_met = 0
        self.upd_measured = self.upd_met = 0
        self.fr_minutes: list[float] = []
        self.res_minutes: list[float] = []
        self.upd_minutes: list[float] = []

    def stats(self, key: str) -> GroupStats:
        def med(v: list[float]) -> float | None:
            return round(statistics.median(v), 1) if v else None

        def p90(v: list[float]) -> float | None:
            p = percentile(v, 90)
            return None if p is None else round(p, 1)

        return GroupStats(key, self.handled, self.fr_measured, self.fr_met, self.res_measured, self.res_met,
                          med(self.fr_minutes), p90(self.fr_minutes), med(self.res_minutes), p90(self.res_minutes),
                          _pct(self.fr_met, self.fr_measured), _pct(self.res_met, self.res_measured),
                          self.upd_measured, self.upd_met, med(self.upd_minutes), p90(self.upd_minutes),
                          _pct(self.upd_met, self.upd_measured))


_COLUMNS = (Ticket.number, Ticket.created_at, Ticket.severity, Ticket.tier, Ticket.assignee_id, Ticket.status,
            Ticket.sla_calendar, Ticket.first_response_at, Ticket.first_response_due,
            Ticket.first_response_business_min, Ticket.solved_at, Ticket.closed_at, Ticket.resolution_due,
            Ticket.resolution_business_min, Ticket.resolution_target_min, Ticket.imported_at,
            Ticket.first_response_calendar, Ticket.first_response_met, Ticket.next_update_due,
            Ticket.next_update_calendar, Ticket.sla_paused_at, Ticket.id)
_UPDATE_COLUMNS = (SlaSpan.ticket_id, SlaSpan.started_at, SlaSpan.ended_at, SlaSpan.due_at, SlaSpan.business_min,
                   SlaSpan.met, SlaSpan.calendar)


def sla_report(ctx: Context, start: datetime, end: datetime, by: str = "severity", *,
               breach_limit: int | None = 200, issue_limit: int = 200) -> SlaReport:
    """Compliance, median and p90 business time (first response, update, resolution), breaches, data issues
    for tickets created in ``[start, end)``, and the time paused per day of the period.

    ``breach_limit``: how many breaches to list (the first by due instant); None: all of them (the CSV)."""
    if by not in GROUPINGS:
        raise InvalidInput(_("cannot group by {by!r}; use {choices}").format(by=by, choices=', '.join(GROUPINGS)))
    if end <= start:
        raise InvalidInput(_("the report period is empty: --to must be after --from"))
    now = ctx.clock.now()
    total, groups, weeks = _Acc(), defaultdict(_Acc), defaultdict(_Acc)
    breaches: list[Breach] = []
    issues: list[DataIssue] = []
    breach_count = issue_count = 0
    keep = breach_limit if breach_limit is not None else None
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

        def late(cal_name: str, due: datetime, done: datetime | None) -> float | None:
            cal = calendar(cal_name)
            return None if cal is None else max(business_minutes_between(cal, due, done or now), 0.0)

        def breach(b: Breach) -> None:
            nonlocal breach_count
            breach_count += 1
            breaches.append(b)
            if keep is not None and len(breaches) > 4 * keep:  # keep memory bounded on huge stores
                breaches.sort(key=lambda x: (x.due_at, x.number))
                del breaches[keep:]

        updates: dict[int, list] = defaultdict(list)  # ticket id -> its answered update clocks
        for span in s.exec(select(*_UPDATE_COLUMNS).join(Ticket, col(Ticket.id) == SlaSpan.ticket_id).where(
                SlaSpan.kind == "next_update", col(Ticket.created_at) >= start, col(Ticket.created_at) < end)):
            updates[span[0]].append(span)

        stmt = (select(*_COLUMNS).where(col(Ticket.created_at) >= start, col(Ticket.created_at) < end)
                .order_by(Ticket.id).execution_options(yield_per=STREAM_BATCH))
        for row in s.exec(stmt):  # type: ignore[call-overload]
            (number, created, severity, tier, assignee_id, status, cal_name, fr_at, fr_due, fr_min,
             solved_at, closed_at, res_due, res_min, res_target, imported_at, fr_cal_name, fr_met_kept,
             nu_due, nu_cal_name, paused_at, ticket_id) = row
            fr_cal_name = fr_cal_name or cal_name
            nu_cal_name = nu_cal_name or cal_name
            agent = agents.get(assignee_id, UNASSIGNED) if assignee_id else UNASSIGNED
            key = {"severity": severity, "tier": tier, "agent": agent}[by]
            monday = created.date() - timedelta(days=created.weekday())
            accs = (total, groups[key], weeks[monday])
            problems: list[str] = []
            for a in accs:
                a.handled += 1
            if fr_due is None and res_due is None and nu_due is None and res_target is None \
                    and status not in ("solved", "closed") and fr_at is None:
                continue  # no SLA (no target of its policy matches): handled, nothing to measure

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
            if fr_due is None:
                fr_ok = False  # no first-response clock (issue 16: every clock is optional)
            if fr_ok and fr_at is not None:
                minutes = fr_min
                if minutes is None:
                    cal = calendar(fr_cal_name)
                    minutes = business_minutes_between(cal, created, fr_at) if cal else None
                met = fr_met_kept if fr_met_kept is not None else fr_at <= fr_due  # the outcome kept at the time
                for a in accs:
                    a.fr_measured += 1
                    a.fr_met += met
                    if minutes is not None and minutes >= 0:
                        a.fr_minutes.append(minutes)
                if not met:
                    breach(Breach(number, "first response", fr_due, fr_at, severity, tier, agent,
                                  late(fr_cal_name, fr_due, fr_at)))
            elif fr_ok and fr_at is None and fr_due <= now:
                for a in accs:
                    a.fr_measured += 1
                breach(Breach(number, "first response", fr_due, None, severity, tier, agent,
                              late(fr_cal_name, fr_due, paused_at)))

            # -- next update: every update clock an agent's response answered, and one overdue now
            for _tid, _started, ended, due, took, met, span_cal in updates.pop(ticket_id, ()):
                if imported_at is not None and due is not None and due <= imported_at:
                    continue
                for a in accs:
                    a.upd_measured += 1
                    a.upd_met += bool(met)
                    a.upd_minutes.append(took)
                if not met and due is not None:
                    breach(Breach(number, "next update", due, ended, severity, tier, agent,
                                  late(span_cal or nu_cal_name, due, ended)))
            if nu_due is not None and status in ("new", "open") and nu_due <= now and (
                    imported_at is None or nu_due > imported_at):
                for a in accs:
                    a.upd_measured += 1
                breach(Breach(number, "next update", nu_due, None, severity, tier, agent,
                              late(nu_cal_name, nu_due, None)))

            # -- resolution
            done = status in ("solved", "closed")
            resolved_at = solved_at or closed_at
            res_ok = not skip_res
            if done and resolved_at is None and not skip_res:
                problems.append(_("solved without a resolution time"))
                res_ok = False
            if done and fr_at is None and fr_due is not None and not skip_res:
                problems.append(_("solved without a first response"))
            if resolved_at is not None and fr_at is not None and done and resolved_at < fr_at:
                problems.append(_("resolution earlier than first response"))
                res_ok = False
            if res_due is None:
                res_ok = False  # no resolution clock
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
                    breach(Breach(number, "resolution", res_due, resolved_at, severity, tier, agent,
                                  late(cal_name, res_due, resolved_at)))
            elif res_ok and not done and status in ("new", "open") and res_due <= now:
                for a in accs:
                    a.res_measured += 1
                breach(Breach(number, "resolution", res_due, None, severity, tier, agent,
                              late(cal_name, res_due, None)))

            for p in problems:
                issue_count += 1
                if len(issues) < issue_limit:
                    issues.append(DataIssue(number, p))
        paused = _paused_days(s, ctx, start, min(end, now), calendar)
        surveys = _surveys(s, start, end)
    breaches.sort(key=lambda b: (b.due_at, b.number))
    week_rows = []
    for monday in sorted(weeks):
        g = weeks[monday].stats(monday.isoformat())
        week_rows.append(WeekStats(monday, g.handled, g.first_response_compliance, g.resolution_compliance))
    return SlaReport(
        start=start, end=end, by=by, generated_at=now, total=total.stats("all"),
        groups=[groups[k].stats(k) for k in sorted(groups)], weeks=week_rows,
        breaches=breaches[:keep] if keep is not None else breaches, breach_count=breach_count,
        data_issues=issues, data_issue_count=issue_count, paused_days=paused,
        surveys=surveys,
    )


def _surveys(s, start: datetime, end: datetime, low_limit: int = 20) -> SurveySummary:
    """The survey answers of the tickets created in ``[start, end)`` (two aggregate reads, no whole rows)."""
    in_period = (col(Ticket.created_at) >= start, col(Ticket.created_at) < end)
    asked_ids = set(s.exec(select(OutboundMail.ticket_id).join(Ticket, col(Ticket.id) == OutboundMail.ticket_id)
                           .where(OutboundMail.kind == "survey", *in_period).distinct()))
    answers = s.exec(select(Ticket.id, Ticket.number, Survey.score, Survey.comment)
                     .join(Ticket, col(Ticket.id) == Survey.ticket_id).where(*in_period)).all()
    if not answers and not asked_ids:
        return SurveySummary()
    values = [score for _id, _n, score, _c in answers]
    counts = {k: 0 for k in range(SCALE[0], SCALE[1] + 1)}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    low = sorted(((n, score, one_line(clean(comment or ""), 120)) for _id, n, score, comment in answers
                  if score <= LOW_SCORE), key=lambda x: (x[1], x[0]))[:low_limit]
    return SurveySummary(
        asked=len(asked_ids | {tid for tid, *_ in answers}), answered=len(values),
        mean=round(statistics.fmean(values), 2) if values else None,
        median=statistics.median(values) if values else None, scores=counts, low=low)


def _paused_days(s, ctx: Context, start: datetime, end: datetime,
                 calendar: Callable[[str], Calendar | None]) -> list[PausedDay]:
    """Per day of ``[start, end)`` in the agent's zone: how many tickets were paused (pending, on hold) and
    for how much business time, from the pauses kept in ``sla_spans`` and those still going on."""
    zone = ctx.tz
    if end <= start:
        return []
    spans = [(tid, a, b, cal) for tid, a, b, cal in s.exec(
        select(SlaSpan.ticket_id, SlaSpan.started_at, SlaSpan.ended_at, SlaSpan.calendar).where(
            SlaSpan.kind == "paused", col(SlaSpan.started_at) < end, col(SlaSpan.ended_at) > start))]
    spans += [(tid, a, end, cal) for tid, a, cal in s.exec(
        select(Ticket.id, Ticket.sla_paused_at, Ticket.sla_calendar).where(
            col(Ticket.status).in_(("pending", "on_hold")), col(Ticket.sla_paused_at) < end))]
    first_day, last_day = start.astimezone(zone).date(), (end - timedelta(microseconds=1)).astimezone(zone).date()
    days = {first_day + timedelta(days=i): [set(), 0.0] for i in range((last_day - first_day).days + 1)}

    def midnight(d: date) -> datetime:
        return datetime.combine(d, time(0), tzinfo=zone).astimezone(UTC)

    for tid, a, b, cal_name in spans:
        a, b = max(a, start), min(b, end)
        cal = calendar(cal_name)
        if b <= a or cal is None:
            continue
        d = a.astimezone(zone).date()
        while d <= last_day and midnight(d) < b:
            lo, hi = max(a, midnight(d)), min(b, midnight(d + timedelta(days=1)))
            if hi > lo and d in days:
                days[d][0].add(tid)
                days[d][1] += business_minutes_between(cal, lo, hi)
            d += timedelta(days=1)
    return [PausedDay(d, len(who), round(minutes, 1)) for d, (who, minutes) in sorted(days.items())]


def format_minutes(value: float | None) -> str:
    """Business minutes as '3h 20m' ('—' when unknown), rounded to the minute."""
    return "—" if value is None else compact_business(round(value))


def format_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


# ---------------------------------------------------------------- the one rendering of the report
# The CLI (``agent-tui report sla``) and the report screen show the same table and lines from here.

COLUMNS = (N_("handled"), N_("1st response ok"), N_("median"), N_("p90"), N_("updates ok"), N_("median"),
           N_("p90"), N_("resolved ok"), N_("median"), N_("p90"))  # English: shown with _() where the table is built


def table_rows(rep: SlaReport, format_pct: Callable[[float | None], str] = format_pct) -> list[tuple[str, ...]]:
    """One row per group, then the total: key, handled, then for first response, updates and resolution:
    compliance (met/measured), median, p90.

    ``format_pct``: how a percentage is written (the app passes its locale's)."""
    return [
        (g.key, str(g.handled),
         f"{format_pct(g.first_response_compliance)} ({g.first_response_met}/{g.first_response_measured})",
         format_minutes(g.first_response_median_min), format_minutes(g.first_response_p90_min),
         f"{format_pct(g.update_compliance)} ({g.update_met}/{g.update_measured})",
         format_minutes(g.update_median_min), format_minutes(g.update_p90_min),
         f"{format_pct(g.resolution_compliance)} ({g.resolution_met}/{g.resolution_measured})",
         format_minutes(g.resolution_median_min), format_minutes(g.resolution_p90_min))
        for g in [*rep.groups, rep.total]
    ]


BREACH_CSV_HEADER = ("ticket", "clock", "due_at", "done_at", "late_business_minutes", "severity", "tier", "agent")


def write_breaches_csv(rep: SlaReport, out: TextIO) -> int:
    """Every breach of the report as CSV (UTC ISO instants; ``done_at`` empty while not done; late in business
    minutes to the answer, or to the report's instant); returns how many rows were written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BREACH_CSV_HEADER)
    for b in rep.breaches:
        writer.writerow((b.number, b.clock.replace(" ", "_"), b.due_at.isoformat(),
                         b.done_at.isoformat() if b.done_at else "",
                         "" if b.late_min is None else round(b.late_min), b.severity, b.tier, b.agent))
    return len(rep.breaches)


def paused_summary(rep: SlaReport, day: Callable[[date], str] = lambda d: f"{d:%d %b}") -> str:
    """The paused time per day in one line, the days with none left out:
    ``total 5h 20m · 02 Mar 1h 30m (2), 04 Mar 3h 50m (1)`` (business time, tickets paused that day)."""
    total = sum(p.business_min for p in rep.paused_days)
    days = ", ".join(_("{day} {time} ({tickets})").format(day=day(p.day), time=format_minutes(p.business_min),
                                                          tickets=p.tickets)
                     for p in rep.paused_days if p.business_min or p.tickets)
    return _("total {total}").format(total=format_minutes(total)) + (f" · {days}" if days else "")


def survey_summary(rep: SlaReport, format_pct: Callable[[float | None], str] = format_pct) -> str:
    """``8 answered of 12 asked (66.7 %) · mean 5.4 · median 6 · 1:0 2:1 3:0 4:1 5:2 6:3 7:1``, or ``none asked``."""
    sv = rep.surveys
    if not sv.asked:
        return _("none asked")
    line = _("{answered} answered of {asked} asked ({rate})").format(
        answered=sv.answered, asked=sv.asked, rate=format_pct(sv.response_rate))
    if sv.answered:
        median = f"{sv.median:g}" if sv.median is not None else "—"
        line += " · " + _("mean {mean} · median {median}").format(mean=f"{sv.mean:.1f}", median=median)
        line += " · " + " ".join(f"{k}:{v}" for k, v in sorted(sv.scores.items()))
    return line


def low_score_line(number: int, score: int, comment: str) -> str:
    return _("#{number} scored {score}: {comment}").format(number=number, score=score, comment=comment or "—")


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

