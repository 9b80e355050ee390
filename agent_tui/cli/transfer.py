"""Data in and out: ``agent-tui import tickets|kb`` and ``agent-tui export``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from agent_tui.i18n import _

from agent_tui.cli.common import (
    out,
    err,
    app,
    context,
    _importer,
    _split,
    _json_text,
    _json,
)


import_app = typer.Typer(help=_("Import tickets or KB articles."), rich_markup_mode=None)


@import_app.command(
    "tickets",
    help=_("Import tickets from a CSV (header row) or JSON (list of objects) file.\n\n"
    "Columns: external_id, subject (required), description, customer_email / customer_number / "
    "customer_name (one required), company, plan, channel, language, tags (separated by ;), "
    "created_at, created_time, status, first_response_at, solved_at, closed_at, resolution, severity, "
    "domain, contact, error_message, reproduction_steps, environment, end_customer_contact (yes/no). "
    "Common real headers (Ticket #, Ticket ID, Customer Complaint, Ticket Status, Received Via, Date, "
    "Time …) are recognised; map others with --map or a --mapping TOML file.\n\n"
    "All or nothing: every problem in the file is listed (by line) and then nothing is imported. "
    "Re-importing the same rows creates no duplicates. Solved and closed tickets keep their status and "
    "run no timers; a deadline that passed before the import never fires and is not counted as a breach."),
)
def import_tickets(
    file: Annotated[Path, typer.Argument(help=_("A .csv or .json file."))],
    fmt: Annotated[str | None, typer.Option("--format", help=_("csv or json (default: from the file name)."))] = None,
    column_map: Annotated[list[str] | None, typer.Option(
        "--map", help=_("HEADER=COLUMN, repeatable: read the file's column HEADER as COLUMN ('-' leaves it out)."))] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help=_("A TOML file with [columns], [status], [defaults], date_format, ignore_unknown."))] = None,
    date_format: Annotated[list[str] | None, typer.Option(
        "--date-format", help=_("strptime format of the dates, repeatable (e.g. '%d-%m-%y'); ISO 8601 always works."))] = None,
    status_map: Annotated[list[str] | None, typer.Option(
        "--status-map", help=_("WORD=STATUS, repeatable: the export's status word as ours (e.g. 'Waiting=on_hold')."))] = None,
    default: Annotated[list[str] | None, typer.Option(
        "--default", help=_("COLUMN=VALUE, repeatable: the value where a row has none (e.g. 'customer_name=Web')."))] = None,
    ignore_unknown: Annotated[bool, typer.Option(
        "--ignore-unknown", help=_("Leave out columns we do not know instead of refusing the file."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Check everything and report; write nothing."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=_("Machine output."))] = False,
) -> None:
    from agent_tui.errors import ImportFailed
    from agent_tui.services import imports

    opts = imports.ImportOptions(
        columns=imports.parse_pairs(column_map or [], "--map"), date_formats=tuple(date_format or ()),
        status_map=imports.parse_pairs(status_map or [], "--status-map"),
        defaults=imports.parse_pairs(default or [], "--default"), ignore_unknown=ignore_unknown, dry_run=dry_run)
    if mapping is not None:
        opts = imports.load_mapping(mapping).merged(opts)
    try:
        report = imports.import_tickets(_importer(context()), file, fmt=fmt, options=opts)
    except imports.ImportProblems as exc:
        if len(exc.problems) == 1:
            raise ImportFailed(exc.message) from None  # one problem: the usual one error line
        for problem in exc.problems[:imports.MAX_LISTED]:
            err.print(Text(problem))
        if len(exc.problems) > imports.MAX_LISTED:
            err.print(Text(_("… and {count} more").format(count=len(exc.problems) - imports.MAX_LISTED)))
        raise ImportFailed(_("{count} problems in {file}; nothing was imported").format(
            count=len(exc.problems), file=file.name)) from None
    if as_json:
        _json(report)
    elif report.dry_run:
        by_status = ", ".join(f"{n} {status}" for status, n in report.statuses.items())
        out.print(Text(_("dry run: would import {created} tickets ({by_status}), skip {skipped} already imported; "
                         "nothing was written").format(created=report.created, by_status=by_status or _("none"),
                                                       skipped=report.skipped)))
    else:
        out.print(_("imported {created} tickets, skipped {skipped} already imported").format(
            created=report.created, skipped=report.skipped))


@import_app.command("kb", help=_(
    "Import KB articles; re-importing updates changed articles instead of duplicating them."
))
def import_kb(
    directory: Annotated[Path, typer.Argument(help=_("Folder of Markdown (front matter) and .rst files."))],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    base_language: Annotated[str, typer.Option("--base-language", help=_(
        "With one folder per language (en/, de/, …): the folder whose articles the others translate."))] = "en",
) -> None:
    from agent_tui.services import kb as kb_svc

    counts = kb_svc.import_directory(context(), directory, base_language=base_language.strip().lower())
    if as_json:
        _json(counts)
    else:
        out.print(_("KB import: {created} created, {updated} updated, {unchanged} unchanged").format(
            created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"]))


@app.command(help=_("Export tickets with their conversation and audit trail as JSON Lines (one ticket per line)."))
def export(
    output: Annotated[Path | None, typer.Option("--out", help=_("Write to this file (default: standard output)."))] = None,
    status: Annotated[list[str] | None, typer.Option()] = None,
) -> None:
    from agent_tui.services.export import ALL_STATUSES, export_tickets

    ctx = context()
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        for ticket in export_tickets(ctx, _split(status) or ALL_STATUSES):
            stream.write(_json_text(ticket) + "\n")
    finally:
        if output:
            stream.close()
