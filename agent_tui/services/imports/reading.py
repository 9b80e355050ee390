"""Reading an import file: the columns we know and the real headers we recognise, the options
(``--map``, a TOML mapping file), CSV and JSON records with their line numbers, and the header mapped
to our columns."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from agent_tui.domain.checklist import KNOWN as CHECKLIST_FIELDS
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.text import clean, decode_bytes
from agent_tui.domain.validation import explain
from agent_tui.errors import ImportFailed
from agent_tui.i18n import N_, _, ngettext

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


def parse_pairs(pairs: list[str] | tuple[str, ...], option: str) -> dict[str, str]:
    """``['Ticket #=external_id', …]`` -> dict; the last '=' splits (headers may contain one)."""
    out: dict[str, str] = {}
    for pair in pairs:
        left, sep, right = pair.rpartition("=")
        if not sep or not left.strip():
            raise ImportFailed(_("{option} {pair!r}: expected NAME=VALUE (e.g. {option} 'Ticket #=external_id')").format(option=option, pair=pair))
        out[left.strip()] = right.strip()
    return out


def _text_table(value: object) -> object:
    if not isinstance(value, dict):
        raise ValueError(_('must be a table of NAME = "text"'))
    for key, item in value.items():
        if not isinstance(item, str):
            raise ValueError(_("{key!r} must map to text, not {type}").format(key=key, type=type(item).__name__))
    return value


def _formats(value: object) -> object:
    formats = [value] if isinstance(value, str) else value
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise ValueError(_("must be a format or a list of formats"))
    return tuple(formats)


def _flag(value: object) -> object:
    if not isinstance(value, bool):
        raise ValueError(_("must be true or false"))
    return value


TextTable = Annotated[dict[str, str], BeforeValidator(_text_table)]


class MappingFile(BaseModel):
    """A TOML mapping file as written (see :func:`load_mapping`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: TextTable = {}
    status: TextTable = {}
    defaults: TextTable = {}
    date_format: Annotated[tuple[str, ...], BeforeValidator(_formats)] = ()
    ignore_unknown: Annotated[bool, BeforeValidator(_flag)] = False


def load_mapping(path: Path) -> ImportOptions:
    """A TOML mapping file: ``[columns]``, ``[status]``, ``[defaults]``, ``date_format``, ``ignore_unknown``."""
    if not path.is_file():
        raise ImportFailed(_("no such mapping file: {path}").format(path=path))
    try:
        data = tomllib.loads(decode_bytes(path.read_bytes(), source=path.name))
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(_("mapping file {name}: invalid TOML: {exc}").format(name=path.name, exc=exc)) from None
    try:
        m = MappingFile.model_validate(data)
    except ValidationError as exc:
        lines = explain(exc, known=MappingFile.model_fields, noun=N_("key"))
        raise ImportFailed(f"mapping file {path.name}: " + "; ".join(lines)) from None
    return ImportOptions(columns=m.columns, date_formats=m.date_format, status_map=m.status, defaults=m.defaults,
                         ignore_unknown=m.ignore_unknown)


# ---------------------------------------------------------------- reading


def _csv_records(text: str, name: str, problems: list[str]) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """The header and ``(where, {header: value})`` per record, ``where`` naming the record's first line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed(_("{name}: empty file, no header row").format(name=name)) from None
    except csv.Error as exc:
        raise ImportFailed(_("{name} header: malformed CSV ({exc})").format(name=name, exc=exc)) from None
    records: list[tuple[str, dict[str, str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_("{name} line {line}: malformed CSV ({exc}); the rest of the file was not read").format(
                name=name, line=start, exc=exc))
            break
        if not any(f.strip() for f in fields):
            continue  # blank line, or a spreadsheet's empty row
        where = _("{name} line {line}").format(name=name, line=start)
        if len(fields) > len(header):
            problems.append(_("{where}: more fields than the header has columns ({fields} > {columns})").format(
                where=where, fields=len(fields), columns=len(header)))
            continue
        if len(fields) < len(header):
            problems.append(_("{where}: fewer fields than the header has columns ({fields} < {columns})").format(
                where=where, fields=len(fields), columns=len(header)))
            continue
        records.append((where, dict(zip(header, fields, strict=True))))
    return header, records


def _json_records(text: str, name: str, problems: list[str]) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(_("{name}: invalid JSON at line {lineno} column {colno}: {msg}").format(
            name=name, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    if isinstance(data, dict):
        data = data.get("tickets")
        if data is None:
            raise ImportFailed(_("{name}: expected a list of tickets or an object with a 'tickets' list").format(
                name=name))
    if not isinstance(data, list):
        raise ImportFailed(_("{name}: expected a list of ticket objects, got {type}").format(
            name=name, type=type(data).__name__))
    keys: dict[str, None] = {}
    records: list[tuple[str, dict[str, str]]] = []
    for i, item in enumerate(data, start=1):
        where = _("{name} item {number}").format(name=name, number=i)
        if not isinstance(item, dict):
            problems.append(_("{where}: expected an object, got {type}").format(where=where, type=type(item).__name__))
            continue
        row: dict[str, str] = {}
        for key, value in item.items():
            key = clean(str(key))
            keys.setdefault(key)
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            elif isinstance(value, dict):
                problems.append(_("{where}: key {key!r}: expected text, got an object").format(where=where, key=key))
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
            problems.append(_("{label}: column {name!r} appears {count} times").format(label=label, name=name,
                                                                                      count=seen[name]))
    for name in dict.fromkeys(header):
        target = opts.columns.get(name, explicit.get(_norm(name)))
        if target is not None:
            target = SKIP if target.strip() in (SKIP, "") else _ALIAS.get(_norm(target), target.strip())
            if target != SKIP and target not in COLUMNS:
                problems.append(_("{label}: --map {name!r}={target!r}: we have no column {target!r} (use one of "
                                  "{choices}, or '-' to leave it out)").format(label=label, name=name, target=target,
                                                                                choices=", ".join(COLUMNS)))
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
            problems.append(_("{label}: --map names column {name!r}, which the file does not have").format(
                label=label, name=name))
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        problems.append(ngettext(
            "{label}: unknown column {listed}: map it with --map '{first}=COLUMN' (or '=-' to leave it out), "
            "or pass --ignore-unknown (see 'agent-tui import tickets --help')",
            "{label}: unknown columns {listed}: map each with --map '{first}=COLUMN' (or '=-' to leave it out), "
            "or pass --ignore-unknown (see 'agent-tui import tickets --help')",
            len(unknown)).format(label=label, listed=listed, first=unknown[0]))
    by_target: dict[str, list[str]] = {}
    for name, target in mapping.items():
        if target != SKIP:
            by_target.setdefault(target, []).append(name)
    for target, names in by_target.items():
        if len(names) > 1:
            problems.append(_("{label}: columns {names} all map to {target}; leave all but one out with "
                              "--map '{second}=-'").format(label=label, names=", ".join(repr(n) for n in names),
                                                           target=target, second=names[1]))
    for key in opts.defaults:
        if key not in COLUMNS:
            problems.append(_("--default {key!r}: we have no column {key!r} (use one of {choices})").format(
                key=key, choices=", ".join(COLUMNS)))
    has = set(by_target) | {k for k, v in opts.defaults.items() if v.strip()}
    if "subject" not in has:
        problems.append(_("{label}: no column for subject (required): map one with --map 'COLUMN=subject'").format(
            label=label))
    if not has & set(CUSTOMER_KEYS):
        problems.append(_("{label}: no customer column; needs one of {choices}: map one with "
                          "--map 'COLUMN=customer_email', or give --default 'customer_name=…'").format(
            label=label, choices=", ".join(CUSTOMER_KEYS)))
    return mapping
