"""The mail passwords (IMAP in, SMTP out): from the environment variable, else the OS keyring;
never from the config file. One implementation for both accounts."""

from __future__ import annotations

import os
from collections.abc import Callable

from agent_tui.errors import ConfigError


def mail_password(key: str, env: str, what: str, warn: Callable[[str], None] | None = None) -> str | None:
    """``env`` when set, else the keyring entry ``key``; None when neither has one."""
    value = os.environ.get(env)
    if value:
        return value
    from agent_tui.config import KEYRING_SERVICE, keyring_status

    ok, why = keyring_status()
    if not ok:
        if warn is not None:
            warn(f"{why}; set {env} for the {what} password")
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
        raise ConfigError(f"cannot store the password: {why}; set {env} in the environment instead")
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, key, password)
    except KeyringError as exc:
        raise ConfigError(f"the keyring refused the password: {exc}") from None
