"""``agent-tui report sla``: SLA compliance over a period."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from agent_tui.domain.clock import parse_instant
from agent_tui.errors import ConfigError
from agent_tui.i18n import _, ngettext

from agent_tui.cli.common import (
    err,
    out,
    context,
    AsJson,
    _json,
)


report_app = typer.Typer(help=_("Reports (SLA compliance)."), rich_markup_mode=None)


def _period(start: str | None, end: str | None, now) -> tuple:
    from datetime import timedelta

    to = parse_instant(end) if end else now
    frm = parse_instant(start) if start else to - timedelta(days=28)
    return frm, to


@report_app.command("sla", help=_(
    "SLA compliance: tickets handled, % within target and median/p90 business time of first response, "
    "updates and resolution, time paused per day, breaches (--breaches-csv FILE: all of them as CSV), data "
    "issues."
))
def report_sla(
    start: Annotated[str | None, typer.Option("--from", help=_("Tickets created from (ISO date/time, UTC; "
                                                               "default: 28 days before --to)."))] = None,
    end: Annotated[str | None, typer.Option("--to", help=_("... up to, excluded (default: now)."))] = None,
    by: Annotated[str, typer.Option(help=_("Group by severity, tier or agent."))] = "severity",
    breaches_csv: Annotated[Path | None, typer.Option(
        "--breaches-csv", help=_("Also write every breach of the period to this CSV file ('-': standard "
                                 "output, instead of the report)."))] = None,
    as_json: AsJson = False,
) -> None:
    from agent_tui.services.report import (
        COLUMNS,
        breach_line,
        format_pct,
        low_score_line,
        paused_summary,
        survey_summary,
        sla_report,
        table_rows,
        title,
        write_breaches_csv,
    )

    ctx = context()
    frm, to = _period(start, end, ctx.clock.now())
    rep = sla_report(ctx, frm, to, by, breach_limit=None if breaches_csv is not None else 200)
    if breaches_csv is not None:
        if str(breaches_csv) == "-":
            write_breaches_csv(rep, sys.stdout)
            return
        try:
            with breaches_csv.open("w", encoding="utf-8", newline="") as fh:
                count = write_breaches_csv(rep, fh)
        except OSError as exc:
            raise ConfigError(_("cannot write {path}: {reason}").format(path=breaches_csv,
                                                                        reason=exc.strerror or exc)) from None
        err.print(Text(ngettext("{count} breach written to {path}", "{count} breaches written to {path}",
                                count).format(count=count, path=breaches_csv)))
    if as_json:
        _json(rep)
        return
    out.print(Text(title(rep, ctx.tz)))
    table = Table(box=None, pad_edge=False)
    table.add_column(by, justify="left")
    for name in COLUMNS:
        table.add_column(_(name), justify="right")
    for row in table_rows(rep):
        table.add_row(Text(row[0]), *row[1:])
    out.print(table)
    if rep.weeks:
        out.print(Text(_("per week (created): {weeks}").format(weeks="  ".join(
            _("{week} {handled} / res {compliance}").format(week=f"{w.week:%d %b}", handled=w.handled,
                                                            compliance=format_pct(w.resolution_compliance))
            for w in rep.weeks))))
    if rep.paused_days:
        out.print(Text(_("paused per day (business time, tickets): ") + paused_summary(rep)))
    if rep.surveys.asked:
        out.print(Text(_("surveys (how easy we made it, 1–7): ") + survey_summary(rep)))
        for number, score, comment in rep.surveys.low[:20]:
            out.print(Text("  " + low_score_line(number, score, comment)))
    out.print(Text(_("breaches: {count}").format(count=rep.breach_count)))
    for b in rep.breaches[:50]:
        out.print(Text("  " + breach_line(b, ctx.tz)))
    if rep.data_issue_count:
        out.print(Text(_("data issues: {count} (not counted where they would mislead)").format(
            count=rep.data_issue_count)))
        for i in rep.data_issues[:50]:
            out.print(Text(f"  #{i.number}: {i.problem}"))
