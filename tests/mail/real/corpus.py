"""Loader for the real-mail corpus (mail we did not write), stdlib only.

The mails themselves are not committed (third-party material): ``materialize.py`` copies them
from the sources' git snapshots into this folder and writes ``expected.json``. ``load()`` reads that.

    from tests.mail.real.corpus import load
    for case in load():
        msg = email.message_from_bytes(case.raw_bytes, policy=email.policy.default)
        ...

``Case.format`` says what the bytes are: ``rfc822`` (a whole message with headers), ``body`` (the
plain-text body only, as the reply-parser projects keep their fixtures), ``html`` (an HTML body
only). Expectations are those the source's own tests assert, never ours; see README.md.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
EXPECTED = HERE / "expected.json"


class CorpusMissing(RuntimeError):
    """expected.json (or a mail) is not there: run materialize.py first."""


@dataclass(frozen=True)
class Case:
    path: Path
    raw_bytes: bytes
    source: str
    kind: str  # reply | forward | new | bounce | autoreply | charset | html
    language: str  # ISO 639-1
    format: str  # rfc822 | body | html
    expected_new_text: str | None = None  # exact (sources differ on trailing whitespace: compare .strip())
    expected_new_text_ignoring_whitespace: str | None = None  # compare with all whitespace removed
    expected_new_text_contains: tuple[str, ...] = ()
    expected_new_text_excludes: tuple[str, ...] = ()
    signature_included: bool | None = None  # does the source's expectation keep the signature?
    asserted_on: str | None = None  # the source API whose output the expectation was asserted on
    expected_attachments: int | None = None
    expected_quoted_from: str | None = None  # address of the quoted/forwarded mail's sender
    expected_quoted_body: str | None = None  # body of the quoted/forwarded mail
    client: str | None = None
    upstream: str = ""
    sha256: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.source}/{self.path.name}"

    @property
    def has_text_expectation(self) -> bool:
        return bool(self.expected_new_text is not None or self.expected_new_text_ignoring_whitespace is not None
                    or self.expected_new_text_contains or self.expected_new_text_excludes)


def is_materialized() -> bool:
    return EXPECTED.is_file()


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def load(root: Path = HERE) -> list[Case]:
    expected = root / "expected.json"
    if not expected.is_file():
        raise CorpusMissing(f"{expected} is missing: run python3 {HERE / 'materialize.py'}")
    cases = []
    for e in json.loads(expected.read_text(encoding="utf-8")):
        path = root / e["file"]
        if not path.is_file():
            raise CorpusMissing(f"{path} is missing: run python3 {HERE / 'materialize.py'}")
        assertion = e.get("expected_new_text_assertion") or (e.get("expected_new_text_assertions") or [{}])[0]
        cases.append(Case(
            path=path,
            raw_bytes=path.read_bytes(),
            source=e["source"],
            kind=e["kind"],
            language=e["language"],
            format=e["format"],
            expected_new_text=e.get("expected_new_text"),
            expected_new_text_ignoring_whitespace=e.get("expected_new_text_ignoring_whitespace"),
            expected_new_text_contains=tuple(e.get("expected_new_text_contains", ())),
            expected_new_text_excludes=tuple(e.get("expected_new_text_excludes", ())),
            signature_included=assertion.get("signature_included"),
            asserted_on=assertion.get("asserted_on"),
            expected_attachments=e.get("expected_attachments"),
            expected_quoted_from=e.get("expected_quoted_from"),
            expected_quoted_body=e.get("expected_quoted_body"),
            client=e.get("client"),
            upstream=e["upstream"],
            sha256=e["sha256"],
            extra=e,
        ))
    return cases
