"""A real model2vec model small enough to build in a test: a word-level ``tokenizers`` tokenizer over a
short vocabulary and an embedding matrix written by hand, saved with model2vec's own ``save_pretrained``
(``model.safetensors``, ``tokenizer.json``, ``config.json``), so ``StaticModel.from_pretrained`` reads it
as it reads a downloaded one.

Words of one meaning share a direction: "refund", "cash", "returned", "reembolso" and "erstattung" lie close
together; "subscription", "cancel", "password" … each have a direction of their own. A query worded with
words the article never uses ("cash returned"; words KB search's own synonym lists do not pair with
"refund") is therefore close to the refund article.
"""

from __future__ import annotations

from pathlib import Path

# meaning → the words that carry it (any language); each meaning gets one axis of the matrix
MEANINGS: dict[str, tuple[str, ...]] = {
    "refund": ("refund", "refunds", "refunded", "cash", "returned", "chargeback", "reembolso", "erstattung"),
    "subscription": ("subscription", "subscriptions", "plan", "abo"),
    "cancel": ("cancel", "cancelling", "stop", "end", "terminate"),
    "password": ("password", "reset", "forgot", "login", "sign"),
    "invoice": ("invoice", "invoices", "billing", "receipt", "payment"),
    "export": ("export", "csv", "download", "pdf"),
}
UNK = "[UNK]"


def build_model(path: Path, meanings: dict[str, tuple[str, ...]] | None = None, *, extra_words: list[str] = (),
                dim: int | None = None, seed: int = 7) -> Path:
    """Write a model2vec model directory at ``path``: one axis per meaning (its words on that axis, a little
    apart from each other), ``extra_words`` on random directions (``dim`` wide, for a bench-sized vocabulary)."""
    import numpy as np
    from model2vec import StaticModel
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel

    meanings = MEANINGS if meanings is None else meanings
    vocab: dict[str, int] = {UNK: 0}
    axis: dict[str, int] = {}
    for k, (_meaning, group) in enumerate(meanings.items()):
        for word in group:
            if word not in vocab:
                vocab[word] = len(vocab)
                axis[word] = k
    for word in extra_words:
        vocab.setdefault(word, len(vocab))
    width = max(dim or 0, len(meanings) + 1)
    rng = np.random.default_rng(seed)
    vectors = np.zeros((len(vocab), width), dtype=np.float32)
    for word, i in vocab.items():
        if word in axis:
            vectors[i, axis[word]] = 1.0
            vectors[i, len(meanings):] = rng.normal(0, 0.05, width - len(meanings))  # close, not identical
        elif word != UNK:
            vectors[i] = rng.normal(0, 1, width)
    tokenizer = Tokenizer(WordLevel(vocab, unk_token=UNK))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents(),
                                                 normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    StaticModel(vectors, tokenizer, normalize=True).save_pretrained(path)
    return path
