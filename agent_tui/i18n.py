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
