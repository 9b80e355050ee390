"""One import row: the file's values mapped to our columns, checked by a pydantic model.

:class:`TicketRow` parses and checks what a ticket needs (subject, a customer, the times, status,
channel, severity), with the import's date formats, status words and instant in the validation
context; each problem names the file's line and column (``t.csv line 4: column 'Date'
(created_at): …``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from agent_tui.domain.clock import parse_instant
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.domain.text import clean
from agent_tui.domain.validation import error_message
from agent_tui.errors import InvalidInput
from agent_tui.i18n import _
from agent_tui.services.imports.reading import (
    CHANNEL_WORDS,
    COLUMNS,
    CUSTOMER_KEYS,
    SKIP,
    TIME_FORMATS,
    ImportOptions,
    _word,
)


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


class TicketRow(BaseModel):
    """The checked values of one row (validate with ``context=row_context(opts, now, statuses)``).

    Fields are checked in this order, so a row's problems are listed in it; a time is compared with
    ``created_at`` only when that one is valid (otherwise with the import instant).
    """

    model_config = ConfigDict(frozen=True, validate_default=True, extra="ignore")

    subject: str = ""
    customer_email: str = ""
    customer_number: str = ""
    customer_name: str = ""  # the last customer key: checks that one of them is given
    created_time: time | None = None
    created_at: datetime | None = None
    first_response_at: datetime | None = None
    solved_at: datetime | None = None
    closed_at: datetime | None = None
    status: Status = Status.NEW
    channel: str = "email"
    severity: Severity | None = None

    @field_validator("subject", mode="before")
    @classmethod
    def _subject(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("subject is missing or empty"))
        return value

    @field_validator("customer_name", mode="before")
    @classmethod
    def _customer(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip() and not any(str(info.data.get(k, "")).strip() for k in CUSTOMER_KEYS):
            raise ValueError(_("needs one of {choices} (all are empty)").format(choices=', '.join(CUSTOMER_KEYS)))
        return value

    @field_validator("created_time", mode="before")
    @classmethod
    def _created_time(cls, value: Any) -> time | None:
        raw = str(value or "").strip()
        if not raw:
            return None
        parsed = _parse_time(raw)
        if parsed is None:
            raise ValueError(_("{raw!r} is not a time of day (e.g. 3:53:50 PM or 15:53)").format(raw=raw))
        return parsed

    @field_validator("created_at", "first_response_at", "solved_at", "closed_at", mode="before")
    @classmethod
    def _instant(cls, value: Any, info: ValidationInfo) -> datetime | None:
        raw = str(value or "").strip()
        if not raw:
            return None
        ctx = info.context
        parsed = _parse_date(raw, ctx["formats"])
        if parsed is None:
            if ctx["formats"]:
                formats = " / ".join(repr(f) for f in ctx["formats"])
                raise ValueError(_("{raw!r} does not match --date-format {formats} nor ISO 8601").format(
                    raw=raw, formats=formats))
            raise ValueError(_("{raw!r} is not ISO 8601 (e.g. 2026-03-01T09:30:00Z); give the file's format with"
                               " --date-format, e.g. --date-format '%d-%m-%y'").format(raw=raw))
        now: datetime = ctx["now"]
        if info.field_name == "created_at" and info.data.get("created_time") is not None:
            day: date = parsed.date()
            parsed = datetime.combine(day, info.data["created_time"], tzinfo=UTC)
        if parsed > now:
            raise ValueError(_("{value!r} is after the import instant ({now:%Y-%m-%d %H:%M} UTC)").format(
                value=value, now=now))
        if info.field_name != "created_at" and parsed < (info.data.get("created_at") or now):
            raise ValueError(_("{value!r} is before the ticket was created").format(value=value))
        return parsed

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any, info: ValidationInfo) -> Status:
        word = str(value or "").strip()
        if not word:
            return Status.NEW
        found = info.context["statuses"].get(_word(word))
        if found is None:
            raise ValueError(_("{word!r} is not a status we know; map it with --status-map '{word}=open' (one of"
                               " {choices})").format(word=word, choices=', '.join((s.value for s in Status))))
        return found

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value: Any) -> str:
        given = str(value or "").strip()
        if not given:
            return "email"
        channel = CHANNEL_WORDS.get(_word(given))
        if not channel:
            raise ValueError(_("{given!r} is not a channel; use email, form, phone, chat or social").format(
                given=given))
        return channel

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Severity | None:
        if not str(value or "").strip():
            return None
        try:
            return parse_severity(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None


def row_context(opts: ImportOptions, now: datetime, statuses: dict[str, Status]) -> dict[str, Any]:
    return {"formats": opts.date_formats, "now": now, "statuses": statuses}


_NOT_A_COLUMN = ("subject", "customer_name")  # their messages say which columns


def _column(field: str, sources: dict[str, str], label: str) -> str:
    """How a problem names the value: the file's column (and ours, if named otherwise), or the default."""
    source = sources.get(field)
    if source is None:
        return _("default {field}").format(field=field)
    return f"{_(label)} {source!r}" + ("" if source == field else f" ({field})")


def _prepare(where: str, raw: dict[str, str], mapping: dict[str, str], opts: ImportOptions,
             label: str, context: dict[str, Any]) -> tuple[_Row | None, list[str]]:
    """The row checked (or None) and its problems, each naming ``where`` and the file's column."""
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
    try:
        row = TicketRow.model_validate(values, context=context)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = str(err["loc"][0])
            message = error_message(err)
            if field not in _NOT_A_COLUMN:
                message = f"{_column(field, sources, label)}: {message}"
            problems.append(f"{where}: {message}")
        return None, problems
    return _Row(where, values, row.created_at, row.status, row.first_response_at, row.solved_at, row.closed_at,
                row.severity, row.channel, _ref(values)), []


def _ref(row: dict[str, str]) -> str:
    if row.get("external_id", "").strip():
        return "ext:" + row["external_id"].strip()[:100]
    h = hashlib.sha256()
    for key in ("customer_email", "customer_number", "customer_name", "subject", "created_at", "description"):
        h.update(row.get(key, "").encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return "sha:" + h.hexdigest()[:40]


