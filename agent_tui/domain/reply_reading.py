"""Pre-reading a customer's short mail reply: a survey score, or a yes/no to an approval request.

A pre-reading, never a decision: the mail channel records a survey score it reads, and shows a
yes/no to an approval request to the agent, who records the approval (nothing is auto-approved).
When in doubt both readings say so (``None`` / ``"unclear"``) rather than guess.

The words live in ``agent_tui/data/reply_words.toml`` (per language: en, de, pt, nl), read once.
Matching folds case and accents per character, so spans found in the folded text index the
customer's text as given. Quoted lines (``>``) are ignored, and so is everything from a signature
(``-- ``, "Sent from my iPhone", "Met vriendelijke groet") or a quote header ("… wrote:") on.

Scores: after dropping numbers that are dates, times, durations, amounts, references, phone
numbers, versions, decimals and ordinals, exactly one distinct candidate must remain and lie in
``[low, high]``; "6 out of 7" reads 6 only when the scale is ``high``. Approval: the ticket's
language is read first, all four when it finds nothing; a negation flips a yes ("niet akkoord"),
yes and no together, a hedge ("maybe") or a question ("ok?") read as unclear.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal, NamedTuple

LANGUAGES = ("en", "de", "pt", "nl")
Verdict = Literal["yes", "no", "unclear"]

_LB = r"(?<![\w#$€£+])(?<!\d[.,:/-])(?<![$€£] )"  # not inside a word, decimal, date, amount
_LA = r"(?!\w|[.,:/-]\d| ?[%€$£])"  # not "1st", "2.1", "10:30", "6-7", "5 €", "5%"
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[^\w\s]")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")
_FIXED_MASKS = (
    re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?<!\d)\d{1,2}\.\d{1,2}\.(?!\d)"),  # dates
    re.compile(r"#\s*\d+"),  # ticket numbers, "[#1234]"
    re.compile(rf"{_LB}v\d+(?:\.\d+)*"),  # versions
)
_PHONE = re.compile(r"\+?\(?\d[\d ().\-/]{4,}\d")
_STARS = re.compile(r"[★⭐](?:\ufe0f?[★⭐])*\ufe0f?")


@dataclass(frozen=True)
class ScoreReading:
    """A survey score read in a reply; ``span`` indexes the text given, ``matched`` is that slice."""

    score: int
    span: tuple[int, int]
    matched: str


@dataclass(frozen=True)
class ApprovalReading:
    """The verdict on an approval request and the words (as the customer wrote them) it rests on."""

    verdict: Verdict
    matched: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if unicodedata.category(c) != "Mn").lower()
    if len(base) == 1:
        return "'" if base == "’" else base
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Lowercase without accents, one character for one (so offsets stay valid)."""
    return "".join(map(_fold_char, text))


@functools.cache
def _data() -> dict:
    return tomllib.loads((resources.files("agent_tui") / "data" / "reply_words.toml").read_text(encoding="utf-8"))


def _folded(words) -> list[str]:
    """Folded, without repeats, longest first (so an alternation prefers the longer phrase)."""
    return sorted({fold(w) for w in words}, key=len, reverse=True)


def _words(key: str, languages=LANGUAGES) -> list[str]:
    return _folded(w for lang in languages for w in _data()[lang].get(key, []))


def _alt(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) or r"(?!x)x"


def _blank(text: str, pattern: re.Pattern, keep=None) -> str:
    return pattern.sub(lambda m: m[0] if keep and keep(m) else " " * len(m[0]), text)


@functools.cache
def _signature() -> tuple[re.Pattern, re.Pattern]:
    mail = _data()["mail"]
    starts = rf"(?:{_alt(_folded(mail['signature_starts']))})(?!\w)|--\s*$|_{{3,}}\s*$"
    header = rf"(?<!\w)(?:{_alt(_folded(mail['quote_header_words']))})(?!\w).*:$"
    return re.compile(starts), re.compile(header)


def _reply_body(text: str) -> str:
    """``text`` with quoted lines and the signature (and any quoted mail after it) blanked out."""
    starts, header = _signature()
    lines, dropping = [], False
    for line in text.split("\n"):
        folded = fold(line).strip()
        if not dropping and (starts.match(folded) or header.search(folded)):
            dropping = True
        lines.append(" " * len(line) if dropping or folded.startswith(">") else line)
    return "\n".join(lines)


def _is_short(body: str) -> bool:
    mail = _data()["mail"]
    return len(" ".join(body.split())) <= mail["max_chars"] and len(body.split()) <= mail["max_words"]


# -- scores ------------------------------------------------------------------------------------


class _ScoreWords(NamedTuple):
    values: dict[str, int]
    articles: frozenset[str]
    number: re.Pattern
    scale: re.Pattern
    range_joiners: str
    masks: tuple[re.Pattern, ...]
    label_end: re.Pattern
    unit_start: re.Pattern


@functools.cache
def _score_words() -> _ScoreWords:
    values = {fold(w): v for lang in LANGUAGES for w, v in _data()[lang]["numbers"].items()}
    num = rf"(?:\d+|{_alt(sorted(values, key=len, reverse=True))})"
    joiners = _alt(_words("scale_joiners"))
    return _ScoreWords(
        values=values,
        articles=frozenset(_words("article_numbers")),
        number=re.compile(rf"{_LB}{num}{_LA}"),
        scale=re.compile(rf"{_LB}(?P<num>{num})\s*(?:/|(?:{joiners})(?!\w))\s*(?P<den>{num}){_LA}"),
        range_joiners=_alt(_words("range_joiners")),
        masks=(
            re.compile(rf"{_LB}{num}\.?\s*(?:(?:de|of)\s+)?(?:{_alt(_words('not_score_after'))})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{_alt(_words('not_score_before'))})\.?\s*:?\s*{num}{_LA}"),
            re.compile(rf"(?:{_alt(_words('street_endings'))})\.?\s+\d+{_LA}"),
        ),
        label_end=re.compile(rf"(?<!\w)(?:{_alt(_words('score_labels'))})$"),
        unit_start=re.compile(rf"\s*(?:{_alt(_words('score_units'))})(?!\w)"),
    )


def _value(words: _ScoreWords, token: str) -> int:
    return int(token) if token.isdigit() else words.values[" ".join(token.split())]


def _article_is_score(words: _ScoreWords, body: str, text: str, m: re.Match) -> bool:
    """"een", "um": a score when the reply is that word alone, or beside a score label or unit;
    never right before a number ("Een 6.", "um 7": the article of that number)."""
    if re.match(r"\s*\d", text[m.end():]):
        return False
    if len(re.findall(r"[^\W\d_]+", body)) == 1 and not re.search(r"\d", body):
        return True
    return bool(words.label_end.search(text[: m.start()].rstrip(" :=-")) or words.unit_start.match(text, m.end()))


def read_score(text: str, low: int = 1, high: int = 7) -> ScoreReading | None:
    """The survey score in a short reply, or ``None`` (no score, several, out of range, long mail)."""
    body = _reply_body(text or "")
    if not body.strip() or not _is_short(body):
        return None
    words = _score_words()
    s = fold(body)
    for mask in _FIXED_MASKS:
        s = _blank(s, mask)
    s = _blank(s, _PHONE, keep=lambda m: sum(c.isdigit() for c in m[0]) < 6)
    found: list[tuple[int, tuple[int, int]]] = []
    for m in words.scale.finditer(s):  # "6 out of 7": 7 is the scale; another scale is no answer
        if _value(words, m["den"]) == high:
            found.append((_value(words, m["num"]), m.span("num")))
    s = _blank(s, words.scale)
    s = _blank(s, re.compile(rf"{_LB}{low}\s*(?:[-–—]|(?:{words.range_joiners})(?!\w))\s*{high}{_LA}"))
    for mask in words.masks:
        s = _blank(s, mask)
    for m in words.number.finditer(s):
        if m[0] in words.articles and not _article_is_score(words, body, s, m):
            continue
        found.append((_value(words, m[0]), m.span()))
    if not found:
        found = [(sum(c in "★⭐" for c in m[0]), m.span()) for m in _STARS.finditer(s)]
    found = sorted((v, span) for v, span in found if v <= max(10 * high, 10))  # years, zip codes: not answers
    if len({v for v, _ in found}) != 1 or not low <= found[0][0] <= high:
        return None
    span = min(span for _, span in found)
    return ScoreReading(found[0][0], span, text[span[0] : span[1]])


# -- approvals ---------------------------------------------------------------------------------


class _Lexicon(NamedTuple):
    phrases: dict[tuple[str, ...], str]  # -> "yes" | "no" | "hedge"
    negators: frozenset[tuple[str, ...]]
    after: frozenset[tuple[str, ...]]
    barriers: frozenset[str]
    longest: int


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(t.replace("'", "") for t in _TOKEN.findall(fold(phrase)))


@functools.cache
def _lexicon(languages: tuple[str, ...], foreign_to: str | None = None) -> _Lexicon:
    """The approval words of ``languages``; without the false friends of ``foreign_to``."""
    skip = {_key(w) for w in _data()[foreign_to].get("false_friends", [])} if foreign_to else set()
    phrases: dict[tuple[str, ...], str] = {}
    for kind in ("hedge", "no", "yes"):  # a phrase listed twice keeps its first kind
        for w in _words(kind, languages):
            if (key := _key(w)) and key not in skip:
                phrases.setdefault(key, kind)
    negators = frozenset(_key(w) for w in _words("negators", languages)) - skip
    after = frozenset(_key(w) for w in _words("negators_after", languages)) - skip
    barriers = frozenset(k for w in _words("barriers", languages) for k in _key(w))
    return _Lexicon(phrases, negators, after, barriers, max(map(len, [*phrases, *negators, ()])))


def _at(keys: list[str], i: int, table, longest: int) -> tuple[int, str | None]:
    """The longest phrase of ``table`` starting at token ``i``: (length, kind)."""
    for n in range(min(longest, len(keys) - i), 0, -1):
        key = tuple(keys[i : i + n])
        if key in table:
            return n, table[key] if isinstance(table, dict) else "neg"
    return 0, None


def _reach(keys: list[str], start: int, lex: _Lexicon, table) -> int:
    """The end of a ``table`` phrase up to two plain words after ``start`` (0 if none)."""
    for i in range(start, min(start + 3, len(keys))):
        n, kind = _at(keys, i, table, lex.longest)
        if n and (table is lex.after or kind == "yes"):
            return i + n
        n, kind = _at(keys, i, lex.phrases, lex.longest)
        if table is lex.after and kind == "no" and (keys[i + n - 1],) in lex.after:
            return i + n  # "passt noch nicht", "doe maar liever niet"
        if n or not keys[i].isalnum() or keys[i] in lex.barriers:
            return 0
    return 0


def _sentence_signals(keys: list[str], lex: _Lexicon) -> list[tuple[str, int, int]]:
    """(kind, first token, end token) of each signal in one sentence, negations applied."""
    out, i = [], 0
    while i < len(keys):
        n, kind = _at(keys, i, lex.phrases, lex.longest)
        neg, _ = _at(keys, i, lex.negators, lex.longest)
        if kind and (kind == "hedge" or n > neg):
            end = _reach(keys, i + n, lex, lex.after) if kind == "yes" else 0
            out.append(("no", i, end) if end else (kind, i, i + n))
            i = end or i + n
        elif neg:  # "not ok", "não estou de acordo"; alone, a negation is a no
            end = _reach(keys, i + neg, lex, lex.phrases) or i + neg
            out.append(("no", i, end))
            i = end
        else:
            i += 1
    return out


def _signals(body: str, lex: _Lexicon) -> list[tuple[str, str]]:
    folded, found = fold(body), []
    for sentence in _SENTENCE.finditer(folded):
        tokens = list(_TOKEN.finditer(folded, sentence.start(), sentence.end()))
        keys = [t[0].replace("'", "") for t in tokens]
        question = "?" in sentence[0].rstrip()[-3:]
        for kind, first, end in _sentence_signals(keys, lex):
            span = body[tokens[first].start() : tokens[end - 1].end()]
            found.append(("hedge" if question else kind, span))
    return found


def read_approval(text: str, language: str | None) -> ApprovalReading:
    """A pre-read yes/no to an approval request; "unclear" unless one side alone is said."""
    body = _reply_body(text or "")
    if not _is_short(body):  # a long mail: only an answer on its first line counts
        first = re.search(r"\S[^\n]*", body)
        body = body[: first.end()] if first and _is_short(first[0]) else ""
    lexicons = [_lexicon((language,))] if language in LANGUAGES else []
    signals: list[tuple[str, str]] = []
    for lex in [*lexicons, _lexicon(LANGUAGES, language if language in LANGUAGES else None)]:
        if signals := _signals(body, lex):
            break
    kinds = {kind for kind, _ in signals}
    verdict: Verdict = "unclear"
    if kinds in ({"yes"}, {"no"}):
        verdict = "yes" if "yes" in kinds else "no"
    return ApprovalReading(verdict, tuple(words for _, words in signals))
