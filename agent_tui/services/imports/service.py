"""The ticket import service: a file validated whole first, then written in one transaction,
history imported as history (see the package docstring)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import select

from agent_tui.domain import sla
from agent_tui.domain.calendar import business_minutes_between
from agent_tui.domain.checklist import KNOWN as CHECKLIST_FIELDS
from agent_tui.domain.lifecycle import HoldKind, Status
from agent_tui.domain.text import decode_bytes
from agent_tui.errors import AgentTuiError, ImportFailed
from agent_tui.i18n import N_, _
from agent_tui.domain import sla_clocks as sc
from agent_tui.services import ticket_base as tb
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import intake as ti
from agent_tui.services.context import Context
from agent_tui.services.imports.reading import (
    STATUS_WORDS,
    ImportOptions,
    _csv_records,
    _json_records,
    _read_header,
    _word,
)
from agent_tui.services.imports.rows import _prepare, _Row, row_context
from agent_tui.store.models import AuditEvent, Ticket, Timer

DONE = (Status.SOLVED, Status.CLOSED)
MAX_FILE = 200 * 1024 * 1024


@dataclass(frozen=True)
class ImportReport:
    created: int
    skipped: int
    numbers: list[int]
    dry_run: bool = False
    statuses: dict[str, int] = field(default_factory=dict)  # of the tickets created (or that would be)
    columns: dict[str, str] = field(default_factory=dict)  # the file's header -> our column ("-": left out)


class ImportProblems(ImportFailed):
    """Every problem found in one file; nothing was imported."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = problems
        if len(problems) == 1:
            message = f"{problems[0]}; nothing was imported"
        else:
            message = f"{len(problems)} problems in {name}; nothing was imported: " + "; ".join(problems[:20])
            if len(problems) > 20:
                message += f"; … and {len(problems) - 20} more"
        super().__init__(message)


class _DryRun(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


def _restart_passed_clocks(ticket: Ticket, cals: sc.ClockCalendars, now: datetime) -> None:
    """An open ticket's clock whose deadline had passed before it reached this desk starts at the import.

    Counted from a 2015 creation date, every clock of an old export's open ticket would read "overdue by
    24,000 h" the moment it is imported: a breach invented for the past. Such a clock gets its full
    target from the import instant instead; a clock still running keeps its due time, and an answered
    first response stays met.
    """
    clocks = [("resolution_due", ticket.resolution_target_min, cals.resolution),
              ("update_contact_due", ticket.next_update_target_min, cals.next_update),
              ("update_unanswered_due", ticket.next_update_target_min, cals.next_update)]
    if ticket.first_response_at is None:
        clocks.append(("first_response_due", ticket.first_response_target_min, cals.first_response))
    for attr, target_min, cal in clocks:
        due = getattr(ticket, attr)
        if due is not None and target_min is not None and due <= now:
            setattr(ticket, attr, sla.due_at(cal, now, target_min))
    sc.set_next_update(ticket)


def _apply_history(s, ctx: Context, number: int, row: _Row, now: datetime) -> Status:
    """Give a just-created ticket the status and times the export recorded (no timer for the past)."""
    ticket = s.exec(select(Ticket).where(Ticket.number == number)).one()
    ticket.imported_at = now
    cals = tb.calendars_of(s, ticket)
    if row.first_response_at is not None:
        ticket.first_response_at = row.first_response_at
        ticket.first_response_business_min = business_minutes_between(cals.first_response, ticket.created_at,
                                                                      row.first_response_at)
        ticket.unanswered_since = ticket.update_unanswered_due = None  # answered
        sc.set_next_update(ticket)
    status = row.status
    if status not in DONE:
        _restart_passed_clocks(ticket, cals, now)
    if status is Status.NEW and row.first_response_at is not None:
        status = Status.OPEN  # answered already: no longer new
    if status is not Status.NEW:
        done_at = (row.solved_at or row.closed_at) if status in DONE else None
        if status is not Status.OPEN:  # paused or done: the clocks stop where the export's story stops
            sc.pause(ticket, cals, done_at or now)
        ticket.status = status.value
        if status is Status.PENDING:
            ticket.pending_since = now  # the waiting period starts now: no reminder or auto-solve for the past
        elif status is Status.ON_HOLD:
            ticket.hold_kind = HoldKind.OTHER.value
            ticket.hold_reason = "on hold when imported"
        elif status in DONE:
            ticket.solved_at = row.solved_at
            ticket.closed_at = row.closed_at if status is Status.CLOSED else None
            ticket.resolution_business_min = ticket.sla_business_min if done_at is not None else None
            ticket.resolution = row.values.get("resolution", "")
    sc.refresh_queue_keys(ticket)
    if status in DONE:
        from agent_tui.services import similar

        similar.sync_in_session(s, ctx, ticket, None)
    s.exec(delete(Timer).where(Timer.ticket_id == ticket.id, Timer.state == "pending"))  # type: ignore[arg-type]
    if status not in DONE:
        tc.sync_timers(s, ticket, tb.policy_for(s, ticket))
    s.add(AuditEvent(at=now, actor=ctx.actor, action="imported_history", ticket_id=ticket.id, field="status",
                     before=None, after=status.value,
                     details={k: v.isoformat() for k, v in (("created_at", ticket.created_at),
                                                            ("first_response_at", row.first_response_at),
                                                            ("solved_at", row.solved_at),
                                                            ("closed_at", row.closed_at)) if v is not None}))
    return status


def _existing_refs(s, refs: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(refs), 500):
        chunk = refs[i:i + 500]
        stmt = select(Ticket.external_ref).where(Ticket.external_ref.in_(chunk))  # type: ignore[union-attr]
        found.update(s.exec(stmt).all())
    return found


def import_tickets(ctx: Context, path: Path, *, fmt: str | None = None,
                   options: ImportOptions | None = None) -> ImportReport:
    opts = options or ImportOptions()
    if not path.is_file():
        raise ImportFailed(_("no such file: {path}").format(path=path))
    if path.stat().st_size > MAX_FILE:
        raise ImportFailed(_("{name} is larger than {value} MB").format(
            name=path.name, value=MAX_FILE // (1024 * 1024)))
    text = decode_bytes(path.read_bytes(), source=path.name)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if "\x00" in text:
        raise ImportFailed(_("{name}: contains NUL bytes; is it a binary file?").format(name=path.name))
    problems: list[str] = []
    if kind == "csv":
        header, records = _csv_records(text, path.name, problems)
        label, where_header = N_("column"), _("{name} header").format(name=path.name)
    elif kind == "json":
        header, records = _json_records(text, path.name, problems)
        label, where_header = N_("key"), _("{name} keys").format(name=path.name)
    else:
        raise ImportFailed(_("{name}: unknown format {kind!r}; use a .csv or .json file (or --format)").format(
            name=path.name, kind=kind))
    if not records and not problems:
        raise ImportFailed(_("{name}: no tickets in the file").format(name=path.name))
    header_problems: list[str] = []
    mapping = _read_header(header, opts, where_header, header_problems)
    problems[:0] = header_problems
    statuses = dict(STATUS_WORDS)
    for word, target in opts.status_map.items():
        try:
            statuses[_word(word)] = Status(target.strip().lower().replace(" ", "_"))
        except ValueError:
            problems.append(_("--status-map {word!r}={target!r}: we have no status {target!r} (use one of "
                              "{choices})").format(word=word, target=target, choices=", ".join(s.value for s in Status)))
    now = ctx.clock.now()
    rows: list[_Row] = []
    if not header_problems:  # with the header wrong, every row would repeat the same problem
        context = row_context(opts, now, statuses)
        for where, raw in records:
            row, found = _prepare(where, raw, mapping, opts, label, context)
            problems.extend(found)
            if row is not None:
                rows.append(row)
    if problems:
        raise ImportProblems(path.name, problems)

    created_numbers: list[int] = []
    created_statuses: Counter[str] = Counter()
    skipped = 0
    try:
        with ctx.db.transaction() as s:
            existing = _existing_refs(s, [r.ref for r in rows])
            seen: set[str] = set()
            for row in rows:
                if row.ref in existing or row.ref in seen:
                    skipped += 1
                    continue
                seen.add(row.ref)
                v = row.values
                checklist = {k: v[k] for k in CHECKLIST_FIELDS if v.get(k, "").strip()}
                try:
                    number = ti.create_in_session(
                        s, ctx, v["subject"], v.get("description", ""),
                        ti.CustomerInput(email=v.get("customer_email", ""), name=v.get("customer_name", ""),
                                         customer_number=v.get("customer_number") or None,
                                         company=v.get("company", ""), plan=v.get("plan") or "standard",
                                         domain=v.get("domain", "")),
                        channel=row.channel, language=v.get("language", ""),
                        tags=[t for t in v.get("tags", "").replace(",", ";").split(";")],
                        checklist=checklist, created_at=row.created, severity=row.severity, external_ref=row.ref,
                    )
                except AgentTuiError as exc:
                    problems.append(f"{row.where}: {exc.message}")
                    continue
                status = _apply_history(s, ctx, number, row, now)
                created_numbers.append(number)
                created_statuses[status.value] += 1
            if problems:
                raise ImportProblems(path.name, problems)
            report = ImportReport(len(created_numbers), skipped, created_numbers, opts.dry_run,
                                  dict(created_statuses), mapping)
            if opts.dry_run:
                raise _DryRun(replace(report, numbers=[]))
            if created_numbers:
                s.add(AuditEvent(at=now, actor=ctx.actor, action="tickets_imported", field="file",
                                 after=path.name, details={"created": len(created_numbers), "skipped": skipped,
                                                           "statuses": dict(created_statuses)}))
    except _DryRun as dry:
        return dry.report
    return report
