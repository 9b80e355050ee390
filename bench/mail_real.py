"""Mail parsing measured on real mail we did not write (tests/mail/real: 8 public corpora, their own expectations).

    python tests/mail/real/materialize.py        # once: copies the mails from the sources' snapshots
    python bench/mail_real.py                    # scores, per kind / source / language
    python bench/mail_real.py --failures         # and every case that missed, with what we produced

The mails are third-party material and are not committed (see tests/mail/real/README.md);
without them this prints how to get them and exits 2.

What is scored, each against the expectation the source's own tests assert:
- **new text** (reply, forward, new): our ``new_text`` — ``parse_mail`` for whole messages,
  the quote stripper for body-only fixtures — compared exactly (after ``strip()``), ignoring
  whitespace, or by the strings it must contain / must not contain. Sources that keep the
  signature (talon) count as right when our text is theirs without a trailing signature of at
  most five lines (shown on a line of its own), so a case is not counted wrong for a convention;
- **kind**: a bounce must parse as a bounce, an auto-reply as an auto-reply, any whole message
  without raising (charset and HTML cases included);
- **attachments**: the count, where the source asserts one.
A baseline in the same run: the mail's whole text unchanged (what a desk without quote
stripping stores), scored on the same new-text cases.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent_tui.mail.parse import MailParseError, parse_mail  # noqa: E402
from agent_tui.mail.quotes import new_text as strip_quotes  # noqa: E402
from tests.mail.real.corpus import CorpusMissing, load  # noqa: E402

_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub("", text or "")


def text_ok(case, produced: str) -> bool:
    produced = (produced or "").strip()
    if case.expected_new_text is not None and produced != case.expected_new_text.strip():
        return False
    if case.expected_new_text_ignoring_whitespace is not None and \
            _norm(produced) != _norm(case.expected_new_text_ignoring_whitespace):
        return False
    if any(s not in produced for s in case.expected_new_text_contains):
        return False
    return not any(s in produced for s in case.expected_new_text_excludes)


def signature_only_difference(case, produced: str) -> bool:
    """The source keeps the signature in the new text (talon does), we strip it: same text otherwise."""
    if not case.signature_included:
        return False
    want = case.expected_new_text if case.expected_new_text is not None else case.expected_new_text_ignoring_whitespace
    if want is None or not produced.strip():
        return False
    if case.expected_new_text is None:
        a, b = _norm(produced), _norm(want)
        return b.startswith(a) and len(b) - len(a) <= 120
    rest = want.strip()[len(produced.strip()):] if want.strip().startswith(produced.strip()) else None
    return rest is not None and len([x for x in rest.splitlines() if x.strip()]) <= 5


def produce(case) -> tuple[str, str, object | None]:
    """(our new text, the whole text, the parsed mail or None for body-only fixtures)."""
    if case.format == "rfc822":
        mail = parse_mail(case.raw_bytes)
        return mail.new_text, mail.text, mail
    body = case.raw_bytes.decode("utf-8", "replace").replace("\r\n", "\n")
    if case.format == "html":
        from agent_tui.mail.parse import html_to_text

        body = html_to_text(body)
    return strip_quotes(body), body, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="a materialized corpus folder (default tests/mail/real)")
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    try:
        cases = load(args.corpus) if args.corpus else load()
    except CorpusMissing as exc:
        print(f"no corpus: {exc}", file=sys.stderr)
        sys.exit(2)
    score: dict[str, Counter] = defaultdict(Counter)
    misses: list[str] = []

    def count(group: str, ok: bool) -> None:
        score[group]["ok" if ok else "miss"] += 1

    for case in cases:
        try:
            ours, whole, mail = produce(case)
        except MailParseError as exc:
            count("parses", False)
            misses.append(f"{case.name}: does not parse: {exc}")
            continue
        if case.format == "rfc822":
            count("parses", True)
        if case.has_text_expectation:
            ok = text_ok(case, ours)
            if not ok and signature_only_difference(case, ours):
                ok = True
                count("new text · the source keeps a signature we strip (counted right)", True)
            count("new text", ok)
            count(f"new text · {case.source}", ok)
            count(f"new text · {case.language}", ok)
            count("baseline: whole text", text_ok(case, whole))
            if not ok:
                misses.append(f"{case.name} [{case.kind}/{case.language}]: got {ours[:160]!r}")
        if case.kind in ("bounce", "autoreply") and mail is not None:
            want = "bounce" if case.kind == "bounce" else "auto_reply"
            ok = mail.kind == want
            count(f"kind · {case.kind}", ok)
            if not ok:
                misses.append(f"{case.name}: parsed as {mail.kind!r}, the source says {case.kind}")
        if case.expected_attachments is not None and mail is not None:
            ok = len(mail.attachments) == case.expected_attachments
            count("attachments", ok)
            if not ok:
                misses.append(f"{case.name}: {len(mail.attachments)} attachments, expected {case.expected_attachments}")
    print(f"{len(cases)} real mails from {len({c.source for c in cases})} sources")
    width = max(len(k) for k in score)
    order = sorted(score, key=lambda k: (k.startswith("baseline"), "·" in k, k))
    for key in order:
        c = score[key]
        total = c["ok"] + c["miss"]
        print(f"  {key:<{width}}  {c['ok']:4d}/{total:<4d} {100 * c['ok'] / total:5.1f} %")
    if args.failures:
        print("\nmisses:")
        for line in misses:
            print("  " + line)


if __name__ == "__main__":
    main()
