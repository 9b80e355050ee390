"""Ticket import from CSV or JSON: validated whole first, then written in one transaction.

Real exports rarely use our column names, so the header is mapped: common real headers
(``Ticket #``, ``Ticket ID``, ``Customer Complaint``, ``Received Via``, ``Ticket Status`` …) are
recognised case-, space- and punctuation-insensitively; anything else is mapped with
``ImportOptions.columns`` (``--map 'Ticket #=external_id'`` or a TOML mapping file). Every problem of
the file is collected (header problems say "header"; data problems name the file's physical line,
counting the header and the lines inside multi-line fields) and nothing is written unless there
are none. Re-importing the same file changes nothing: every row has a stable reference (its
``external_id``, or a hash of customer, subject, time and text).

History is imported as history: a solved or closed ticket keeps its status and times and runs no
timers; an open ticket's deadlines count from its creation, but a clock whose deadline had passed
before the import instant starts again with its full target at the import (no breach is invented for
the time before the ticket reached this desk; ``Ticket.imported_at``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import select

from agent_tui.domain.calendar import add_business_minutes, business_minutes_between
from agent_tui.domain.clock import parse_instant
from agent_tui.domain.escalation import CHECKLIST_FIELDS
from agent_tui.domain.lifecycle import HoldKind, Status
from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.domain.text import clean, decode_bytes
from agent_tui.errors import AgentTuiError, ImportFailed, InvalidInput
from agent_tui.domain import sla_clocks as sc
from agent_tui.services import ticket_base as tb
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import intake as ti
from agent_tui.services.context import Context
from agent_tui.store.models import AuditEvent, Ticket, Timer

CUSTOMER_KEYS = ("customer_email", "customer_number", "customer_name")
SKIP = "-"  # map a column to this to leave it out
COLUMNS = {
    "external_id": "your system's id for the ticket (makes re-imports idempotent)",
    "subject": "required",
    "description": "the customer's message",
    "customer_email": "one of customer_email / customer_number / customer_name is required",
    "customer_number": "",
    "customer_name": "",
    "company": "",
    "plan": "basic, standard or premium",
    "channel": "email, form, phone, chat or social (default email)",
    "language": "en, de, pt or nl",
    "tags": "separated by ; or ,",
    "created_at": "ISO 8601, or the format given with --date-format; no offset means UTC",
    "created_time": "the time of day when the date is in another column (3:53:50 PM, 15:53)",
    "status": "new, open, pending, on_hold, solved, closed (or the export's word, see --status-map)",
    "first_response_at": "when the first public reply went out",
    "solved_at": "when it was solved",
    "closed_at": "when it was closed",
    "resolution": "how it was solved (kept for solved and closed tickets)",
    "severity": "optional override: general_question, moderate or critical",
    **{key: "checklist" for key in CHECKLIST_FIELDS if key != "customer_number"},
}
# Real headers we recognise without a mapping, compared by _norm (lower case, letters and digits only).
ALIASES = {
    "external_id": ("id", "ticketid", "ticketnumber", "ticketno", "caseid", "casenumber", "issueid", "issuekey",
                    "reference", "ref"),
    "subject": ("ticketsubject", "title", "summary", "customercomplaint", "complaint"),
    "description": ("body", "ticketdescription", "message", "details", "text", "content"),
    "customer_email": ("email", "emailaddress", "requesteremail", "contactemail"),
    "customer_name": ("name", "requester", "requestername", "contactname"),
    "customer_number": ("customerid", "accountnumber", "accountid"),
    "company": ("companyname", "organization", "organisation"),
    "status": ("ticketstatus",),
    "channel": ("ticketchannel", "receivedvia", "via", "source"),
    "created_at": ("created", "createddate", "creationdate", "createdon", "datecreated", "date", "opened",
                   "openedat", "opendate", "submittedat"),
    "created_time": ("time", "createdtime", "timecreated"),
    "first_response_at": ("firstresponsedate",),
    "solved_at": ("resolvedat", "solveddate", "resolveddate", "resolutiondate", "dateresolved"),
    "closed_at": ("closeddate", "dateclosed"),
    "tags": ("labels",),
    "language": ("lang", "locale"),
}
STATUS_WORDS = {
    "new": Status.NEW, "unassigned": Status.NEW,
    "open": Status.OPEN, "opened": Status.OPEN, "in progress": Status.OPEN, "active": Status.OPEN,
    "assigned": Status.OPEN, "reopened": Status.OPEN,
    "pending": Status.PENDING, "pending customer response": Status.PENDING, "awaiting customer": Status.PENDING,
    "waiting on customer": Status.PENDING, "waiting for customer": Status.PENDING,
    "on hold": Status.ON_HOLD, "hold": Status.ON_HOLD,
    "solved": Status.SOLVED, "resolved": Status.SOLVED,
    "closed": Status.CLOSED,
}
CHANNEL_WORDS = {
    "email": "email", "e mail": "email", "mail": "email",
    "form": "form", "web": "form", "web form": "form", "webform": "form", "internet": "form", "portal": "form",
    "web portal": "form",
    "phone": "phone", "call": "phone", "telephone": "phone", "customer care call": "phone",
    "chat": "chat", "live chat": "chat",
    "social": "social", "social media": "social",
}
TIME_FORMATS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
TIMESTAMPS = ("created_at", "first_response_at", "solved_at", "closed_at")
DONE = (Status.SOLVED, Status.CLOSED)
MAX_FILE = 200 * 1024 * 1024
MAX_LISTED = 200  # problems listed in full; the count is always exact


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.strip().lower().replace("#", " number "))


def _word(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value.strip().lower()).split())


_ALIAS = {_norm(target): target for target in COLUMNS}
_ALIAS.update({alias: target for target, aliases in ALIASES.items() for alias in aliases})


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file whose columns, dates and statuses are not ours."""

    columns: Mapping[str, str] = field(default_factory=dict)  # the file's header -> our column, or "-" to skip
    date_formats: tuple[str, ...] = ()  # strptime formats tried before ISO 8601
    status_map: Mapping[str, str] = field(default_factory=dict)  # the export's status word -> ours
    defaults: Mapping[str, str] = field(default_factory=dict)  # our column -> value where the row has none
    ignore_unknown: bool = False
    dry_run: bool = False

    def merged(self, other: ImportOptions) -> ImportOptions:
        """``other`` (the command line) wins over ``self`` (a mapping file)."""
        return ImportOptions(
            columns={**self.columns, **other.columns},
            date_formats=other.date_formats + tuple(f for f in self.date_formats if f not in other.date_formats),
            status_map={**self.status_map, **other.status_map},
            defaults={**self.defaults, **other.defaults},
            ignore_unknown=self.ignore_unknown or other.ignore_unknown,
            dry_run=self.dry_run or other.dry_run,
        )


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


def parse_pairs(pairs: list[str] | tuple[str, ...], option: str) -> dict[str, str]:
    """``['Ticket #=external_id', …]`` -> dict; the last '=' splits (headers may contain one)."""
    out: dict[str, str] = {}
    for pair in pairs:
        left, sep, right = pair.rpartition("=")
        if not sep or not left.strip():
            raise ImportFailed(f"{option} {pair!r}: expected NAME=VALUE (e.g. {option} 'Ticket #=external_id')")
        out[left.strip()] = right.strip()
    return out


def load_mapping(path: Path) -> ImportOptions:
    """A TOML mapping file: ``[columns]``, ``[status]``, ``[defaults]``, ``date_format``, ``ignore_unknown``."""
    if not path.is_file():
        raise ImportFailed(f"no such mapping file: {path}")
    try:
        data = tomllib.loads(decode_bytes(path.read_bytes(), source=path.name))
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(f"mapping file {path.name}: invalid TOML: {exc}") from None
    known = {"columns", "status", "defaults", "date_format", "ignore_unknown"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ImportFailed(f"mapping file {path.name}: unknown key {unknown[0]!r}; use {', '.join(sorted(known))}")

    def table(key: str) -> dict[str, str]:
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ImportFailed(f"mapping file {path.name}: [{key}] must map names to text")
        return {str(k): v for k, v in value.items()}

    formats = data.get("date_format", [])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise ImportFailed(f"mapping file {path.name}: date_format must be a format or a list of formats")
    ignore = data.get("ignore_unknown", False)
    if not isinstance(ignore, bool):
        raise ImportFailed(f"mapping file {path.name}: ignore_unknown must be true or false")
    return ImportOptions(columns=table("columns"), date_formats=tuple(formats), status_map=table("status"),
                         defaults=table("defaults"), ignore_unknown=ignore)


# ---------------------------------------------------------------- reading


def _csv_records(text: str, name: str, problems: list[str]) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """The header and ``(where, {header: value})`` per record, ``where`` naming the record's first line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed(f"{name}: empty file, no header row") from None
    except csv.Error as exc:
        raise ImportFailed(f"{name} header: malformed CSV ({exc})") from None
    records: list[tuple[str, dict[str, str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{name} line {start}: malformed CSV ({exc}); the rest of the file was not read")
            break
        if not any(f.strip() for f in fields):
            continue  # blank line, or a spreadsheet's empty row
        where = f"{name} line {start}"
        if len(fields) > len(header):
            problems.append(f"{where}: more fields than the header has columns ({len(fields)} > {len(header)})")
            continue
        if len(fields) < len(header):
            problems.append(f"{where}: fewer fields than the header has columns ({len(fields)} < {len(header)})")
            continue
        records.append((where, dict(zip(header, fields, strict=True))))
    return header, records


def _json_records(text: str, name: str, problems: list[str]) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if isinstance(data, dict):
        data = data.get("tickets")
        if data is None:
            raise ImportFailed(f"{name}: expected a list of tickets or an object with a 'tickets' list")
    if not isinstance(data, list):
        raise ImportFailed(f"{name}: expected a list of ticket objects, got {type(data).__name__}")
    keys: dict[str, None] = {}
    records: list[tuple[str, dict[str, str]]] = []
    for i, item in enumerate(data, start=1):
        where = f"{name} item {i}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object, got {type(item).__name__}")
            continue
        row: dict[str, str] = {}
        for key, value in item.items():
            key = clean(str(key))
            keys.setdefault(key)
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            elif isinstance(value, dict):
                problems.append(f"{where}: key {key!r}: expected text, got an object")
                continue
            row[key] = "" if value is None else str(value)
        records.append((where, row))
    return list(keys), records


def _read_header(header: list[str], opts: ImportOptions, label: str, problems: list[str]) -> dict[str, str]:
    """The file's column -> our column (SKIP for left out); problems are reported for the header."""
    mapping: dict[str, str] = {}
    explicit = {_norm(k): v for k, v in opts.columns.items()}
    unknown: list[str] = []
    seen: Counter[str] = Counter(header)
    for name in seen:
        if seen[name] > 1:
            problems.append(f"{label}: column {name!r} appears {seen[name]} times")
    for name in dict.fromkeys(header):
        target = opts.columns.get(name, explicit.get(_norm(name)))
        if target is not None:
            target = SKIP if target.strip() in (SKIP, "") else _ALIAS.get(_norm(target), target.strip())
            if target != SKIP and target not in COLUMNS:
                problems.append(f"{label}: --map {name!r}={target!r}: we have no column {target!r} "
                                f"(use one of {', '.join(COLUMNS)}, or '-' to leave it out)")
                continue
        else:
            target = _ALIAS.get(_norm(name))
        if target is None:
            if not opts.ignore_unknown:
                unknown.append(name)
            target = SKIP
        mapping[name] = target
    present = {_norm(h) for h in header}
    for name in opts.columns:
        if _norm(name) not in present:
            problems.append(f"{label}: --map names column {name!r}, which the file does not have")
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        problems.append(f"{label}: unknown column{'s' if len(unknown) > 1 else ''} {listed}: map "
                        f"{'each' if len(unknown) > 1 else 'it'} with --map '{unknown[0]}=COLUMN' (or '=-' to leave "
                        "it out), or pass --ignore-unknown (see 'agent-tui import tickets --help')")
    by_target: dict[str, list[str]] = {}
    for name, target in mapping.items():
        if target != SKIP:
            by_target.setdefault(target, []).append(name)
    for target, names in by_target.items():
        if len(names) > 1:
            problems.append(f"{label}: columns {', '.join(repr(n) for n in names)} all map to {target}; "
                            f"leave all but one out with --map '{names[1]}=-'")
    for key in opts.defaults:
        if key not in COLUMNS:
            problems.append(f"--default {key!r}: we have no column {key!r} (use one of {', '.join(COLUMNS)})")
    has = set(by_target) | {k for k, v in opts.defaults.items() if v.strip()}
    if "subject" not in has:
        problems.append(f"{label}: no column for subject (required): map one with --map 'COLUMN=subject'")
    if not has & set(CUSTOMER_KEYS):
        problems.append(f"{label}: no customer column; needs one of {', '.join(CUSTOMER_KEYS)}: map one with "
                        "--map 'COLUMN=customer_email', or give --default 'customer_name=…'")
    return mapping


# ---------------------------------------------------------------- one row


@dataclass(frozen=True)
class _Row:
    where: str
    values: dict[str, str]
    created: datetime | None
    status: Status
    first_response_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    severity: Severity | None
    channel: str
    ref: str


def _parse_date(value: str, formats: tuple[str, ...]) -> datetime | None:
    raw = value.strip()
    for fmt in formats:
        try:
            parsed = datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        return parse_instant(raw)
    except InvalidInput:
        pass
    for fmt in ("%d.%m.%Y %H:%M", "%d.%m.%Y"):  # German dotted dates are unambiguous
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _parse_time(value: str) -> time | None:
    raw = value.strip().upper()
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    return None


class _RowProblems:
    def __init__(self, where: str, sources: dict[str, str], label: str) -> None:
        self.where, self.sources, self.label, self.items = where, sources, label, []

    def column(self, target: str) -> str:
        source = self.sources.get(target)
        if source is None:
            return f"default {target}"
        return f"{self.label} {source!r}" + ("" if source == target else f" ({target})")

    def add(self, message: str) -> None:
        self.items.append(f"{self.where}: {message}")


def _prepare(where: str, raw: dict[str, str], mapping: dict[str, str], opts: ImportOptions, now: datetime,
             label: str, statuses: dict[str, Status]) -> tuple[_Row | None, list[str]]:
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    for name, value in raw.items():
        target = mapping.get(name, SKIP)
        if target != SKIP:
            values[target] = clean(value)
            sources[target] = name
    for key, value in opts.defaults.items():
        if key in COLUMNS and not values.get(key, "").strip():
            values[key] = clean(value)
            sources.pop(key, None)
    p = _RowProblems(where, sources, label)
    if not values.get("subject", "").strip():
        p.add("subject is missing or empty")
    if not any(values.get(k, "").strip() for k in CUSTOMER_KEYS):
        p.add(f"needs one of {', '.join(CUSTOMER_KEYS)} (all are empty)")

    when: dict[str, datetime | None] = {}
    for key in TIMESTAMPS:
        value = values.get(key, "").strip()
        when[key] = None
        if not value:
            continue
        parsed = _parse_date(value, opts.date_formats)
        if parsed is None:
            if opts.date_formats:
                hint = f"does not match --date-format {' / '.join(repr(f) for f in opts.date_formats)} nor ISO 8601"
            else:
                hint = ("is not ISO 8601 (e.g. 2026-03-01T09:30:00Z); give the file's format with --date-format, "
                        "e.g. --date-format '%d-%m-%y'")
            p.add(f"{p.column(key)}: {value!r} {hint}")
            continue
        when[key] = parsed
    clock_time = values.get("created_time", "").strip()
    if clock_time:
        parsed_time = _parse_time(clock_time)
        if parsed_time is None:
            p.add(f"{p.column('created_time')}: {clock_time!r} is not a time of day (e.g. 3:53:50 PM or 15:53)")
        elif when["created_at"] is not None:
            day: date = when["created_at"].date()
            when["created_at"] = datetime.combine(day, parsed_time, tzinfo=UTC)
    created = when["created_at"]
    if created is not None and created > now:
        p.add(f"{p.column('created_at')}: {values['created_at']!r} is after the import instant "
              f"({now:%Y-%m-%d %H:%M} UTC)")
    for key in ("first_response_at", "solved_at", "closed_at"):
        at = when[key]
        if at is None:
            continue
        if at > now:
            p.add(f"{p.column(key)}: {values[key]!r} is after the import instant ({now:%Y-%m-%d %H:%M} UTC)")
        elif at < (created or now):
            p.add(f"{p.column(key)}: {values[key]!r} is before the ticket was created")

    status = Status.NEW
    word = values.get("status", "").strip()
    if word:
        found = statuses.get(_word(word))
        if found is None:
            p.add(f"{p.column('status')}: {word!r} is not a status we know; map it with --status-map "
                  f"'{word}=open' (one of {', '.join(s.value for s in Status)})")
        else:
            status = found

    channel = "email"
    given = values.get("channel", "").strip()
    if given:
        channel = CHANNEL_WORDS.get(_word(given), "")
        if not channel:
            p.add(f"{p.column('channel')}: {given!r} is not a channel; use email, form, phone, chat or social")

    severity = None
    if values.get("severity", "").strip():
        try:
            severity = parse_severity(values["severity"])
        except InvalidInput as exc:
            p.add(f"{p.column('severity')}: {exc.message}")
    if p.items:
        return None, p.items
    return _Row(where, values, created, status, when["first_response_at"], when["solved_at"], when["closed_at"],
                severity, channel, _ref(values)), []


def _ref(row: dict[str, str]) -> str:
    if row.get("external_id", "").strip():
        return "ext:" + row["external_id"].strip()[:100]
    h = hashlib.sha256()
    for key in ("customer_email", "customer_number", "customer_name", "subject", "created_at", "description"):
        h.update(row.get(key, "").encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return "sha:" + h.hexdigest()[:40]


# ---------------------------------------------------------------- writing


def _restart_passed_clocks(ticket: Ticket, cal, now: datetime) -> None:
    """An open ticket's clock whose deadline had passed before it reached this desk starts at the import.

    Counted from a 2015 creation date, every clock of an old export's open ticket would read "overdue by
    24,000 h" the moment it is imported: a breach invented for the past. Such a clock gets its full
    target from the import instant instead; a clock still running keeps its due time, and an answered
    first response stays met.
    """
    clocks = (("resolution_due", ticket.resolution_target_min), ("next_update_due", ticket.next_update_target_min))
    if ticket.first_response_at is None:
        clocks = (("first_response_due", ticket.first_response_target_min), *clocks)
    for attr, target_min in clocks:
        due = getattr(ticket, attr)
        if due is not None and target_min is not None and due <= now:
            setattr(ticket, attr, add_business_minutes(cal, now, target_min))


def _apply_history(s, ctx: Context, number: int, row: _Row, now: datetime) -> Status:
    """Give a just-created ticket the status and times the export recorded (no timer for the past)."""
    ticket = s.exec(select(Ticket).where(Ticket.number == number)).one()
    ticket.imported_at = now
    cal = tb.calendar_of(s, ticket)
    if row.first_response_at is not None:
        ticket.first_response_at = row.first_response_at
        ticket.first_response_business_min = business_minutes_between(cal, ticket.created_at, row.first_response_at)
    status = row.status
    if status not in DONE:
        _restart_passed_clocks(ticket, cal, now)
    if status is Status.NEW and row.first_response_at is not None:
        status = Status.OPEN  # answered already: no longer new
    if status is not Status.NEW:
        done_at = (row.solved_at or row.closed_at) if status in DONE else None
        if status is not Status.OPEN:  # paused or done: the clocks stop where the export's story stops
            stop = done_at or now
            ticket.sla_business_min = sc.used_business_min(ticket, cal, stop)
            ticket.sla_paused_at = stop
            ticket.sla_running_since = None
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
        raise ImportFailed(f"no such file: {path}")
    if path.stat().st_size > MAX_FILE:
        raise ImportFailed(f"{path.name} is larger than {MAX_FILE // (1024 * 1024)} MB")
    text = decode_bytes(path.read_bytes(), source=path.name)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if "\x00" in text:
        raise ImportFailed(f"{path.name}: contains NUL bytes; is it a binary file?")
    problems: list[str] = []
    if kind == "csv":
        header, records = _csv_records(text, path.name, problems)
        label, where_header = "column", f"{path.name} header"
    elif kind == "json":
        header, records = _json_records(text, path.name, problems)
        label, where_header = "key", f"{path.name} keys"
    else:
        raise ImportFailed(f"{path.name}: unknown format {kind!r}; use a .csv or .json file (or --format)")
    if not records and not problems:
        raise ImportFailed(f"{path.name}: no tickets in the file")
    header_problems: list[str] = []
    mapping = _read_header(header, opts, where_header, header_problems)
    problems[:0] = header_problems
    statuses = dict(STATUS_WORDS)
    for word, target in opts.status_map.items():
        try:
            statuses[_word(word)] = Status(target.strip().lower().replace(" ", "_"))
        except ValueError:
            problems.append(f"--status-map {word!r}={target!r}: we have no status {target!r} "
                            f"(use one of {', '.join(s.value for s in Status)})")
    now = ctx.clock.now()
    rows: list[_Row] = []
    if not header_problems:  # with the header wrong, every row would repeat the same problem
        for where, raw in records:
            row, found = _prepare(where, raw, mapping, opts, now, label, statuses)
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
