"""Optional semantic re-ranking (issue 17) with a real model2vec model the test builds (tests/tiny_reranker.py),
on SQLite and PostgreSQL: a synonym the article never uses brings it first; off, the order is the lexical one;
a model that cannot be loaded leaves search lexical and says so once; nothing is ever downloaded."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from agent_tui.errors import InvalidInput
from agent_tui.services import kb
from agent_tui.services.kb import semantic
from tests.tiny_reranker import build_model

pytest.importorskip("model2vec")

ARTICLES = [
    kb.ArticleInput("cancel-subscription", "Cancel your subscription",
                    "To cancel a subscription open Settings, then Subscription, and choose Cancel. The subscription "
                    "ends at the close of the period.", tags=("subscription",)),
    kb.ArticleInput("refunds", "Refunds",
                    "We refund a subscription payment within 14 days. A refund is repaid to the card you used."),
    kb.ArticleInput("reset-password", "Reset your password", "Forgot your password? Use the reset link."),
]
QUERY = "cash returned for my subscription"  # "cash returned": words the refund article never uses


@pytest.fixture
def model(tmp_path):
    return build_model(tmp_path / "tiny-model")


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def slugs(ctx, query=QUERY):
    return [h.slug for h in kb.search(ctx, query).hits]


def load(ctx):
    for a in ARTICLES:
        kb.save_article(ctx, a)


class TestSemanticReRanking:
    def test_a_synonym_the_article_never_uses_ranks_it_first_and_off_gives_the_lexical_order(self, ctx, model, offline):
        load(ctx)
        lexical = slugs(ctx)
        assert lexical[:2] == ["cancel-subscription", "refunds"]  # the word "subscription" in the title wins
        assert kb.set_reranker(ctx, str(model)) == str(model.resolve())
        result = kb.search(ctx, QUERY)
        assert result.semantic and result.semantic_error is None
        assert [h.slug for h in result.hits][:2] == ["refunds", "cancel-subscription"]
        kb.clear_reranker(ctx)
        off = kb.search(ctx, QUERY)
        assert [h.slug for h in off.hits] == lexical and not off.semantic and off.semantic_error is None

    def test_article_vectors_are_encoded_once_per_version(self, ctx, model, clock, monkeypatch):
        load(ctx)
        kb.set_reranker(ctx, str(model))
        encoded: list[str] = []
        with ctx.db.read() as s:
            reranker, _ = semantic.active(s)
        real = reranker.model.encode
        monkeypatch.setattr(reranker.model, "encode", lambda texts, **kw: encoded.extend(texts) or real(texts, **kw))
        slugs(ctx)
        assert len(encoded) == 3 and encoded[-1] == QUERY  # the two candidates, then the query
        encoded.clear()
        slugs(ctx)
        assert encoded == [QUERY]  # the articles' vectors come from the cache
        clock.advance(timedelta(minutes=1))
        kb.save_article(ctx, kb.ArticleInput("refunds", "Refunds", "We refund a subscription payment in 7 days."))
        encoded.clear()
        slugs(ctx)
        assert len(encoded) == 2 and "Refunds" in encoded[0]  # only the edited article again

    def test_a_model_gone_at_search_time_leaves_search_lexical_and_is_reported_once(self, ctx, model, caplog):
        load(ctx)
        lexical = slugs(ctx)
        kb.set_reranker(ctx, str(model))
        assert slugs(ctx)[0] == "refunds"
        shutil.rmtree(model)
        with caplog.at_level(logging.WARNING, logger=semantic.__name__):
            first, second = kb.search(ctx, QUERY), kb.search(ctx, QUERY)
        assert [h.slug for h in first.hits] == [h.slug for h in second.hits] == lexical
        assert not first.semantic and "search is lexical" in first.semantic_error
        assert "is not a directory" in first.semantic_error and second.semantic_error == first.semantic_error
        assert len([r for r in caplog.records if "search is lexical" in r.getMessage()]) == 1

    def test_a_broken_model_file_leaves_search_lexical(self, ctx, model):
        load(ctx)
        lexical = slugs(ctx)
        kb.set_reranker(ctx, str(model))
        (model / "model.safetensors").write_bytes(b"not a tensor file")
        result = kb.search(ctx, QUERY)
        assert [h.slug for h in result.hits] == lexical and "holds no model2vec model" in result.semantic_error

    def test_a_model_failing_while_it_encodes_leaves_that_search_lexical(self, ctx, model, monkeypatch):
        load(ctx)
        lexical = slugs(ctx)
        kb.set_reranker(ctx, str(model))
        with ctx.db.read() as s:
            reranker, _ = semantic.active(s)

        def broken(texts, **kwargs):
            raise RuntimeError("tokenizer exploded")

        monkeypatch.setattr(reranker.model, "encode", broken)
        result = kb.search(ctx, QUERY)
        assert [h.slug for h in result.hits] == lexical and not result.semantic
        assert "RuntimeError: tokenizer exploded" in result.semantic_error

    def test_without_model2vec_installed_search_is_lexical_and_setting_one_says_how(self, ctx, model, monkeypatch):
        load(ctx)
        lexical = slugs(ctx)
        kb.set_reranker(ctx, str(model))
        model.joinpath("config.json").touch()  # a new signature: loaded again, now without model2vec
        monkeypatch.setitem(sys.modules, "model2vec", None)  # import model2vec raises ImportError
        result = kb.search(ctx, QUERY)
        assert [h.slug for h in result.hits] == lexical and "pip install 'agent-tui[rerank]'" in result.semantic_error
        with pytest.raises(InvalidInput, match="needs model2vec"):
            kb.set_reranker(ctx, str(model))


class TestNeverDownloads:
    @pytest.mark.parametrize("name", ["minishlab/potion-base-8M", "minishlab/potion-multilingual-128M",
                                      "https://huggingface.co/minishlab/potion-base-8M", ""])
    def test_a_hub_name_or_anything_but_a_local_directory_is_refused_offline(self, ctx, name, offline,
                                                                           tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)  # no such relative directory here
        with pytest.raises(InvalidInput, match="not a directory on this machine"):
            kb.set_reranker(ctx, name)
        with pytest.raises(InvalidInput, match="never downloads"):
            semantic.load_model(name)
        assert kb.reranker_path(ctx) == ""

    def test_a_file_or_a_directory_without_a_model_is_refused_and_nothing_is_stored(self, ctx, model, tmp_path):
        with pytest.raises(InvalidInput, match="not a directory"):
            kb.set_reranker(ctx, str(model / "config.json"))
        (tmp_path / "empty").mkdir()
        with pytest.raises(InvalidInput, match="holds no model2vec model"):
            kb.set_reranker(ctx, str(tmp_path / "empty"))
        assert kb.reranker_path(ctx) == ""
        kb.set_reranker(ctx, str(model))
        with pytest.raises(InvalidInput):
            kb.set_reranker(ctx, str(tmp_path / "empty"))
        assert kb.reranker_path(ctx) == str(model.resolve())  # a refused model loses nothing

    def test_loading_puts_the_hugging_face_libraries_offline(self, model, monkeypatch):
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
        semantic.load_model(model)
        import os

        import huggingface_hub.constants

        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
        assert huggingface_hub.constants.HF_HUB_OFFLINE is True


def test_the_base_install_does_not_import_model2vec():
    code = ("import sys; from agent_tui.services import kb; import agent_tui.cli.kb; "
            "sys.exit('model2vec' in sys.modules or 'numpy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
