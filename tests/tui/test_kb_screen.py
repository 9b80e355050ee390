"""KB search screen: as-you-type results, hostile queries, link, insert into reply, safe links."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import Input, Markdown, OptionList, Select, Static, TextArea

from agent_tui.screens.kb import ArticleFromTicketScreen, KbScreen
from agent_tui.services import kb
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.kb import ArticleInput
from tests.conftest import new_ticket

ARTICLES = [
    ArticleInput("pdf-export-totals", "PDF export shows wrong totals",
                 "# PDF export shows wrong totals\n\nClear the rate cache, then export the report again.\n\n"
                 "## Details\n\nThe totals come from the cached [rate table](javascript:alert(1)) "
                 "and the [log](file:///etc/passwd).", tags=("export", "pdf")),
    ArticleInput("login-2fa", "Two-factor login fails", "Check the phone clock; codes are time based.",
                 tags=("login",)),
    ArticleInput("export-csv", "Export to CSV", "Use the export menu and pick CSV.", language="en"),
    ArticleInput("rechnung-export", "Rechnung exportieren", "Die Rechnung als PDF exportieren.", language="de"),
]


class Host(App):
    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)


@pytest.fixture
def articles(ctx):
    return [kb.save_article(ctx, a) for a in ARTICLES]


async def settle(app: App, pilot, wait: float = 0.25) -> None:
    await pilot.pause(wait)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_query(app: App, pilot, text: str) -> None:
    app.screen.query_one("#kb-query", Input).value = ""
    await pilot.press(*[c if c.isalnum() else _key(c) for c in text])
    await settle(app, pilot)


def _key(c: str) -> str:
    return {" ": "space", '"': "quotation_mark", "(": "left_parenthesis", "+": "plus", "'": "apostrophe",
            "*": "asterisk", "-": "minus", ":": "colon"}[c]


def option_texts(screen) -> list[Text]:
    results = screen.query_one("#kb-results", OptionList)
    return [results.get_option_at_index(i).prompt for i in range(results.option_count)]


class TestSearchAsYouType:
    async def test_typing_shows_ranked_hits_with_highlighted_terms_and_a_preview(self, ctx, articles):
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await type_query(app, pilot, "export")
            prompts = option_texts(app.screen)
            assert len(prompts) >= 2
            assert "solved 0" in prompts[0].plain
            highlighted = {prompts[0].plain[s.start:s.end].lower() for s in prompts[0].spans
                           if "reverse" in str(s.style)}
            assert any(h.startswith("export") for h in highlighted)
            preview = app.screen.query_one("#kb-preview", Markdown)
            assert preview.source.strip() != ""
            assert "result" in str(app.screen.query_one("#kb-status", Static).content)

    async def test_a_typo_shows_did_you_mean(self, ctx, articles):
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "exprot")
            status = str(app.screen.query_one("#kb-status", Static).content)
            assert "Did you mean" in status and "export" in status

    async def test_hostile_query_strings_do_not_crash(self, ctx, articles, monkeypatch):
        monkeypatch.setattr("agent_tui.screens.kb.DEBOUNCE_SECONDS", 0.01)
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            for query in ['"', "AND", "(", "c++", "it's", "*", "e-mail", "title:x", "NOT", "export AND ("]:
                app.screen.query_one("#kb-query", Input).value = query  # as if pasted
                await settle(app, pilot, 0.05)
                assert app.is_running
                status = str(app.screen.query_one("#kb-status", Static).content)
                assert "failed" not in status, (query, status)
            assert "result" in status  # the last one still finds the export articles


    async def test_article_text_with_markup_and_escapes_renders_literally(self, ctx):
        kb.save_article(ctx, ArticleInput("hostile", "Export [bold red]loud[/] [@click=app.quit]quit[/]",
                                          "Export \x1b[2J then [/] and [link=file:///etc]x[/link]."))
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "export")
            prompt = option_texts(app.screen)[0].plain
            assert "[bold red]loud[/]" in prompt and "[@click=app.quit]" in prompt
            assert "\x1b" not in prompt
            await pilot.pause()
            assert app.is_running


class TestUseAnArticle:
    async def test_link_the_selected_article_to_the_ticket(self, ctx, articles):
        t = new_ticket(ctx)
        app = Host(lambda: KbScreen(ctx, t.number))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "two factor")
            await pilot.press("ctrl+l")
            await settle(app, pilot, 0)
        assert [a.slug for a in tq.get_ticket(ctx, t.number).articles] == ["login-2fa"]

    async def test_insert_into_reply_returns_the_whole_article_as_plain_text(self, ctx, articles):
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "wrong totals")
            await pilot.press("ctrl+t")
            await pilot.pause()
        assert app.results == ["PDF export shows wrong totals\n\nClear the rate cache, then export the report "
                               "again.\n\nDetails\n\nThe totals come from the cached rate table and the log.\n\n"]

    async def test_with_a_base_address_the_article_link_goes_last(self, ctx, articles):
        kb.set_base_url(ctx, "https://help.example.com/kb/")
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "two factor")
            await pilot.press("ctrl+t")
            await pilot.pause()
        assert app.results == ["Two-factor login fails\n\nCheck the phone clock; codes are time based.\n\n"
                               "https://help.example.com/kb/login-2fa\n\n"]

    async def test_ctrl_o_inserts_one_chosen_section(self, ctx, articles):
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(80, 24)) as pilot:
            await type_query(app, pilot, "wrong totals")
            await pilot.press("ctrl+o")
            await pilot.pause()
            picker = app.screen
            assert type(picker).__name__ == "SectionPicker"
            labels_shown = [str(picker.query_one(OptionList).get_option_at_index(i).prompt)
                            for i in range(picker.query_one(OptionList).option_count)]
            assert labels_shown == ["PDF export shows wrong totals", "\u00a0\u00a0› Details"]
            await pilot.press("up", "down", "enter")  # (it starts on "Details", where "totals" is)
            await pilot.pause()
        assert app.results == ["Details\n\nThe totals come from the cached rate table and the log.\n\n"]

    async def test_the_picker_starts_on_the_section_the_search_found_the_answer_in(self, ctx, articles):
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(80, 24)) as pilot:
            await type_query(app, pilot, "cached rate table")
            assert app.screen.hits["pdf-export-totals"].section == "Details"
            await pilot.press("ctrl+o")
            await pilot.pause()
            picker = app.screen
            assert type(picker).__name__ == "SectionPicker"
            assert picker.query_one(OptionList).highlighted == 1  # "Details", not the introduction
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == ["Details\n\nThe totals come from the cached rate table and the log.\n\n"]

    async def test_escape_goes_back_with_nothing(self, ctx, articles):
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await pilot.press("escape")
            await pilot.pause()
        assert app.results == [None]

    @pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "https://example.com"])
    async def test_a_link_in_an_article_is_shown_never_opened(self, ctx, articles, href, monkeypatch):
        app = Host(lambda: KbScreen(ctx))
        opened: list[str] = []
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "wrong totals")
            preview = app.screen.query_one("#kb-preview", Markdown)
            block = preview.query("MarkdownParagraph").last()
            await block.action_link(href)
            await pilot.pause()
            assert opened == []
            assert any(href in n.message for n in app._notifications)
            assert app.is_running


class TestArticleFromTicket:
    async def test_prefilled_from_a_solved_ticket_and_saved(self, ctx):
        t = new_ticket(ctx, "Invoices show [/] totals")
        ta.assign(ctx, t.number, "alice")
        ta.solve(ctx, t.number, "fixed", "Cleared the cache.")
        app = Host(lambda: ArticleFromTicketScreen(ctx, t.number))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            screen = app.screen
            assert screen.query_one("#article-title", Input).value == "Invoices show [/] totals"
            assert "Cleared the cache." in screen.query_one("#article-body", TextArea).text
            assert screen.query_one("#article-language", Select).value == "en"
            await pilot.press("ctrl+s")
            await settle(app, pilot, 0)
        assert app.results and isinstance(app.results[0], str)
        article = kb.get_article(ctx, app.results[0])
        assert article.source_ticket == t.number

    async def test_an_open_ticket_says_why_in_the_form(self, ctx):
        t = new_ticket(ctx)
        app = Host(lambda: ArticleFromTicketScreen(ctx, t.number))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            assert "solved" in str(app.screen.query_one("#article-errors", Static).content)
            await pilot.press("escape")
            await pilot.pause()
        assert app.results == [None]


class TestSemanticMarker:
    async def test_the_status_says_semantic_when_a_re_ranker_is_on_and_why_not_when_it_is_gone(self, ctx, articles,
                                                                                             tmp_path):
        pytest.importorskip("model2vec")
        import shutil

        from tests.tiny_reranker import build_model

        kb.set_reranker(ctx, str(build_model(tmp_path / "model")))
        app = Host(lambda: KbScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(app, pilot, "export")
            status = str(app.screen.query_one("#kb-status", Static).content)
            assert "results · semantic" in status
            shutil.rmtree(tmp_path / "model")
            await type_query(app, pilot, "pdf")
            status = str(app.screen.query_one("#kb-status", Static).content)
            assert "semantic re-ranking is off, search is lexical" in status and option_texts(app.screen)
