"""The required-info checklist: which facts a ticket must carry before it is escalated.

The fields belong to the policy (seed 001 names SupraTix's five hand-over facts, seed 004
AuditCase's browser, users, customer, document, message, module and screenshots, seed 002 Droz
Survey's operating system, browser, screenshots and the user's path). A policy names them in
``checklist = [...]``: a known field by its key (its label is translated), or a team's own field
as ``{ key = "contract", label = "Contract id" }`` (its label is shown as written). ``new_ticket =
[...]`` names the fields the new-ticket form asks for.

Kinds: ``text``; ``yes_no`` (stored as ``yes`` / ``no``, answered in any of our languages);
``files`` (met by a file on the ticket — a screenshot the customer mailed or the agent added — or
by a note in the field, such as "none available").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from agent_tui.errors import InvalidInput
from agent_tui.i18n import N_, _

TEXT, YES_NO, FILES = "text", "yes_no", "files"


@dataclass(frozen=True)
class ChecklistField:
    key: str
    label: str  # an English msgid for a known field; a team's own label as written otherwise
    kind: str = TEXT
    known: bool = True

    @property
    def shown(self) -> str:
        """The label in the agent's language (a team's own label as they wrote it)."""
        return _(self.label) if self.known else self.label


def _known(key: str, label: str, kind: str = TEXT) -> ChecklistField:
    return ChecklistField(key, label, kind)


# Every field a preset uses; a policy may name any of them, in its own order.
KNOWN: Mapping[str, ChecklistField] = {f.key: f for f in (
    # seed 001 (SupraTix hand-over to second level)
    _known("customer_number", N_("Customer number")),
    _known("domain", N_("Domain")),
    _known("contact", N_("Contact e-mail / user")),
    _known("error_message", N_("Error message / what the customer sees")),
    _known("end_customer_contact", N_("May we contact the end customer? (yes/no)"), YES_NO),
    # seed 002 (Droz Survey) and 003 (Tier 1 gathers symptoms, steps, messages, recent changes)
    _known("reproduction_steps", N_("Reproduction steps / path taken")),
    _known("environment", N_("Environment (OS, browser, app version)")),
    _known("operating_system", N_("Operating system")),
    _known("browser", N_("Browser")),
    _known("screenshots", N_("Screenshots of the error (whole screen)"), FILES),
    _known("symptoms", N_("Symptoms")),
    _known("recent_changes", N_("Recent changes to the system")),
    # seed 004 (AuditCase)
    _known("users_affected", N_("Users affected (names or group)")),
    _known("document", N_("Document concerned")),
    _known("module", N_("Module / part of the product")),
)}

# Today's checklist (and the ``standard`` preset's): SupraTix's five plus the steps and environment.
DEFAULT_KEYS = ("customer_number", "domain", "contact", "error_message", "reproduction_steps", "environment",
                "end_customer_contact")
DEFAULT: tuple[ChecklistField, ...] = tuple(KNOWN[k] for k in DEFAULT_KEYS)

_YES = {"yes", "y", "ja", "j", "sim", "s", "true", "1"}
_NO = {"no", "n", "nein", "não", "nao", "nee", "false", "0"}


def parse_fields(raw: object, label: str) -> tuple[ChecklistField, ...]:
    """``checklist = [...]`` of a policy: known keys and ``{key, label[, kind]}`` tables."""
    if not isinstance(raw, (list, tuple)):
        raise InvalidInput(_("{label}: checklist must be a list of field names").format(label=label))
    out: list[ChecklistField] = []
    for item in raw:
        if isinstance(item, str):
            key = item.strip().lower()
            if key not in KNOWN:
                raise InvalidInput(_("{label}: unknown checklist field {key!r}; use one of: {choices}, "
                                     "or a table {{ key = \"…\", label = \"…\" }}").format(
                    label=label, key=item, choices=", ".join(KNOWN)))
            field = KNOWN[key]
        elif isinstance(item, Mapping):
            key = str(item.get("key") or "").strip().lower()
            text = str(item.get("label") or "").strip()
            kind = str(item.get("kind") or TEXT).strip().lower()
            unknown = sorted(set(item) - {"key", "label", "kind"})
            if unknown or not key or not key.replace("_", "").isalnum() or not text or kind not in (TEXT, YES_NO, FILES):
                raise InvalidInput(_("{label}: a checklist field of your own needs key (letters, digits, _), "
                                     "label and optionally kind (text, yes_no, files)").format(label=label))
            field = KNOWN[key] if key in KNOWN and text == KNOWN[key].label else ChecklistField(key, text, kind, False)
        else:
            raise InvalidInput(_("{label}: checklist must be a list of field names").format(label=label))
        if any(f.key == field.key for f in out):
            raise InvalidInput(_("{label}: checklist field {key!r} is named twice").format(label=label, key=field.key))
        out.append(field)
    return tuple(out)


def fields_to_data(fields: Sequence[ChecklistField]) -> list[object]:
    """The inverse of :func:`parse_fields` (stored policies round-trip)."""
    return [f.key if f.known else {"key": f.key, "label": f.label, "kind": f.kind} for f in fields]


def field_named(fields: Iterable[ChecklistField], key: str) -> ChecklistField | None:
    for f in fields:
        if f.key == key:
            return f
    return KNOWN.get(key)


def gaps(fields: Sequence[ChecklistField], values: Mapping[str, object] | None, *, has_files: bool = False
         ) -> list[ChecklistField]:
    """The fields still missing: an empty value (a ``files`` field is met by a file on the ticket too)."""
    data = values or {}
    return [f for f in fields
            if not str(data.get(f.key) or "").strip() and not (f.kind == FILES and has_files)]


def normalize(fields: Sequence[ChecklistField], values: Mapping[str, object]) -> dict[str, str]:
    """Check and tidy the values an agent or an import gives: a field of the policy or a known one
    (a value kept from an earlier policy stays editable); yes/no answers in our four languages."""
    out: dict[str, str] = {}
    for key, value in values.items():
        field = field_named(fields, key)
        if field is None:
            raise InvalidInput(_("unknown checklist field {key!r}; use: {choices}").format(
                key=key, choices=", ".join(f.key for f in fields) or ", ".join(KNOWN)))
        text = "" if value is None else str(value).strip()
        if field.kind == YES_NO and text:
            low = text.lower()
            if low in _YES:
                text = "yes"
            elif low in _NO:
                text = "no"
            else:
                raise InvalidInput(_("{field} must be yes or no").format(field=key))
        out[key] = text
    return out


def missing_text(missing: Sequence[ChecklistField]) -> str:
    return ", ".join(f.shown for f in missing)
