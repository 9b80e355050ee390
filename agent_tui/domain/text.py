"""Outside text is data: one sanitizer for everything customers, articles and imports write.

Decision (RELIABILITY.md): text is sanitized *before it is stored* (services call
:func:`clean` on every field that comes from outside) and widgets sanitize again
before display, so rows written by older versions or other tools are safe too.
C0/C1 control characters other than newline and tab become visible
placeholders (ESC shows as ␛), lone surrogates and invalid bytes become U+FFFD,
and so do the bidi embedding/override/isolate controls (U+202A–U+202E,
U+2066–U+2069), which would let text display in a different order than it is
stored ("Trojan Source"). Letters of any script, emoji, combining marks,
zero-width joiners and markup-looking text are kept: they are data.

Where it is applied (one function, two ends):

* on the way in, every string written to a table column goes through
  :func:`clean` (or :func:`clean_data` for JSON columns) in
  ``agent_tui.store.cleaning`` — a column type plus an attribute hook, so no
  service can forget a field;
* on the way out, CLI output (``agent_tui.cli``: tables, lines, ``--json``,
  export) and widgets (``agent_tui.widgets.safe``, the app's ``notify``)
  sanitise again, for rows written by older versions or other tools.
"""

from __future__ import annotations

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_C0_PICTURES[0x7F] = "\u2421"  # ␡


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code, picture in _C0_PICTURES.items():
        if code in (0x0A, 0x09):
            continue
        table[code] = picture
    for code in range(0x80, 0xA0):
        table[code] = "\ufffd"
    for code in range(0xD800, 0xE000):  # lone surrogates
        table[code] = "\ufffd"
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):  # bidi embeddings, overrides, isolates
        table[code] = "\ufffd"
    return table


_TABLE = _build_table()


def clean(text: str | None) -> str:
    """Normalise newlines and replace control characters with visible placeholders."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_TABLE)


def clean_data(value: object) -> object:
    """:func:`clean` every string (keys included) inside JSON-like data; other values unchanged."""
    if isinstance(value, str):
        return clean(value) if value else value
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(v) for v in value]
    return value


_UNSTORABLE = {code: "\ufffd" for code in range(0xD800, 0xE000)} | {0: "\u2400"}


def storable(text: str) -> str:
    """Only what no database, JSON encoder or terminal can take: lone surrogates become U+FFFD, NUL ␀.

    For text that must otherwise stay as given (command-line arguments, names, tags); :func:`clean`
    does this too, plus the control characters.
    """
    if text.isascii() and "\0" not in text:
        return text
    return text.translate(_UNSTORABLE)


def decode_bytes(raw: bytes, *, source: str = "input") -> str:
    """Decode UTF-8 (with or without BOM); invalid bytes are an error, not mojibake."""
    from agent_tui.errors import InvalidInput
    from agent_tui.i18n import _

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _("{source} is not valid UTF-8 (byte 0x{raw:02x} at offset {start}); save it as "
              "UTF-8 and try again").format(source=source, raw=raw[exc.start], start=exc.start)
        ) from None
    return text


def one_line(text: str, limit: int = 120) -> str:
    """A single display line: newlines folded, long text cut with an ellipsis."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
