"""The mail passwords (IMAP in, SMTP out): from the environment variable, else the OS keyring;
never from the config file. One implementation for both accounts."""

from __future__ import annotations

import os
from collections.abc import Callable

from agent_tui.errors import ConfigError
from agent_tui.i18n import _


def mail_password(key: str, env: str, what: str, warn: Callable[[str], None] | None = None) -> str | None:
    """``env`` when set, else the keyring entry ``key``; None when neither has one."""
    value = os.environ.get(env)
    if value:
        return value
    from agent_tui.config import KEYRING_SERVICE, keyring_status

    ok, why = keyring_status()
    if not ok:
        if warn is not None:
            warn(_("{reason}; set {variable} for the {what} password").format(reason=why, variable=env, what=what))
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, key)
    except KeyringError:
        return None


def store_mail_password(key: str, env: str, password: str) -> None:
    from agent_tui.config import KEYRING_SERVICE, keyring_status

    ok, why = keyring_status()
    if not ok:
        raise ConfigError(_("cannot store the password: {reason}; set {variable} in the environment instead").format(
            reason=why, variable=env))
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, key, password)
    except KeyringError as exc:
        raise ConfigError(_("the keyring refused the password: {exc}").format(exc=exc)) from None
