"""Saved queue views: the file format check and the cache the command palette reads."""

from __future__ import annotations

import json

import pytest

from agent_tui.errors import ConfigError
from agent_tui.services.saved_views import SavedViews, read_views, save_view
from agent_tui.services.ticket_queries import QueueFilter


@pytest.fixture
def path(tmp_path):
    return tmp_path / "views.json"


def write(path, data) -> None:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


class TestFileFormat:
    def test_round_trip(self, path):
        f = QueueFilter(statuses=("open",), severities=("critical",), tiers=("tier2",), assignee="", text="x")
        assert save_view("  mine\x1b[2J ", f, path) == "mine␛[2J"
        assert read_views(path) == ({"mine␛[2J": f}, [])

    def test_the_order_is_saved_with_the_view_and_checked_like_the_other_fields(self, path):
        oldest = QueueFilter(tiers=("tier1",), order="arrival")
        save_view("oldest first", oldest, path)
        assert json.loads(path.read_text(encoding="utf-8"))["oldest first"]["order"] == "arrival"
        assert read_views(path) == ({"oldest first": oldest}, [])
        write(path, {"old file": {"tiers": ["tier1"]}, "sideways": {"order": "sideways"}})
        views, problems = read_views(path)
        assert views == {"old file": QueueFilter(tiers=("tier1",))}  # a view saved before orders: by urgency
        assert len(problems) == 1 and '"sideways"' in problems[0] and "order" in problems[0]
        assert "'urgency' or 'arrival'" in problems[0]

    def test_no_file_is_no_views_and_no_problem(self, path):
        assert read_views(path) == ({}, [])

    def test_a_bad_field_names_the_file_the_view_and_the_field(self, path):
        write(path, {"good": {"statuses": ["new"]}, "bad": {"statuses": ["new", "bogus"]},
                     "typo": {"severity": ["critical"]}, "tier": {"tiers": ["tier9"]}})
        views, problems = read_views(path)
        assert list(views) == ["good"]
        assert len(problems) == 3
        assert all(p.startswith(f"{path}: view ") for p in problems)
        assert '"bad"' in problems[0] and "statuses.1" in problems[0] and "'new'" in problems[0]  # what it may be
        assert '"typo"' in problems[1] and "severity" in problems[1]  # an unknown field, not silently ignored
        assert '"tier"' in problems[2] and "tiers.0" in problems[2]

    @pytest.mark.parametrize("content, says", [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"v": [1]}', 'view "v": must be an object'),
        ('{"v": {"text": 5}}', "text"),
    ])
    def test_a_broken_file_is_reported_never_fatal(self, path, content, says):
        write(path, content)
        views, problems = read_views(path)
        assert views == {}
        assert len(problems) == 1 and str(path) in problems[0] and says in problems[0]

    def test_saving_keeps_hand_edited_entries_even_bad_ones(self, path):
        write(path, {"bad": {"statuses": ["bogus"]}})
        save_view("new one", QueueFilter(), path)
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert stored["bad"] == {"statuses": ["bogus"]} and "new one" in stored

    def test_saving_never_overwrites_a_file_that_is_not_an_object(self, path):
        write(path, "{oops")
        with pytest.raises(ConfigError, match="not valid JSON"):
            save_view("x", QueueFilter(), path)
        assert path.read_text(encoding="utf-8") == "{oops"


class TestCache:
    def test_read_once_until_a_save(self, path):
        views = SavedViews(path)
        save_view("a", QueueFilter(), path)
        for _ in range(50):
            assert views.names() == ["a"]
        assert views.reads == 1
        views.save("b", QueueFilter(text="b"))
        assert views.names() == ["a", "b"] and views.get("b") == QueueFilter(text="b")
        assert views.reads == 2

    def test_a_failed_save_still_invalidates(self, path):
        views = SavedViews(path)
        assert views.names() == []
        write(path, "{oops")
        with pytest.raises(ConfigError):
            views.save("x", QueueFilter())
        assert views.names() == [] and "not valid JSON" in views.problems[0]
