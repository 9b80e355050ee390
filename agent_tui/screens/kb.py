"""Knowledge-base search mid-call: results as you type, a Markdown preview, link or insert.

The search runs in a thread worker with ``exclusive=True`` after a short
debounce, so typing never waits for the database and a stale query's results
never overwrite a newer one. Article links in the preview are *never* opened:
``open_links=False`` and a click only shows the address (RELIABILITY.md).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input, Label, Markdown, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from agent_tui.domain.textsearch import LANGUAGES
from agent_tui.domain.reply_insert import Section, article_url, reply_block, sections
from agent_tui.errors import AgentTuiError
from agent_tui.screens.base import AgentModal, AgentScreen
from agent_tui.services import kb
from agent_tui.services.context import Context
from agent_tui.services.kb import ArticleInput, ArticleView, SearchHit, SearchResult
from agent_tui.i18n import _, ngettext
from agent_tui.widgets import labels
from agent_tui.widgets.kb_hit import hit_text
from agent_tui.widgets.safe import safe_line
from agent_tui.widgets.footer import KeyFooter

DEBOUNCE_SECONDS = 0.15
RESULT_LIMIT = 30


def reply_text(article: ArticleView, section: Section | None = None, base_url: str = "") -> str:
    """What "insert into reply" hands back: the article's steps (all of it, or one section) as plain text
    under its title, then its public link when the KB has a base address (``agent-tui kb base-url``); it
    ends with an empty line, where the cursor lands."""
    return reply_block(article.title, article.body, section=section, link=article_url(base_url, article.slug))


class SectionPicker(AgentModal[int | None]):
    """Choose the section of an article to insert (its headings, indented by level); dismisses with its index."""

    DEFAULT_CSS = """
    SectionPicker { align: center middle; }
    SectionPicker > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%; border: round $accent;
                               padding: 0 1; background: $surface; }
    SectionPicker OptionList { height: auto; max-height: 20; }
    SectionPicker .hint { color: $text-muted; }
    """
    KEY_TABLE = "section"

    def __init__(self, title: str, parts: list[Section], start: int = 0) -> None:
        """``start``: the section highlighted first (the one the search found the answer in)."""
        super().__init__()
        self.article_title, self.parts, self.start = title, parts, start

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = Text(_("Insert a section of: "), style="bold")
            heading.append_text(safe_line(self.article_title, 70))
            yield Static(heading)
            options = []
            top = min((p.level for p in self.parts if p.level), default=1)
            for i, part in enumerate(self.parts):
                depth = max(part.level - top, 0)  # subsections indented under their section
                label = Text.assemble(("\u00a0\u00a0" * depth + ("› " if depth else ""), "dim"))
                label.append_text(safe_line(part.heading or _("(introduction)"), 80))
                options.append(Option(label, id=str(i)))
            yield OptionList(*options, id="sections")
            yield Static(Text(_("enter: insert · esc: back")), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.start if 0 <= self.start < len(self.parts) else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_pick(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(index)

    def action_close(self) -> None:
        self.dismiss(None)


class KbScreen(AgentScreen[str | None]):
    """Search the KB; dismisses with reply text (ctrl+t) or None (escape)."""

    CSS_PATH = "kb.tcss"
    KEY_TABLE = "kb"

    # The highlighted article; link / insert are greyed out in the footer until there is one.
    selected: var[str | None] = var(None, bindings=True)

    def __init__(self, ctx: Context, ticket_number: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.ticket_number = ticket_number
        self.hits: dict[str, SearchHit] = {}
        self.articles: dict[str, ArticleView] = {}
        self._debounce: Timer | None = None
        self.last_result: SearchResult | None = None
        self.base_url = ""  # the help centre's public address (links in inserted text), read on mount
        self.linked = False  # an article was linked here: the ticket behind reloads on the way back

    def compose(self) -> ComposeResult:
        heading = (_("Knowledge base — for ticket #{number}").format(number=self.ticket_number)
                   if self.ticket_number else _("Knowledge base"))
        yield Static(Text(heading, style="bold"), id="kb-title")
        yield Input(placeholder=_("Search articles (any language)…"), id="kb-query")
        yield Static("", id="kb-status")
        with Horizontal(id="kb-body"):
            yield OptionList(id="kb-results")
            with VerticalScroll(id="kb-preview-box"):
                yield Markdown("", id="kb-preview", open_links=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#kb-query", Input).focus()
        self._read_base_url()
        if self.ticket_number is not None:
            self.suggest()

    @work(thread=True, group="kb-base-url")
    def _read_base_url(self) -> None:
        try:
            self.base_url = kb.base_url(self.ctx)
        except AgentTuiError:
            self.base_url = ""  # no link then; the search says what is wrong with the store

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("link", "write_article") and self.ticket_number is None:
            return False  # hidden: there is no ticket to link to
        if action in ("link", "insert_reply", "insert_section") and self.selected is None:
            return None  # shown, greyed out until a result is selected
        return True

    # ------------------------------------------------------------ searching

    @on(Input.Changed, "#kb-query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        value = event.value
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self.search(value))

    @on(Input.Submitted, "#kb-query")
    def _submitted(self) -> None:
        results = self.query_one("#kb-results", OptionList)
        if results.option_count:
            results.focus()

    @work(thread=True, exclusive=True, group="kb-search")
    def search(self, query: str) -> None:
        worker = get_current_worker()
        if not query.strip():
            if self.ticket_number is not None:
                self.app.call_from_thread(self.suggest)
            else:
                self.app.call_from_thread(self._show, SearchResult(query, []))
            return
        try:
            result = kb.search(self.ctx, query, limit=RESULT_LIMIT, ticket=self.ticket_number)
        except AgentTuiError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._status, Text(exc.message, style="red"))
            return
        except Exception as exc:  # noqa: BLE001 - a failed search is a line on screen, never a crash
            if not worker.is_cancelled:
                self.app.call_from_thread(self._status, Text(_("Search failed: {error}").format(error=type(exc).__name__), style="red"))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, result)

    @work(thread=True, exclusive=True, group="kb-search")
    def suggest(self) -> None:
        """With an empty query, show what the ticket's subject suggests."""
        worker = get_current_worker()
        if self.ticket_number is None:
            return
        try:
            hits = kb.suggest_for_ticket(self.ctx, self.ticket_number, limit=10)
        except Exception:  # noqa: BLE001 - suggestions are a convenience
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, SearchResult("", hits), True)

    def _status(self, text: Text | str) -> None:
        self.query_one("#kb-status", Static).update(text)

    def _show(self, result: SearchResult, suggested: bool = False) -> None:
        self.last_result = result
        self.hits = {h.slug: h for h in result.hits}
        results = self.query_one("#kb-results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_text(h), id=h.slug) for h in result.hits])
        n = len(result.hits)
        if suggested:
            status = Text(_("Suggested for ticket #{number}: {count}").format(number=self.ticket_number, count=n),
                          style="dim")
        elif not result.query.strip():
            status = Text(_("Type to search."), style="dim")
        else:
            status = Text(ngettext("{count} result", "{count} results", n).format(count=n), style="dim")
        if result.did_you_mean:
            status = Text.assemble((_("Did you mean: "), "yellow"),
                                   safe_line(result.did_you_mean, 120, "bold yellow"),
                                   (_("?  Showing results for it."), "yellow"))
        if not n and result.query.strip() and not result.did_you_mean:
            status = Text(_("No articles match."), style="dim")
        if result.semantic:
            status = Text.assemble(status, (" · " + _("semantic"), "dim italic"))
        elif result.semantic_error:
            status = Text.assemble(status, " · ", safe_line(result.semantic_error, 160, "yellow"))
        self._status(status)
        if n:
            results.highlighted = 0
        else:
            self.selected = None
            self.query_one("#kb-preview", Markdown).update("")

    # ------------------------------------------------------------ preview

    @on(OptionList.OptionHighlighted, "#kb-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        slug = event.option.id
        if slug is None:
            return
        self.selected = slug
        if slug in self.articles:
            self._preview(self.articles[slug])
        else:
            self.load_article(slug)

    @on(OptionList.OptionSelected, "#kb-results")
    def _selected(self) -> None:
        self.query_one("#kb-preview-box").focus()

    @work(thread=True, exclusive=True, group="kb-preview")
    def load_article(self, slug: str) -> None:
        worker = get_current_worker()
        try:
            article = kb.get_article(self.ctx, slug)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._status, Text(exc.message, style="red"))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._preview, article)

    def _preview(self, article: ArticleView) -> None:
        self.articles[article.slug] = article
        if self.selected == article.slug:
            self.query_one("#kb-preview", Markdown).update(article.body)

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Links are shown, never followed (``javascript:``, ``file:`` and ``http`` alike)."""
        event.stop()
        self.notify(_("Link (not opened): {address}").format(address=safe_line(event.href, 300).plain),
                    title=_("Link"), markup=False)

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.dismiss(None)

    def action_focus_query(self) -> None:
        self.query_one("#kb-query", Input).focus()

    def action_move(self, step: int) -> None:
        results = self.query_one("#kb-results", OptionList)
        if results.option_count == 0:
            return
        if results.highlighted is None:
            results.highlighted = 0
        else:
            results.highlighted = max(0, min(results.option_count - 1, results.highlighted + step))

    def _article_now(self) -> ArticleView | None:
        if self.selected is None:
            self.notify(_("Select an article first."), severity="warning", markup=False)
            return None
        article = self.articles.get(self.selected)
        if article is None:
            try:
                article = kb.get_article(self.ctx, self.selected)
            except AgentTuiError as exc:
                self.notify(exc.message, title=exc.title, severity="error", markup=False)
                return None
            self.articles[article.slug] = article
        return article

    def _article_to_insert(self) -> ArticleView | None:
        """The selected article in the customer's language, when it has that version."""
        article = self._article_now()
        if article is not None and self.ticket_number is not None and len(article.versions or {}) > 1:
            try:
                article = kb.article_for_ticket(self.ctx, article.slug, self.ticket_number)
            except AgentTuiError as exc:
                self.notify(exc.message, title=exc.title, severity="error", markup=False)
                return None
        return article

    def action_insert_reply(self) -> None:
        article = self._article_to_insert()
        if article is not None:
            self.dismiss(reply_text(article, base_url=self.base_url))

    def action_insert_section(self) -> None:
        article = self._article_to_insert()
        if article is None:
            return
        parts = sections(article.body)
        if len(parts) < 2:  # one block: the whole article is the section
            self.dismiss(reply_text(article, base_url=self.base_url))
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self.dismiss(reply_text(article, parts[index], base_url=self.base_url))

        hit = self.hits.get(self.selected or "")
        answering = hit.section if hit is not None and hit.slug == article.slug else ""
        start = next((i for i, part in enumerate(parts) if answering and part.heading == answering), 0)
        self.app.push_screen(SectionPicker(article.title, parts, start), chosen)

    def action_link(self) -> None:
        if self.ticket_number is None or self.selected is None:
            return
        self.link(self.ticket_number, self.selected)

    @work(thread=True, exclusive=True, group="kb-link")
    def link(self, number: int, slug: str) -> None:
        try:
            kb.link_article(self.ctx, number, slug)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.notify, exc.message, title=exc.title, severity="error", markup=False)
            return
        self.linked = True
        title = self.hits[slug].title if slug in self.hits else slug
        self.app.call_from_thread(
            self.notify, _("Linked “{title}” to #{number}.").format(title=safe_line(title, 80).plain, number=number),
            title=_("Linked"), markup=False)

    def action_write_article(self) -> None:
        if self.ticket_number is not None:
            self.app.push_screen(ArticleFromTicketScreen(self.ctx, self.ticket_number), self._written)

    def _written(self, slug: str | None) -> None:
        if slug:
            self.notify(_("Article {slug} saved.").format(slug=slug), title=_("Knowledge base"), markup=False)
            query = self.query_one("#kb-query", Input).value
            if query.strip():
                self.search(query)


class ArticleFromTicketScreen(AgentModal[str | None]):
    """Seed 003 (Engineering updates the KB): write an article from a solved ticket; dismisses with its slug."""

    CSS_PATH = "kb.tcss"
    KEY_TABLE = "article"

    def __init__(self, ctx: Context, number: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.number = number
        self.draft: ArticleInput | None = None
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="article-dialog"):
            yield Static(Text(_("New KB article from ticket #{number}").format(number=self.number), style="bold"),
                         id="article-title-bar")
            yield Label(_("Title"), classes="field-label")
            yield Input(id="article-title")
            with Horizontal(id="article-meta"):
                with Vertical(classes="meta-field"):
                    yield Label(_("Language"), classes="field-label")
                    yield Select([(labels.language(code), code) for code in LANGUAGES], value="en",
                                 allow_blank=False, id="article-language")
                with Vertical(classes="meta-field"):
                    yield Label(_("Tags (comma-separated)"), classes="field-label")
                    yield Input(id="article-tags")
            yield Label(_("Body (Markdown)"), classes="field-label")
            yield TextArea(id="article-body")
            yield Static("", id="article-errors")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load_draft()

    @work(thread=True, exclusive=True, group="article-load")
    def load_draft(self) -> None:
        try:
            draft = kb.draft_from_ticket(self.ctx, self.number)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._error, exc.message)
            return
        self.app.call_from_thread(self._fill, draft)

    def _fill(self, draft: ArticleInput) -> None:
        self.draft = draft
        self.query_one("#article-title", Input).value = draft.title
        self.query_one("#article-language", Select).value = draft.language
        self.query_one("#article-tags", Input).value = ", ".join(draft.tags)
        self.query_one("#article-body", TextArea).load_text(draft.body)
        self.query_one("#article-title", Input).focus()

    def _error(self, message: str) -> None:
        self._saving = False
        box = self.query_one("#article-errors", Static)
        box.update(Text(_("Not saved: "), style="bold red") + safe_line(message, 400, "red"))
        box.add_class("shown")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self._saving:
            return
        title = self.query_one("#article-title", Input).value
        language = self.query_one("#article-language", Select).value
        tags = tuple(t.strip() for t in self.query_one("#article-tags", Input).value.split(",") if t.strip())
        body = self.query_one("#article-body", TextArea).text
        draft = self.draft
        slug = draft.slug if draft is not None and title == draft.title else kb.slugify(title)
        edited = ArticleInput(slug=slug, title=title, body=body, language=str(language), tags=tags,
                              author=draft.author if draft else self.ctx.actor,
                              source=draft.source if draft else f"ticket #{self.number}")
        self._saving = True
        self.save(edited)

    @work(thread=True, exclusive=True, group="article-save")
    def save(self, edited: ArticleInput) -> None:
        try:
            view = kb.create_from_ticket(self.ctx, self.number, edited)
        except AgentTuiError as exc:
            self.app.call_from_thread(self._error, exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - the text stays in the form
            self.app.call_from_thread(self._error, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self.dismiss, view.slug)


__all__ = ["KbScreen", "ArticleFromTicketScreen", "reply_text"]
