"""Self-test of the real-mail corpus (stdlib only; runs under pytest or ``python3 -m unittest``).

The manifest checks always run. The checks on the mails themselves run where the corpus has been
materialized (``python3 tests/mail/real/materialize.py``) and are skipped, with that reason, where
it has not (the mails are third-party material and are not committed).
"""
from __future__ import annotations

import collections
import email
import email.policy
import hashlib
import json
import unittest
from pathlib import Path

try:
    from . import corpus
except ImportError:  # run as a plain script from this folder
    import corpus  # type: ignore[no-redef]

KINDS = {"reply", "forward", "new", "bounce", "autoreply", "charset", "html"}
FORMATS = {"rfc822", "body", "html"}


class ManifestTest(unittest.TestCase):
    def setUp(self):
        self.m = corpus.manifest()

    def test_enough_cases_and_every_one_well_formed(self):
        cases = self.m["cases"]
        self.assertGreaterEqual(len(cases), 60)
        self.assertEqual(len({c["file"] for c in cases}), len(cases), "two cases share a file name")
        for c in cases:
            self.assertIn(c["source"], self.m["sources"], c["file"])
            self.assertIn(c["kind"], KINDS, c["file"])
            self.assertIn(c["format"], FORMATS, c["file"])
            self.assertRegex(c["sha256"], r"^[0-9a-f]{64}$")
            self.assertRegex(c["language"], r"^[a-z]{2}$")
            for ex in c.get("expect", []):
                self.assertIn(ex["op"], {"equals", "equals_empty", "equals_ignoring_whitespace", "contains", "excludes",
                                         "quoted_from", "quoted_body"})
                self.assertTrue(ex["asserted_on"])

    def test_every_source_names_its_licence_and_a_pinned_commit(self):
        for name, s in self.m["sources"].items():
            self.assertRegex(s["commit"], r"^[0-9a-f]{40}$", name)
            self.assertTrue(s["licence"] and s["licence_file"], name)
            self.assertIn(name, (Path(corpus.HERE) / "LICENSES.md").read_text(encoding="utf-8"))

    def test_corpus_stays_small(self):
        self.assertLess(sum(c["bytes"] for c in self.m["cases"]), 3 * 1024 * 1024)


@unittest.skipUnless(corpus.is_materialized(), "real-mail corpus not materialized: run python3 tests/mail/real/materialize.py")
class MaterializedCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cases = corpus.load()

    def test_every_manifest_case_is_there_unchanged(self):
        by_name = {c.extra["file"]: c for c in self.cases}
        for m in corpus.manifest()["cases"]:
            self.assertIn(m["file"], by_name)
            self.assertEqual(hashlib.sha256(by_name[m["file"]].raw_bytes).hexdigest(), m["sha256"], m["file"])
        self.assertGreaterEqual(len(self.cases), 60)

    def test_every_mail_parses_with_the_stdlib(self):
        for case in self.cases:
            with self.subTest(case.name):
                msg = email.message_from_bytes(case.raw_bytes, policy=email.policy.default)
                if case.format == "rfc822":
                    self.assertIsNotNone(msg["From"] or msg["Subject"] or msg["Date"], "no headers read")
                for part in msg.walk():  # decoding every header and text part must not raise
                    for _, value in part.items():
                        str(value)
                    if part.get_content_maintype() == "text":
                        try:
                            part.get_content()
                        except LookupError:  # unknown charset: the parser under test must cope; stdlib raises
                            pass

    def test_licence_file_copied_beside_each_source(self):
        for name in corpus.manifest()["sources"]:
            self.assertTrue((corpus.HERE / name / "LICENSE").is_file(), name)

    def test_expectations_are_strings_from_the_sources_tests(self):
        with_text = [c for c in self.cases if c.has_text_expectation]
        self.assertGreaterEqual(len(with_text), 60)
        for c in with_text:
            self.assertTrue(c.asserted_on, c.name)
            if c.expected_new_text == "":  # the source asserts there is no new text (a bare forward)
                self.assertIn("null", c.asserted_on, c.name)
            for v in (c.expected_new_text or None, c.expected_new_text_ignoring_whitespace, *c.expected_new_text_contains,
                      *c.expected_new_text_excludes, c.expected_quoted_from, c.expected_quoted_body):
                if v is not None:
                    self.assertIsInstance(v, str)
                    self.assertTrue(v.strip(), c.name)

    def test_counts(self):
        kinds = collections.Counter(c.kind for c in self.cases)
        for kind in ("reply", "new", "bounce", "autoreply", "charset", "html"):
            self.assertGreater(kinds[kind], 0, kind)
        langs = collections.Counter(c.language for c in self.cases)
        for lang in ("en", "de", "pt", "nl"):
            self.assertGreater(langs[lang], 0, lang)


if __name__ == "__main__":
    unittest.main()
