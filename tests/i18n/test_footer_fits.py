"""The ticket's footer keys fit in 120 columns in every shipped language as far as they do in English
(through Escalate): a translation too long for the footer hides the keys after it."""

from __future__ import annotations

import pytest

from agent_tui import i18n
from agent_tui.bindings import TABLES
from tests.i18n.test_pseudo_locale import screen_text
from tests.tui.conftest import make_app, settle
from tests.tui.test_snapshots import _store


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
async def test_the_footers_show_every_key(ctx, clock, lang):
    number = _store(ctx, clock)
    app = make_app(ctx, language=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.open_ticket(number)
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        offered = [k for k in TABLES["ticket"] if k.show and app.screen.allows(k.action)]
        actions = [k.action for k in offered]
        assert "escalate" in actions, actions
        shown = offered[:actions.index("escalate") + 1]
        for key in shown:
            assert f"{key.label} {i18n._(key.description)} " in footer + " ", (lang, key.description, footer)
