"""Database URLs as text: masking passwords, the driver a URL means, a SQLite file's URL.

Plain string functions, importable without SQLAlchemy (the CLI resolves and masks URLs before it
opens anything).
"""

from __future__ import annotations

import re
from pathlib import Path

_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<tail>@)", re.I)
# ``?password=…`` / ``&sslpassword=…`` in a URL's query, and ``password=…`` / ``password = '…'`` in a
# libpq key=value connection string (quoted values may hold spaces and backslash escapes).
_PASSWORD_PARAM = re.compile(
    r"(?P<head>(?<![a-z0-9_])(?:ssl)?pass(?:word)?\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'?|[^\s&;,'\"]+)", re.I)


def mask_url(text: str) -> str:
    """Hide every password in ``text``: ``postgresql://user:***@host``, ``?password=***``, ``password=***``."""
    text = _PASSWORD_IN_URL.sub(lambda m: f"{m['head']}***{m['tail']}", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['head']}***", text)


def normalize_url(url: str) -> str:
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
