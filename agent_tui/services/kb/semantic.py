"""Optional semantic re-ranking of KB search (issue 17): a local model2vec model, never downloaded.

A team that has a model2vec model directory on its machines sets it with ``agent-tui kb reranker DIR``
(``kb_reranker`` in the store, one setting like the help centre's address). Search then blends, over its
candidate pool only, the lexical score with the cosine similarity between the query and each candidate
(title, tags and the start of the body). model2vec is an extra (``pip install 'agent-tui[rerank]'``),
imported only when a model is configured; anything that is not an existing local directory is refused
before model2vec sees it, and the Hugging Face libraries are put offline first, so nothing is ever fetched.

A model that cannot be loaded at search time (the directory gone, model2vec not installed, a broken file)
leaves search lexical: the result says so (``SearchResult.semantic_error``) and the log gets one warning
per process and failure, never an exception.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from agent_tui.errors import InvalidInput
from agent_tui.i18n import _
from agent_tui.services.config_store import get_setting, set_setting
from agent_tui.services.context import Context
from agent_tui.store.models import AuditEvent, KbArticle

SETTING = "kb_reranker"
W_SEMANTIC = 1.0  # the cosine's weight beside the lexical re-rank's (whose signals add up to about 2.5)
EMBED_CHARS = 1_000  # of an article's body embedded after its title and tags
CACHE_ARTICLES = 50_000  # article vectors kept per process (a 256-wide float32 vector is 1 KB)

log = logging.getLogger(__name__)


def reranker_path(ctx: Context) -> str:
    with ctx.db.read() as s:
        return get_setting(s, SETTING)


def set_reranker(ctx: Context, path: str) -> str:
    """Use the model2vec model in the local directory ``path``; it must load here, or nothing is stored.
    Returns the absolute path stored."""
    folder = _local_folder(path)
    load_model(folder)
    stored = str(folder)
    _store(ctx, stored)
    return stored


def clear_reranker(ctx: Context) -> None:
    """Search lexically again."""
    _store(ctx, "")


def _store(ctx: Context, value: str) -> None:
    with ctx.db.transaction() as s:
        set_setting(s, SETTING, value)
        s.add(AuditEvent(at=ctx.clock.now(), actor=ctx.actor, action="kb_reranker_set", details={"path": value}))


def _local_folder(path: str) -> Path:
    """``path`` as an absolute local directory; anything else (a hub name such as "minishlab/potion-base-8M",
    a file, a missing directory) is refused here, before model2vec could try to download it."""
    text = (path or "").strip()
    folder = Path(text).expanduser() if text else None
    if folder is None or not folder.is_dir():
        raise InvalidInput(_("{path!r} is not a directory on this machine: give the directory of a model2vec "
                             "model you have put there yourself (agent-tui never downloads one)").format(path=text))
    return folder.resolve()


def load_model(folder: Path | str) -> Any:
    """The model2vec ``StaticModel`` in the local directory ``folder``, offline. InvalidInput when model2vec
    is not installed or the directory holds no model it can read."""
    folder = _local_folder(str(folder))
    # Before model2vec imports huggingface_hub (which reads these once): no request to the hub, ever.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from model2vec import StaticModel
    except ImportError:
        raise InvalidInput(_("semantic re-ranking needs model2vec: pip install 'agent-tui[rerank]'")) from None
    try:
        import huggingface_hub.constants as hub

        hub.HF_HUB_OFFLINE = True  # imported before us by someone else: offline all the same
    except ImportError:  # pragma: no cover - model2vec depends on it
        pass
    try:
        return StaticModel.from_pretrained(folder)
    except Exception as exc:  # noqa: BLE001 - whatever a broken model raises is one line for the agent
        raise InvalidInput(_("{path!r} holds no model2vec model that loads: {error}").format(
            path=str(folder), error=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)) from None


# ------------------------------------------------------------------ at search time

@dataclass
class Reranker:
    """A loaded model and its process-wide cache of article vectors (by article id, ``updated_at`` and content
    hash: an edited article is encoded again, an unchanged one never)."""

    key: tuple
    model: Any
    vectors: OrderedDict

    def similarities(self, s: Session, query: str, ids: list[int], text_of: Callable[[int], str]) -> dict[int, float]:
        """Cosine between ``query`` and each article; an article is encoded once per version and process."""
        import numpy as np

        versions = s.exec(select(KbArticle.id, KbArticle.updated_at, KbArticle.content_hash)
                          .where(col(KbArticle.id).in_(ids))).all()
        keys = {int(aid): (int(aid), str(at), digest) for aid, at, digest in versions}
        missing = [aid for aid, k in keys.items() if k not in self.vectors]
        if missing:
            for aid, vector in zip(missing, self._unit(self.model.encode([text_of(a) for a in missing])), strict=True):
                self.vectors[keys[aid]] = vector
        for k in keys.values():
            self.vectors.move_to_end(k)
        while len(self.vectors) > CACHE_ARTICLES:
            self.vectors.popitem(last=False)
        q = self._unit(self.model.encode([query]))[0]
        return {aid: float(np.dot(q, self.vectors[k])) for aid, k in keys.items()}

    @staticmethod
    def _unit(matrix):
        import numpy as np

        m = np.asarray(matrix, dtype=np.float32)
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(norms > 0, norms, 1.0)  # a text of no known word: a zero vector, similarity 0


_LOADED: dict[str, Reranker | str] = {}  # path → the model, or why it could not be loaded (per signature)
_SIGNATURES: dict[str, tuple] = {}
_REPORTED: set[tuple[str, str]] = set()
_LOCK = threading.Lock()


def active(s: Session) -> tuple[Reranker | None, str | None]:
    """The configured re-ranker, loaded (once per process and model version); or None and, when one is
    configured but cannot be used here, why (logged once)."""
    path = get_setting(s, SETTING)
    if not path:
        return None, None
    with _LOCK:
        signature = _signature(path)
        if _SIGNATURES.get(path) != signature or path not in _LOADED:
            _SIGNATURES[path] = signature
            try:
                _LOADED[path] = Reranker((path, signature), load_model(path), OrderedDict())
            except InvalidInput as exc:
                _LOADED[path] = exc.message
        loaded = _LOADED[path]
    if isinstance(loaded, Reranker):
        return loaded, None
    return None, _report(path, loaded)


def failed(reranker: Reranker, exc: Exception) -> str:
    """A loaded model that failed while searching: the search goes on lexically; reported once."""
    return _report(reranker.key[0], f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")


def _report(path: str, reason: str) -> str:
    message = _("semantic re-ranking is off, search is lexical: {reason}").format(reason=reason)
    with _LOCK:
        first = (path, reason) not in _REPORTED
        _REPORTED.add((path, reason))
    if first:
        log.warning("%s", message)
    return message


def _signature(path: str) -> tuple:
    """What changes when the model directory is replaced or removed: its files' sizes and times."""
    try:
        return tuple(sorted((p.name, st.st_size, st.st_mtime_ns) for p in Path(path).iterdir()
                            if p.is_file() and (st := p.stat())))
    except OSError:
        return ("missing",)

