"""Ticket import from CSV or JSON: validated whole first, then written in one transaction.

Re-importing the same file changes nothing: every row has a stable reference
(its ``external_id`` column, or a hash of customer, subject, time and text).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from agent_tui.domain.clock import parse_instant
from agent_tui.domain.escalation import CHECKLIST_FIELDS
from agent_tui.domain.severity import parse_severity
from agent_tui.domain.text import decode_bytes
from agent_tui.errors import AgentTuiError, ImportFailed, InvalidInput
from agent_tui.services.context import Context
from agent_tui.services.tickets import CustomerInput, create_in_session
from agent_tui.store.models import AuditEvent, Ticket

REQUIRED = ("subject",)
CUSTOMER_KEYS = ("customer_email", "customer_number", "customer_name")
COLUMNS = {
    "external_id": "your system's id for the ticket (makes re-imports idempotent)",
    "subject": "required",
    "description": "the customer's message (alias: body)",
    "customer_email": "one of customer_email / customer_number / customer_name is required",
    "customer_number": "",
    "customer_name": "",
    "company": "",
    "plan": "basic, standard or premium",
    "channel": "email, form, phone or chat (default email)",
    "language": "en, de, pt or nl",
    "tags": "separated by ; or ,",
    "created_at": "ISO 8601 (2026-03-01T09:30:00+01:00 or 2026-03-01); no offset means UTC",
    "severity": "optional override: general_question, moderate or critical",
    **{key: "checklist" for key in CHECKLIST_FIELDS if key != "customer_number"},
}
ALIASES = {"body": "description", "email": "customer_email", "id": "external_id"}
MAX_FILE = 200 * 1024 * 1024


@dataclass(frozen=True)
class ImportReport:
    created: int
    skipped: int
    numbers: list[int]


def columns_help() -> str:
    return "\n".join(f"  {name:<22} {desc}" for name, desc in COLUMNS.items())


def _rows_from_csv(text: str, name: str) -> list[dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames
        if not header:
            raise ImportFailed(f"{name}: empty file, no header row")
        rows = []
        for i, row in enumerate(reader, start=2):
            if None in row:
                raise ImportFailed(f"{name} line {i}: more fields than the header has columns")
            if any(v is None for v in row.values()):
                raise ImportFailed(f"{name} line {i}: fewer fields than the header has columns")
            rows.append(row)
        return rows
    except csv.Error as exc:
        raise ImportFailed(f"{name}: malformed CSV ({exc})") from None


def _rows_from_json(text: str, name: str) -> list[dict[str, object]]:
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
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ImportFailed(f"{name} item {i}: expected an object, got {type(item).__name__}")
    return data


def _normalise(row: dict[str, object], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw_key, value in row.items():
        key = ALIASES.get(str(raw_key).strip().lower(), str(raw_key).strip().lower())
        if key not in COLUMNS:
            raise ImportFailed(f"{where}: unknown column {raw_key!r} (see 'agent-tui import tickets --help')")
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        out[key] = "" if value is None else str(value)
    return out


def _created_at(value: str, where: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return parse_instant(value)
    except InvalidInput:
        pass
    for fmt in ("%d.%m.%Y %H:%M", "%d.%m.%Y"):  # German dotted dates are unambiguous
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ImportFailed(f"{where}: created_at {value!r} is not ISO 8601 (e.g. 2026-03-01T09:30:00Z)")


def _ref(row: dict[str, str]) -> str:
    if row.get("external_id", "").strip():
        return "ext:" + row["external_id"].strip()[:100]
    h = hashlib.sha256()
    for key in ("customer_email", "customer_number", "customer_name", "subject", "created_at", "description"):
        h.update(row.get(key, "").encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return "sha:" + h.hexdigest()[:40]


def import_tickets(ctx: Context, path: Path, *, fmt: str | None = None) -> ImportReport:
    if not path.is_file():
        raise ImportFailed(f"no such file: {path}")
    if path.stat().st_size > MAX_FILE:
        raise ImportFailed(f"{path.name} is larger than {MAX_FILE // (1024 * 1024)} MB")
    text = decode_bytes(path.read_bytes(), source=path.name)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if "\x00" in text:
        raise ImportFailed(f"{path.name}: contains NUL bytes; is it a binary file?")
    if kind == "csv":
        raw_rows: list = _rows_from_csv(text, path.name)
    elif kind == "json":
        raw_rows = _rows_from_json(text, path.name)
    else:
        raise ImportFailed(f"{path.name}: unknown format {kind!r}; use a .csv or .json file (or --format)")
    if not raw_rows:
        raise ImportFailed(f"{path.name}: no tickets in the file")
    label = "line" if kind == "csv" else "item"
    rows = []
    for i, raw in enumerate(raw_rows, start=2 if kind == "csv" else 1):
        where = f"{path.name} {label} {i}"
        row = _normalise(raw, where)
        if not row.get("subject", "").strip():
            raise ImportFailed(f"{where}: subject is missing or empty")
        if not any(row.get(k, "").strip() for k in CUSTOMER_KEYS):
            raise ImportFailed(f"{where}: needs one of {', '.join(CUSTOMER_KEYS)}")
        created = _created_at(row.get("created_at", ""), where)
        severity = None
        if row.get("severity", "").strip():
            try:
                severity = parse_severity(row["severity"])
            except InvalidInput as exc:
                raise ImportFailed(f"{where}: {exc.message}") from None
        rows.append((where, row, created, severity, _ref(row)))
    created_numbers: list[int] = []
    skipped = 0
    with ctx.db.transaction() as s:
        refs = [r[4] for r in rows]
        existing = set(s.exec(select(Ticket.external_ref).where(Ticket.external_ref.in_(refs))).all())  # type: ignore[union-attr]
        seen: set[str] = set()
        for where, row, created, severity, ref in rows:
            if ref in existing or ref in seen:
                skipped += 1
                continue
            seen.add(ref)
            checklist = {k: row[k] for k in CHECKLIST_FIELDS if row.get(k, "").strip()}
            try:
                number = create_in_session(
                    s, ctx, row["subject"], row.get("description", ""),
                    CustomerInput(email=row.get("customer_email", ""), name=row.get("customer_name", ""),
                                  customer_number=row.get("customer_number") or None,
                                  company=row.get("company", ""), plan=row.get("plan") or "standard",
                                  domain=row.get("domain", "")),
                    channel=row.get("channel") or "email", language=row.get("language", ""),
                    tags=[t for t in row.get("tags", "").replace(",", ";").split(";")],
                    checklist=checklist, created_at=created, severity=severity, external_ref=ref,
                )
            except AgentTuiError as exc:
                raise ImportFailed(f"{where}: {exc.message}; nothing was imported") from None
            created_numbers.append(number)
        if created_numbers:
            s.add(AuditEvent(at=ctx.clock.now(), actor=ctx.actor, action="tickets_imported", field="file",
                             after=path.name, details={"created": len(created_numbers), "skipped": skipped}))
    return ImportReport(len(created_numbers), skipped, created_numbers)
