"""What a customer's mail already answers of the required-info checklist (seed 004), so agents ask for less.

Pure and data-driven: per field, the phrases customers write it with in English, German,
Portuguese and Dutch. Only what the text states is taken — a customer number after its label,
an operating system / browser / app version where named, an error message after its label or in
quotes after "error" — and never guessed. The intake fills only empty fields and records which it
filled ("from the customer's mail").
"""

from __future__ import annotations

import re

# Customer number: a label, then the number (letters, digits, dashes; at least one digit).
_CUSTOMER_LABELS = (
    r"customer\s*(?:number|no\.?|nr\.?|id|#)", r"account\s*(?:number|no\.?|id)", r"client\s*(?:number|id)",
    r"kunden\s*-?\s*(?:nummer|nr\.?)", r"kundennummer", r"kd\.?\s*-?\s*nr\.?",
    r"n[úu]mero\s+de\s+cliente", r"c[óo]digo\s+(?:do\s+)?cliente", r"cliente\s*(?:n[ºo°]\.?|#)",
    r"klant\s*(?:nummer|nr\.?)", r"klantnummer", r"debiteurnummer",
)
_CUSTOMER = re.compile(r"(?i)\b(?:" + "|".join(_CUSTOMER_LABELS) + r")\s*[:#]?\s*([A-Z]{0,4}-?\d[\w-]{1,30})")

# Environment: operating systems, browsers and the app's version as customers name them.
_OS = re.compile(r"(?i)\b(windows\s*(?:1[01]|7|8(?:\.1)?|server\s*20\d\d)|mac\s*os(?:\s*x)?\s*\d+(?:\.\d+)*|"
                 r"macos\s*(?:\d+(?:\.\d+)*|sonoma|ventura|monterey|sequoia)|ios\s*\d+(?:\.\d+)*|"
                 r"ipados\s*\d+(?:\.\d+)*|android\s*\d+(?:\.\d+)*|ubuntu\s*\d+(?:\.\d+)*|chrome\s*os|linux)\b")
_BROWSER = re.compile(r"(?i)\b((?:google\s+)?chrome|firefox|safari|microsoft\s+edge|edge|opera|brave)"
                      r"(?:\s*(?:version\s*)?(\d+(?:\.\d+)*))?\b")
_APP_VERSION = re.compile(r"(?i)\b(?:app|version|vers[ãa]o|versie|v)\s*[:.]?\s*(\d+\.\d+(?:\.\d+)*)\b")

# Error message: a label then the text to the end of the line, or a quoted text after "error".
_ERROR_LABELS = r"(?:error(?:\s*message)?|fehler(?:meldung)?|mensagem\s+de\s+erro|erro|foutmelding|fout)"
_ERROR_LINE = re.compile(r"(?im)\b" + _ERROR_LABELS + r"\s*:\s*(.{3,300}?)\s*(?:\.\s|\.?$)")
_ERROR_QUOTED = re.compile(r"(?i)\b" + _ERROR_LABELS + r"\b[^\"“„«\n]{0,40}[\"“„«]([^\"”“»\n]{3,300})[\"”“»]")
_ERROR_CODE = re.compile(r"(?i)\b((?:error|fehler|erro|fout)\s*(?:code\s*)?[:#]?\s*(?:0x[0-9a-f]+|\d{3,5}))\b")


def _environment(text: str) -> dict[str, str]:
    """``operating_system``, ``browser`` and their sum with the app's version, ``environment``."""
    found: dict[str, str] = {}
    if m := _OS.search(text):
        found["operating_system"] = " ".join(m.group(1).split())
    if m := _BROWSER.search(text):
        found["browser"] = " ".join(p for p in (m.group(1), m.group(2)) if p)
    parts = list(found.values())
    if m := _APP_VERSION.search(text):
        parts.append(f"app {m.group(1)}")
    if parts:
        found["environment"] = ", ".join(parts)
    return found


def _error(text: str) -> str:
    for pattern in (_ERROR_LINE, _ERROR_QUOTED, _ERROR_CODE):
        if m := pattern.search(text):
            return " ".join(m.group(1).split())
    return ""


def prefill_from_text(text: str) -> dict[str, str]:
    """The checklist fields ``text`` answers: ``customer_number``, ``environment`` (and its parts
    ``operating_system`` and ``browser``, for policies that ask for them one by one), ``error_message``.
    The caller keeps those its policy's checklist names."""
    text = text or ""
    found: dict[str, str] = {}
    if m := _CUSTOMER.search(text):
        found["customer_number"] = m.group(1)
    found.update(_environment(text))
    if err := _error(text):
        found["error_message"] = err
    return found
