"""SLA report screen (``R`` from the queue): compliance and business times of first response, updates and
resolution, weekly sparklines, the time paused per day, breaches.

The numbers come from :func:`agent_tui.services.report.sla_report`, computed in a
worker thread (it streams the period's tickets from the database).
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Sparkline, Static

from agent_tui.errors import AgentTuiError
from agent_tui.screens.base import AgentScreen
from agent_tui.services.context import Context
from agent_tui.domain.clock import zone_name
from agent_tui.i18n import N_, _, day_month, ngettext, percent, when
from agent_tui.services.report import (
    GROUPINGS,
    UNASSIGNED,
    SlaReport,
    low_score_line,
    paused_summary,
    sla_report,
    survey_summary,
    table_rows,
)
from agent_tui.widgets import labels
from agent_tui.widgets.safe import safe_line
from agent_tui.widgets.footer import KeyFooter

# services.report.COLUMNS, as the screen heads them
COLUMNS = (N_("handled"), N_("1st response ok"), N_("median"), N_("p90"), N_("updates ok"), N_("median"),
           N_("p90"), N_("resolved ok"), N_("median"), N_("p90"))
GROUPING = {"severity": N_("severity"), "tier": N_("tier"), "agent": N_("agent")}


def format_pct(value: float | None) -> str:
    """A compliance share on screen, in the agent's locale (English: ``97.5 %``)."""
    return "—" if value is None else percent(value, 1)


def group_key(by: str, key: str) -> str:
    """A row's group as shown: a severity or tier in the agent's language, an agent's name as it is."""
    if key == "all":
        return _("all")
    if key == UNASSIGNED:
        return _("(unassigned)")
    if by == "severity":
        return labels.severity(key) if key in labels.SEVERITY else key
    if by == "tier":
        return labels.tier(key) if key in labels.TIER else key
    return key


def breach_line(b, zone) -> str:
    """``#1042 resolution: due 2026-03-02 14:00, done 2026-03-03 09:10 (critical, tier1, alice)``."""
    done = _("done {at}").format(at=when(b.done_at, zone)) if b.done_at else _("not done")
    return _("#{number} {clock}: due {due}, {done} ({severity}, {tier}, {agent})").format(
        number=b.number, clock=labels.clock(b.clock), due=when(b.due_at, zone), done=done,
        severity=labels.severity(b.severity) if b.severity in labels.SEVERITY else b.severity,
        tier=labels.tier(b.tier) if b.tier in labels.TIER else b.tier, agent=b.agent)


class ReportScreen(AgentScreen):
    """SLA compliance over the last ``days`` days, grouped by severity, tier or agent."""

    CSS_PATH = "report.tcss"
    KEY_TABLE = "report"

    def __init__(self, ctx: Context, *, by: str = "severity", days: int = 28) -> None:
        super().__init__()
        self.ctx = ctx
        self.by = by
        self.days = days
        self.report: SlaReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report"):
            yield Static(Text(_("computing the SLA report…")), id="report-title")
            yield DataTable(id="report-groups", cursor_type="row", zebra_stripes=True)
            yield Static(id="report-weeks-label")
            yield Sparkline([], id="report-handled")
            yield Static(id="report-compliance-label")
            yield Sparkline([], id="report-compliance")
            yield Static(id="report-paused-label")
            yield Sparkline([], id="report-paused")
            yield Static(id="report-surveys")
            yield Static(id="report-breaches")
            yield Static(id="report-issues")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        end = self.ctx.clock.now()
        try:
            rep = sla_report(self.ctx, end - timedelta(days=self.days), end, self.by)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, title=_("SLA report"), severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.show, rep)

    def show(self, rep: SlaReport) -> None:
        self.report = rep
        tz = self.ctx.tz
        self.query_one("#report-title", Static).update(Text(
            _("SLA report · last {days} days ({start} – {end} {zone}) · by {grouping} · {tickets} · times are "
              "business time").format(
                days=self.days, start=day_month(rep.start, tz), end=day_month(rep.end, tz, year=True),
                zone=zone_name(tz), grouping=_(GROUPING.get(rep.by, rep.by)),
                tickets=ngettext("{count} ticket", "{count} tickets", rep.total.handled).format(
                    count=rep.total.handled)), style="bold"))
        table = self.query_one("#report-groups", DataTable)
        table.clear(columns=True)
        table.add_columns(_(GROUPING.get(rep.by, rep.by)), *(_(c) for c in COLUMNS))
        rows = table_rows(rep, format_pct)
        for i, row in enumerate(rows):
            table.add_row(safe_line(group_key(rep.by, row[0]), 60, style="bold" if i == len(rows) - 1 else ""),
                          *row[1:])
        weeks = rep.weeks
        first = day_month(weeks[0].week) if weeks else "—"
        self.query_one("#report-weeks-label", Static).update(Text(
            _("tickets per week (from {start}): ").format(start=first) + " ".join(str(w.handled) for w in weeks)))
        self.query_one("#report-handled", Sparkline).data = [float(w.handled) for w in weeks]
        self.query_one("#report-compliance-label", Static).update(Text(
            _("resolution compliance per week: ") + " ".join(format_pct(w.resolution_compliance) for w in weeks)))
        self.query_one("#report-compliance", Sparkline).data = [
            w.resolution_compliance if w.resolution_compliance is not None else 0.0 for w in weeks]
        self.query_one("#report-paused-label", Static).update(Text(
            _("paused per day (business time, tickets): ") + paused_summary(rep, day_month)))
        self.query_one("#report-paused", Sparkline).data = [p.business_min for p in rep.paused_days]
        surveys = Text(_("Surveys (how easy we made it, 1–7): ") + survey_summary(rep, format_pct) + "\n",
                       style="bold")
        for number, score, comment in rep.surveys.low[:10]:
            surveys.append_text(safe_line("  " + low_score_line(number, score, comment), 300))
            surveys.append("\n")
        self.query_one("#report-surveys", Static).update(surveys)
        breaches = Text(_("Breaches: {count}").format(count=rep.breach_count) + "\n", style="bold")
        for b in rep.breaches[:30]:
            breaches.append_text(safe_line("  " + breach_line(b, tz), 300))
            breaches.append("\n")
        self.query_one("#report-breaches", Static).update(breaches)
        issues = Text(_("Data issues: {count}").format(count=rep.data_issue_count) + "\n",
                      style="bold yellow" if rep.data_issue_count else "bold")
        for i in rep.data_issues[:30]:
            issues.append(f"  #{i.number}: ")
            issues.append_text(safe_line(i.problem, 200))
            issues.append("\n")
        self.query_one("#report-issues", Static).update(issues)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load()

    def action_grouping(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        self.load()

    def action_period(self, delta: int) -> None:
        self.days = max(7, min(self.days + delta, 366))
        self.load()
