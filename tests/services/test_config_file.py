"""The config file (config.toml): the keys agent-tui reads are checked, naming the file and the key."""

from __future__ import annotations

import pytest

from agent_tui import config
from agent_tui.errors import ConfigError
from agent_tui.locations import config_file


def write_config(text: str) -> str:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestConfigFile:
    def test_the_database_and_agent_come_from_the_file(self, tmp_path):
        write_config(f'database_url = "sqlite:///{tmp_path}/x.db"\nagent = "bruno"\n')
        settings = config.resolve()
        assert settings.agent == "bruno" and settings.database_url.endswith("x.db")

    def test_a_key_of_the_wrong_type_names_the_file_and_the_key(self):
        path = write_config("database_url = 5\nagent = ['a']\n")
        with pytest.raises(ConfigError) as info:
            config.resolve()
        message = info.value.message
        assert message.startswith(f"{path}: ")
        assert "database_url: Input should be a valid string" in message and "agent: " in message

    def test_keys_read_elsewhere_are_left_to_their_readers(self):
        # A bad [keymap] is reported entry by entry by the app (never fatal); other tables are kept.
        write_config('agent = "bruno"\nkeymap = "x"\n[future]\nsetting = 1\n')
        assert config.resolve().agent == "bruno"
        assert config.keymap()[0] == "x"

    def test_a_wrong_value_is_not_echoed(self):
        # The URL may carry a password: the message names the key, never the value.
        write_config('database_url = ["postgresql://u:s3cret@h/db"]\n')
        with pytest.raises(ConfigError) as info:
            config.resolve()
        assert "s3cret" not in info.value.message
