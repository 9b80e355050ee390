"""Bad input at every entry point: one clear error, nothing half-written; imports all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_tui.errors import ImportFailed, InvalidInput, NotFound
from agent_tui.services import kb
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.imports import import_tickets
from tests.conftest import new_ticket
from tests.services.helpers import ticket_count

HEADER = "external_id,subject,description,customer_email,created_at\n"
GOOD_ROWS = (
    "A-1,Cannot export,Export fails with error 500,ana@example.com,2026-03-01T09:30:00+01:00\n"
    "A-2,Invoice question,Where is my invoice?,ben@example.com,2026-03-01\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def refused(ctx, path: Path, match: str, exc=ImportFailed) -> str:
    before = ticket_count(ctx)
    with pytest.raises(exc, match=match) as info:
        import_tickets(ctx, path)
    assert ticket_count(ctx) == before, "a refused import must write nothing"
    assert "\n" not in info.value.message and "Traceback" not in info.value.message
    return info.value.message


class TestTicketImportRefusesBadFiles:
    def test_malformed_csv(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", HEADER + GOOD_ROWS + 'A-3,"unterminated,x,c@example.com,\n'),
                "malformed CSV|fields")

    def test_a_row_with_more_fields_than_the_header(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", HEADER + GOOD_ROWS + "A-3,s,d,c@example.com,2026-03-01,extra\n"),
                "line 4: more fields than the header")

    def test_a_row_with_fewer_fields(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", HEADER + GOOD_ROWS + "A-3,s\n"), "line 4: fewer fields")

    def test_missing_required_column(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", "external_id,description,customer_email\nA-1,d,a@example.com\n"),
                "header: no column for subject")

    def test_missing_customer_columns(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", "subject,description\nHello,d\n"), "needs one of customer_email")

    def test_an_unknown_column(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", "subject,customer_email,shoe_size\nHi,a@example.com,42\n"),
                "unknown column 'shoe_size'")

    def test_invalid_utf8(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", (HEADER + GOOD_ROWS).encode() + b"A-3,caf\xe9,d,c@example.com,\n"),
                "not valid UTF-8", exc=InvalidInput)

    def test_nul_bytes(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", (HEADER + GOOD_ROWS).encode() + b"A-3,a\x00b,d,c@example.com,\n"),
                "NUL bytes")

    def test_an_empty_file(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", ""), "empty file")
        refused(ctx, write(tmp_path, "h.csv", HEADER), "no tickets")

    def test_json_object_without_tickets(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.json", json.dumps({"items": []})), "object with a 'tickets' list")

    def test_json_list_of_non_objects(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.json", json.dumps([{"subject": "a", "customer_email": "a@x.org"}, "b"])),
                "item 2: expected an object, got str")

    def test_json_that_is_not_json(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.json", "[{'subject': 1}]"), "invalid JSON at line 1")

    def test_json_tickets_that_is_not_a_list(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.json", json.dumps({"tickets": "all of them"})), "expected a list")

    def test_an_unknown_file_type(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.xlsx", "x"), "unknown format 'xlsx'")

    def test_a_missing_file(self, ctx, tmp_path):
        refused(ctx, tmp_path / "nope.csv", "no such file")

    @pytest.mark.parametrize("date", ["03/01/2026", "yesterday", "2026-02-30"])
    def test_an_ambiguous_or_invalid_date(self, ctx, tmp_path, date):
        refused(ctx, write(tmp_path, "t.csv", HEADER + GOOD_ROWS + f"A-3,s,d,c@example.com,{date}\n"),
                f"line 4: column 'created_at': '{date}' is not ISO 8601")

    def test_a_body_over_a_million_characters_is_refused(self, ctx, tmp_path):
        rows = [{"subject": "ok", "customer_email": "a@example.com"},
                {"subject": "huge", "customer_email": "b@example.com", "description": "x" * 1_000_001}]
        msg = refused(ctx, write(tmp_path, "t.json", json.dumps(rows)), "item 2: description is too long")
        assert "nothing was imported" in msg

    def test_a_bad_value_late_in_the_file_rolls_back_the_rows_before_it(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", "subject,customer_email,channel\n"
                           "a,a@example.com,email\nb,b@example.com,email\nc,c@example.com,pigeon\n"),
                "line 4: column 'channel': 'pigeon' is not a channel")

    def test_a_bad_severity(self, ctx, tmp_path):
        refused(ctx, write(tmp_path, "t.csv", "subject,customer_email,severity\na,a@example.com,apocalyptic\n"),
                "line 2: column 'severity': unknown severity")


class TestTicketImportAcceptsRealFiles:
    def test_a_csv_with_a_bom_and_mixed_date_formats(self, ctx, tmp_path):
        content = "\ufeff" + HEADER + GOOD_ROWS + "A-3,Fehler,Es geht nicht,c@example.com,01.03.2026 10:00\n"
        report = import_tickets(ctx, write(tmp_path, "t.csv", content))
        assert report.created == 3 and report.skipped == 0
        first = tq.get_ticket(ctx, report.numbers[0])
        assert first.row.created_at.isoformat() == "2026-03-01T08:30:00+00:00"
        assert tq.get_ticket(ctx, report.numbers[1]).row.created_at.isoformat() == "2026-03-01T00:00:00+00:00"
        assert tq.get_ticket(ctx, report.numbers[2]).row.created_at.isoformat() == "2026-03-01T10:00:00+00:00"

    def test_re_importing_is_idempotent(self, ctx, tmp_path):
        path = write(tmp_path, "t.csv", HEADER + GOOD_ROWS)
        assert import_tickets(ctx, path).created == 2
        again = import_tickets(ctx, path)
        assert (again.created, again.skipped) == (0, 2)
        assert ticket_count(ctx) == 2

    def test_rows_without_an_id_are_recognised_by_their_content(self, ctx, tmp_path):
        rows = [{"subject": "Sync stuck", "email": "a@example.com", "body": "since Monday"}]
        path = write(tmp_path, "t.json", json.dumps({"tickets": rows}))
        assert import_tickets(ctx, path).created == 1
        assert import_tickets(ctx, path).skipped == 1

    def test_a_one_megabyte_body_is_accepted(self, ctx, tmp_path):
        body = ("lorem ipsum " * 90_000)[:1_000_000]
        report = import_tickets(ctx, write(tmp_path, "t.json", json.dumps([
            {"subject": "big paste", "customer_email": "a@example.com", "description": body}])))
        assert len(tq.get_ticket(ctx, report.numbers[0]).description) == 1_000_000

    def test_sql_is_stored_literally(self, ctx, tmp_path):
        evil = "'; DROP TABLE tickets; --"
        report = import_tickets(ctx, write(tmp_path, "t.json", json.dumps([
            {"subject": evil, "customer_name": evil, "description": evil, "tags": [evil]}])))
        d = tq.get_ticket(ctx, report.numbers[0])
        assert d.row.subject == evil and d.description == evil
        assert ticket_count(ctx) == 1
        assert tq.list_tickets(ctx, tq.QueueFilter(text=evil))[0].number == d.number

    def test_control_characters_in_a_file_are_neutralised(self, ctx, tmp_path):
        report = import_tickets(ctx, write(tmp_path, "t.json", json.dumps([
            {"subject": "a\u001b[2Jb", "customer_email": "a@example.com", "description": "x\u0007\u009by"}])))
        d = tq.get_ticket(ctx, report.numbers[0])
        assert "\x1b" not in d.row.subject and "\x07" not in d.description and "\x9b" not in d.description


class TestUnknownTicketsAndDirectInput:
    @pytest.mark.parametrize("call", [
        lambda c: ta.assign(c, 424242), lambda c: ta.solve(c, 424242, "fixed"),
        lambda c: ti.customer_message(c, 424242, "hi"), lambda c: ta.close(c, 424242),
        lambda c: kb.link_article(c, 424242, "x"), lambda c: kb.suggest_for_ticket(c, 424242),
    ], ids=["assign", "solve", "customer_message", "close", "kb_link", "suggest"])
    def test_an_unknown_ticket_number_is_not_found(self, ctx, call):
        with pytest.raises(NotFound, match="#424242"):
            call(ctx)

    @pytest.mark.parametrize("text", ["", "abc", "#", "12a"])
    def test_a_ticket_number_must_be_a_number(self, text):
        with pytest.raises(InvalidInput, match="not a ticket number"):
            tq.resolve_number(text)

    def test_an_empty_subject_or_reply_is_refused(self, ctx):
        with pytest.raises(InvalidInput, match="subject must not be empty"):
            new_ticket(ctx, " \n ")
        d = ta.assign(ctx, new_ticket(ctx).number)
        with pytest.raises(InvalidInput, match="reply must not be empty"):
            ta.reply(ctx, d.number, "   ")

    def test_a_reply_over_the_limit_is_refused_and_nothing_is_written(self, ctx):
        d = ta.assign(ctx, new_ticket(ctx).number)
        with pytest.raises(InvalidInput, match="too long"):
            ta.reply(ctx, d.number, "x" * 1_000_001)
        assert tq.get_ticket(ctx, d.number).row.version == d.row.version

    def test_rtl_zero_width_cjk_and_emoji_are_kept(self, ctx):
        subject = "مرحبا\u200f 世界 🙂 zero\u200bwidth"
        assert new_ticket(ctx, subject).row.subject == subject


HOSTILE = ['"', "AND", "OR", "NOT", "c++", "it's", "*", "e-mail", "title:x", "(", ")", "NEAR(", "'; DROP TABLE x; --",
           "", "x" * 500, "y" * 3000, "ﷺ" * 500, "_", "__init__", "a:*", "& | ! <->", "\x00", "\ud800", "'", "\\",
           "NEAR(a b, 3)", "{title body}: x", "^a", "-b", "+c", "AND OR NOT", "inv", "e-ma"]

ARTICLES = [
    kb.ArticleInput("download-invoice", "How to download an invoice", "Open Billing and click *Download*. "
                    "Works for e-mail invoices too.", "en", ("billing",)),
    kb.ArticleInput("rechnung", "Rechnung herunterladen", "Öffnen Sie die Abrechnung und klicken Sie auf Herunterladen.",
                    "de", ("billing",)),
    kb.ArticleInput("cpp-sdk", "Using the C++ SDK", "It's the title: x of the SDK; NOT for (beginners).", "en"),
]


class TestKbSearchNeverRaises:
    def test_hostile_queries_return_results_or_none(self, ctx):
        for article in ARTICLES:
            kb.save_article(ctx, article)
        for query in HOSTILE:
            result = kb.search(ctx, query)
            assert isinstance(result.hits, list), query
            kb.suggest_for_text(ctx, query, query)
        assert kb.search(ctx, "").hits == []

    def test_ordinary_queries_find_articles_across_languages(self, ctx):
        for article in ARTICLES:
            kb.save_article(ctx, article)
        assert kb.search(ctx, "download invoice").hits[0].slug == "download-invoice"
        assert kb.search(ctx, "rechnungen").hits[0].slug == "rechnung"
        assert kb.search(ctx, "c++").hits  # "c" alone is too short to be a prefix, but it's a word
        assert kb.search(ctx, "invo").hits[0].slug == "download-invoice"  # prefix while typing
        assert kb.search(ctx, "invioce").did_you_mean == "invoice"

    def test_an_unknown_language_filter_is_refused(self, ctx):
        with pytest.raises(InvalidInput, match="unknown language"):
            kb.search(ctx, "x", language="fr")


class TestKbImport:
    def _files(self, folder: Path) -> Path:
        folder.mkdir(exist_ok=True)
        (folder / "reset-password.md").write_text(
            "---\ntitle: Reset your password\nlanguage: en\ntags: [account, login]\nauthor: alice\n---\n\n"
            "Click *Forgot password* on the login screen.\n", encoding="utf-8")
        (folder / "sync.rst").write_text(
            ":title: Synchronisatie vastgelopen\n:language: nl\n:tags: sync, app\n\n"
            "Synchronisatie\n==============\n\nHerstart de app en probeer het opnieuw.\n", encoding="utf-8")
        return folder

    def test_markdown_with_front_matter_and_rst_are_imported(self, ctx, tmp_path):
        folder = self._files(tmp_path / "kb")
        assert kb.import_directory(ctx, folder) == {"created": 2, "updated": 0, "unchanged": 0}
        md = kb.get_article(ctx, "reset-password")
        assert (md.title, md.language, md.tags, md.author) == ("Reset your password", "en", ["account", "login"], "alice")
        rst = kb.get_article(ctx, "sync")
        assert (rst.title, rst.language, rst.tags) == ("Synchronisatie vastgelopen", "nl", ["sync", "app"])
        assert kb.search(ctx, "vastgelopen").hits[0].slug == "sync"

    def test_re_import_updates_and_does_not_duplicate(self, ctx, tmp_path):
        folder = self._files(tmp_path / "kb")
        kb.import_directory(ctx, folder)
        assert kb.import_directory(ctx, folder) == {"created": 0, "updated": 0, "unchanged": 2}
        (folder / "reset-password.md").write_text("---\ntitle: Reset your password\n---\nUse the new SSO page.\n",
                                                   encoding="utf-8")
        assert kb.import_directory(ctx, folder) == {"created": 0, "updated": 1, "unchanged": 1}
        assert "SSO" in kb.get_article(ctx, "reset-password").body
        assert kb.search(ctx, "sso").hits[0].slug == "reset-password"
        assert len(kb.search(ctx, "password").hits) == 1

    def test_broken_yaml_front_matter_imports_nothing(self, ctx, tmp_path):
        folder = self._files(tmp_path / "kb")
        (folder / "zz-broken.md").write_text("---\ntitle: [unclosed\ntags: {\n---\nBody\n", encoding="utf-8")
        with pytest.raises(ImportFailed, match="zz-broken.md: front matter is not valid YAML"):
            kb.import_directory(ctx, folder)
        with pytest.raises(NotFound):
            kb.get_article(ctx, "reset-password")

    @pytest.mark.parametrize(("name", "content", "match"), [
        ("a.md", "---\n- just\n- a list\n---\n# Heading\nbody\n", "front matter must be a mapping"),
        ("b.md", "no title anywhere\n", "no title"),
        ("c.md", "---\ntitle: x\nlanguage: fr\n---\nbody\n", "language 'fr'"),
        ("d.rst", ":title: x\n\n.. unknown-directive:: y\n", "invalid reStructuredText"),
    ])
    def test_other_broken_articles_are_refused_by_name(self, ctx, tmp_path, name, content, match):
        folder = self._files(tmp_path / "kb")
        (folder / name).write_bytes(content.encode())
        with pytest.raises(ImportFailed, match=match):
            kb.import_directory(ctx, folder)
        with pytest.raises(NotFound):
            kb.get_article(ctx, "sync")


class TestPresetFiles:
    """A bad preset file (policies, triage rules, calendars) is refused naming the file and the entry."""

    DATA = Path(__file__).resolve().parents[2] / "data"

    def test_a_bad_policy_names_the_file_and_the_policy(self, ctx, tmp_path):
        from agent_tui.services.config_store import install_presets

        policies = write(tmp_path, "p.toml", "[policy.a.sla.critical]\nfirst_response_hours = -1\n")
        with pytest.raises(InvalidInput, match=r"^p.toml: policy 'a': .*first_response_hours must be positive"):
            install_presets(ctx, policies, self.DATA / "triage_rules.toml")

    def test_a_bad_rule_names_the_file_and_the_rule(self, ctx, tmp_path):
        from agent_tui.services.config_store import install_presets

        rules = write(tmp_path, "r.toml", '[[rule]]\nname = "x"\n')
        with pytest.raises(InvalidInput, match=r"^r.toml: \[\[rule\]\] #1: triage rule is missing"):
            install_presets(ctx, self.DATA / "policies.toml", rules)

    def test_a_bad_calendar_names_the_file_the_calendar_and_the_field(self, ctx, tmp_path):
        from agent_tui.services.config_store import install_presets

        cals = write(tmp_path, "c.toml",
                     '[calendar.desk]\ntimezone = "Mars/Olympus"\n[calendar.desk.hours]\nmon = ["09:00-17:00"]\n')
        with pytest.raises(InvalidInput, match=r"^c.toml: calendar 'desk': timezone: unknown time zone 'Mars/Olympus'"):
            install_presets(ctx, self.DATA / "policies.toml", self.DATA / "triage_rules.toml", calendars_file=cals)
