"""SLA report screen (``R`` from the queue): compliance, business times, a weekly sparkline, breaches.

The numbers come from :func:`agent_tui.services.report.sla_report`, computed in a
worker thread (it streams the period's tickets from the database).
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from agent_tui.errors import AgentTuiError
from agent_tui.screens.base import AgentScreen
from agent_tui.services.context import Context
from agent_tui.domain.clock import shown_at, zone_name
from agent_tui.services.report import (
    COLUMNS,
    GROUPINGS,
    SlaReport,
    breach_line,
    format_pct,
    sla_report,
    table_rows,
)
from agent_tui.widgets.safe import safe_line


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
            yield Static(Text("computing the SLA report…"), id="report-title")
            yield DataTable(id="report-groups", cursor_type="row", zebra_stripes=True)
            yield Static(id="report-weeks-label")
            yield Sparkline([], id="report-handled")
            yield Static(id="report-compliance-label")
            yield Sparkline([], id="report-compliance")
            yield Static(id="report-breaches")
            yield Static(id="report-issues")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        end = self.ctx.clock.now()
        try:
            rep = sla_report(self.ctx, end - timedelta(days=self.days), end, self.by)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, title="SLA report", severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.show, rep)

    def show(self, rep: SlaReport) -> None:
        self.report = rep
        self.query_one("#report-title", Static).update(Text(
            f"SLA report · last {self.days} days ({shown_at(rep.start, self.ctx.tz, '%d %b')} – "
            f"{shown_at(rep.end, self.ctx.tz, '%d %b %Y')} {zone_name(self.ctx.tz)}) · by {rep.by} · "
            f"{rep.total.handled} tickets · times are business time", style="bold"))
        table = self.query_one("#report-groups", DataTable)
        table.clear(columns=True)
        table.add_columns(rep.by, *COLUMNS)
        rows = table_rows(rep)
        for i, row in enumerate(rows):
            table.add_row(safe_line(row[0], 60, style="bold" if i == len(rows) - 1 else ""), *row[1:])
        weeks = rep.weeks
        first = f"{weeks[0].week:%d %b}" if weeks else "—"
        self.query_one("#report-weeks-label", Static).update(Text(
            f"tickets per week (from {first}): " + " ".join(str(w.handled) for w in weeks)))
        self.query_one("#report-handled", Sparkline).data = [float(w.handled) for w in weeks]
        self.query_one("#report-compliance-label", Static).update(Text(
            "resolution compliance per week: " + " ".join(format_pct(w.resolution_compliance) for w in weeks)))
        self.query_one("#report-compliance", Sparkline).data = [
            w.resolution_compliance if w.resolution_compliance is not None else 0.0 for w in weeks]
        breaches = Text(f"Breaches: {rep.breach_count}\n", style="bold")
        for b in rep.breaches[:30]:
            breaches.append_text(safe_line("  " + breach_line(b, self.ctx.tz), 300))
            breaches.append("\n")
        self.query_one("#report-breaches", Static).update(breaches)
        issues = Text(f"Data issues: {rep.data_issue_count}\n", style="bold yellow" if rep.data_issue_count else "bold")
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
