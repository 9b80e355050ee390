"""The app in the agent's language: message catalogs (gettext, built with Babel) and locale formats.

Source strings are English and are the catalog keys (``msgid``). Mark a string shown to the agent
with ``_("…")`` where it is used; a string defined before the language is known (a module constant,
a binding description) is marked with ``N_("…")`` and translated with ``_()`` where it is shown.
Placeholders are named (``_("Ticket #{number} not found").format(number=n)``) so a translation may
reorder them; customer or agent text is passed as a value, never made part of the message.

Catalogs: per language, one ``.po`` file per area in ``agent_tui/data/locale/<lang>/LC_MESSAGES/``
(``ui.po``: screens, widgets, app, bindings; ``cli.po``: the commands; ``core.po``: services, domain,
mail), compiled together into one ``agent_tui.mo`` beside them (all committed). ``python -m
agent_tui.i18n_tools update`` re-extracts, merges and compiles; ``check`` lists what is missing or
stale. English needs no catalog. The language is chosen once, at the edge (:func:`choose`), and set
with :func:`activate`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("en", "de", "pt", "nl")  # shipped: the agent's language and the customer's
DEFAULT = "en"
DOMAIN = "agent_tui"
LOCALE_DIR = Path(__file__).parent / "data" / "locale"
LANGUAGE_ENV = "AGENT_TUI_LANG"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT
_loaded: dict[str, gettext.NullTranslations] = {}


def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (English: the source strings themselves)."""
    lang = normalise(language) or DEFAULT
    if lang not in _loaded:
        if lang == DEFAULT:
            _loaded[lang] = gettext.NullTranslations()
        else:
            _loaded[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return _loaded[lang]


def activate(language: str) -> str:
    """Make ``language`` the one every ``_()`` answers in; returns the language actually used."""
    global _active, _language
    lang = normalise(language)
    if lang not in LANGUAGES:
        lang = DEFAULT
    _active, _language = translations(lang), lang
    return lang


def use(catalog: gettext.NullTranslations, language: str) -> None:
    """Answer every ``_()`` from ``catalog`` (a catalog built elsewhere: the tests' pseudo-locale)."""
    global _active, _language
    _active, _language = catalog, language


def active() -> gettext.NullTranslations:
    """The catalog ``_()`` answers from now (a cache key for text built from several messages)."""
    return _active


def current() -> str:
    return _language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark for extraction only: translated later, where it is shown."""
    return message


def normalise(value: str | None) -> str:
    """``"de_DE.UTF-8"`` → ``"de"``; ``"pt-BR"`` → ``"pt"``; ``"C"``/``"POSIX"``/empty → ``""``."""
    if not value:
        return ""
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()
    return "" if code in ("c", "posix") else code


def choose(configured: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The agent's language: ``AGENT_TUI_LANG``, else ``language`` in config.toml, else the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``), else English. An unshipped language is English."""
    env = os.environ if environ is None else environ
    candidates = [env.get(LANGUAGE_ENV), configured, env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG")]
    candidates += (env.get("LANGUAGE") or "").split(":")
    for value in candidates:
        lang = normalise(value)
        if lang:
            return lang if lang in LANGUAGES else DEFAULT
    return DEFAULT


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for dates and numbers (``pt`` is Portugal's, as our Portuguese is)."""
    lang = normalise(language) or _language
    return {"en": "en_GB", "de": "de_DE", "pt": "pt_PT", "nl": "nl_NL"}.get(lang, "en_GB")


# ------------------------------------------------------------------ locale formats on screen
# English keeps the app's own formats exactly (``1,234``, ``2026-03-02 09:00``, ``97.5 %``); the other
# languages get their locale's (Babel): ``1.234``, ``02.03.2026, 09:00``, ``97,5 %``.


def number(value: float, decimals: int | None = None) -> str:
    """``value`` grouped by thousands (``decimals``: that many places, else as it comes)."""
    if _language == DEFAULT:
        return f"{value:,.{decimals}f}" if decimals is not None else f"{value:,}"
    from babel.numbers import format_decimal

    fmt = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=babel_locale())


def percent(value: float, decimals: int = 1) -> str:
    """A share in percent (``value`` 97.5 → ``97.5 %``; German ``97,5 %``): the number, a space, ``%``."""
    return f"{number(value, decimals)} %"


def when(at, zone, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant in ``zone`` as the agent reads it: English keeps ``fmt`` (``2026-03-02 09:00``); another
    language its locale's short date and time (``02.03.26, 09:00``). ``""`` for none."""
    if at is None:
        return ""
    local = at.astimezone(zone)
    if _language == DEFAULT:
        return local.strftime(fmt)
    from babel.dates import format_date, format_datetime, format_time

    has_date = any(d in fmt for d in ("%Y", "%d", "%m", "%b", "%a"))
    has_time = "%H" in fmt
    if has_date and has_time:
        return format_datetime(local, "short", tzinfo=zone, locale=babel_locale())
    if has_time:
        return format_time(local, "short", tzinfo=zone, locale=babel_locale())
    return format_date(local, "short", locale=babel_locale())


def day_month(value, zone=None, *, year: bool = False) -> str:
    """A day as ``02 Mar`` (``02 Mar 2026`` with ``year``); German ``2. März``, Dutch ``2 mrt``.
    ``value``: a date, or an instant shown in ``zone``."""
    if zone is not None and hasattr(value, "astimezone"):
        value = value.astimezone(zone)
    if _language == DEFAULT:
        return value.strftime("%d %b %Y" if year else "%d %b")
    from babel.dates import format_date

    return format_date(value, "d MMM y" if year else "d MMM", locale=babel_locale())
