"""Pre-reading a customer's short reply: survey scores and approval yes/no, in en, de, pt, nl.

Written as customers write: lowercase, typos in the casing, emoji, a phone signature, a leftover
quoted line. The traps (dates, ticket numbers, "jaar", "simples", "nobody") are the point.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_tui.domain.reply_reading import ApprovalReading, ScoreReading, read_approval, read_score

SCORES = [
    # plain answers
    ("7", 7),
    ("7 – very easy", 7),
    ("7 - very easy!!", 7),
    ("6", 6),
    ("  5  ", 5),
    ("Score: 6", 6),
    ("score:6", 6),
    ("I'd give it a 6", 6),
    ("id give it a 6 tbh", 6),
    ("6/7", 6),
    ("6 / 7 🙂", 6),
    ("6 out of 7", 6),
    ("6 of 7, thanks", 6),
    ("6 von 7", 6),
    ("6 de 7", 6),
    ("6 van de 7", 6),
    ("Note 5", 5),
    ("5 Punkte", 5),
    ("nota 4, obrigada", 4),
    ("Ich gebe 3 Sterne", 3),
    ("cijfer 6", 6),
    ("7 ⭐", 7),
    ("7️⃣", 7),
    ("Great support, 7!", 7),
    ("7, really a 7", 7),
    # number words, four languages
    ("sieben", 7),
    ("Zeven!", 7),
    ("seven", 7),
    ("five out of seven", 5),
    ("sechs von sieben", 6),
    ("fünf", 5),
    ("funf", 5),
    ("sete", 7),
    ("três", 3),
    ("tres", 3),
    ("seis de sete", 6),
    ("vijf", 5),
    ("Een!", 1),
    ("Een 6.", 6),  # the article of the number (a real Thunderbird reply in tests/outbox/test_round_trip.py)
    ("um 7, obrigado", 7),
    ("One 7 from me", 7),
    ("nota um", 1),
    ("uma estrela", 1),
    ("zes van de zeven", 6),
    ("★★★★★", 5),
    ("★★★★☆", 4),
    # signatures, quotes, and what they contain
    ("7\n\nSent from my iPhone", 7),
    ("6\nVon meinem iPhone gesendet", 6),
    ("5\nEnviado do meu iPhone", 5),
    ("7\nVerstuurd vanaf mijn iPhone 12", 7),
    ("7\n> How easy was it (1-7)?\n> 1 = very hard", 7),
    ("7\n-- \nAna Silva\n+351 912 345 678", 7),
    ("6\nOn Mon, 5 May 2026 at 10:00, Helpdesk wrote:\n> Rate us 1 to 7", 6),
    ("7\nMet vriendelijke groet,\nJan de Vries\nKamer 4", 7),
    ("5\n\nAm Mo., 5. Mai 2026 um 10:00 Uhr schrieb Helpdesk <help@example.com>:\nBitte 1 bis 7", 5),
    ("zes\nOp ma 5 mei 2026 om 10:00 schreef Helpdesk <help@example.com>:\n1 2 3", 6),
    # numbers that are not scores, beside one that is
    ("6, ticket #1234 is solved", 6),
    ("[#1234] 5", 5),
    ("6 - fixed in 2 days", 6),
    ("5 – it took 3 hours", 5),
    ("on a scale of 1 to 7: 6", 6),
    ("6 (1-7)", 6),
    ("6 — since v2.1 it works", 6),
    ("6, my 1st ticket", 6),
    ("6, order no. 5 arrived", 6),
    ("7 😀 since 2019 a customer", 7),
    ("6, call me at 555-1234", 6),
    ("Ich gebe eine 6", 6),
    ("I rate it 7/7", 7),
    ("⭐️⭐️⭐️⭐️", 4),
    ("vier punten", 4),
    ("6 em 7", 6),
]

NOT_SCORES = [
    "8",
    "0",
    "10",
    "5 or 6",
    "5 oder 6",
    "6 ou 7",
    "5-6",
    "6 – no wait, 5",
    "12.05.2026",
    "on 12/05/2026",
    "5 May",
    "am 5. Mai",
    "5 de maio",
    "5 mei",
    "at 5:30",
    "um 5 Uhr",
    "om 5 uur",
    "5 pm",
    "#1234",
    "[#5]",
    "ticket 5",
    "call me: 0170 1234567",
    "+31 6 12345678",
    "v2.1",
    "version 2",
    "2.1",
    "6,5",
    "5 €",
    "€5",
    "$5",
    "5 euros",
    "5%",
    "1st",
    "3rd",
    "5 out of 10",
    "8/10 would recommend",
    "6 von 10",
    "3/4",
    "Thanks!",
    "Danke schön",
    "obrigado",
    "bedankt",
    "een goede service",
    "this one was easy",
    "uma boa experiência",
    "> 7",
    "> 7\n> great",
    "",
    "   ",
    "7 " + "word " * 45,
    "It was " + "really " * 60 + "good, 7",
    "Hi, thanks for the help with the printer. " * 8 + "7",
    "2 days ago, 5 times",
    "Rua 5",
    "Hauptstr. 5",
    "Dorpsstraat 3",
    "iPhone 7",
    "6,7",
    "6 7",
    "10/10",
]


@pytest.mark.parametrize(("text", "score"), SCORES)
def test_a_short_answer_records_its_score(text, score):
    reading = read_score(text)
    assert isinstance(reading, ScoreReading)
    assert reading.score == score
    start, end = reading.span
    assert text[start:end] == reading.matched and reading.matched.strip()


@pytest.mark.parametrize("text", NOT_SCORES)
def test_no_score_when_absent_ambiguous_or_not_a_score(text):
    assert read_score(text) is None


def test_the_scale_is_a_parameter():
    assert read_score("9", 0, 10).score == 9
    assert read_score("9 out of 10", 0, 10).score == 9
    assert read_score("0", 0, 10).score == 0
    assert read_score("6 out of 7", 0, 10) is None  # another scale: not an answer to this survey
    assert read_score("11", 0, 10) is None


def test_the_span_indexes_the_text_as_given():
    text = "> quoted 3\nIch würde sagen: fünf!"
    reading = read_score(text)
    assert reading.score == 5 and reading.matched == "fünf" and text[slice(*reading.span)] == "fünf"


APPROVALS = [
    # English
    ("yes", "en", "yes"),
    ("Yes please!", "en", "yes"),
    ("YES", "en", "yes"),
    ("ok", "en", "yes"),
    ("Okay, go ahead 👍", "en", "yes"),
    ("sounds good", "en", "yes"),
    ("Agreed.", "en", "yes"),
    ("fine by me", "en", "yes"),
    ("approved", "en", "yes"),
    ("please do", "en", "yes"),
    ("no problem, go ahead", "en", "yes"),
    ("yes\n\nSent from my iPhone", "en", "yes"),
    ("👍", "en", "yes"),
    ("no", "en", "no"),
    ("No.", "en", "no"),
    ("don't", "en", "no"),
    ("dont do it", "en", "no"),
    ("please do not", "en", "no"),
    ("not yet", "en", "no"),
    ("Please wait until monday", "en", "no"),
    ("hold off for now", "en", "no"),
    ("not ok", "en", "no"),
    ("I'm not okay with that", "en", "no"),
    ("don't go ahead", "en", "no"),
    ("yes but not today", "en", "unclear"),
    ("maybe", "en", "unclear"),
    ("I'm not sure", "en", "unclear"),
    ("ok?", "en", "unclear"),
    ("Is it ok to do this on monday?", "en", "unclear"),
    ("okayish", "en", "unclear"),
    ("nobody told me about this", "en", "unclear"),
    ("Thanks!", "en", "unclear"),
    ("of course", "en", "yes"),
    ("Of course not!", "en", "no"),
    ("Why not?", "en", "unclear"),  # a question: left to the agent
    ("No, go ahead", "en", "unclear"),
    ("Yep 👍🏻", "en", "yes"),
    # German
    ("ja", "de", "yes"),
    ("Ja, gerne!", "de", "yes"),
    ("einverstanden", "de", "yes"),
    ("passt", "de", "yes"),
    ("in ordnung", "de", "yes"),
    ("Genehmigt.", "de", "yes"),
    ("Machen Sie das 🙂", "de", "yes"),
    ("nein", "de", "no"),
    ("Nein danke", "de", "no"),
    ("noch nicht", "de", "no"),
    ("bitte warten", "de", "no"),
    ("nicht einverstanden", "de", "no"),
    ("Das passt mir nicht", "de", "no"),
    ("Machen Sie das bitte nicht", "de", "no"),
    ("passt noch nicht", "de", "no"),
    ("Ja, aber noch nicht", "de", "unclear"),
    ("vielleicht", "de", "unclear"),
    ("Weiß ich nicht", "de", "unclear"),
    ("natürlich nicht", "de", "no"),
    ("Nö", "de", "no"),
    # Portuguese (Portugal and Brazil)
    ("sim", "pt", "yes"),
    ("Sim, pode avançar", "pt", "yes"),
    ("pode avancar", "pt", "yes"),
    ("concordo", "pt", "yes"),
    ("de acordo", "pt", "yes"),
    ("tá bom", "pt", "yes"),
    ("ta bom, pode fazer", "pt", "yes"),
    ("Está bem, aprovado.", "pt", "yes"),
    ("não", "pt", "no"),
    ("nao", "pt", "no"),
    ("ainda não", "pt", "no"),
    ("espere por favor", "pt", "no"),
    ("aguarde", "pt", "no"),
    ("não concordo", "pt", "no"),
    ("Nao estou de acordo", "pt", "no"),
    ("sim, mas ainda não", "pt", "unclear"),
    ("talvez", "pt", "unclear"),
    ("claro que não", "pt", "no"),
    ("Pode sim 😊", "pt", "yes"),
    ("simples", "pt", "unclear"),
    ("Já fiz isso ontem", "pt", "unclear"),  # "já" (already) is not the German/Dutch "ja"
    ("a minha prima ligou", "pt", "unclear"),
    # Dutch
    ("ja", "nl", "yes"),
    ("Ja hoor 👍", "nl", "yes"),
    ("akkoord", "nl", "yes"),
    ("prima!", "nl", "yes"),
    ("doe maar", "nl", "yes"),
    ("graag", "nl", "yes"),
    ("oké, goedgekeurd", "nl", "yes"),
    ("nee", "nl", "no"),
    ("nog niet", "nl", "no"),
    ("wacht even", "nl", "no"),
    ("niet akkoord", "nl", "no"),
    ("Ik ga niet akkoord", "nl", "no"),
    ("doe maar niet", "nl", "no"),
    ("ja, maar nog niet", "nl", "unclear"),
    ("misschien", "nl", "unclear"),
    ("natuurlijk niet", "nl", "no"),
    ("nee hoor", "nl", "no"),
    ("volgend jaar", "nl", "unclear"),
    ("mijn nicht belt u", "nl", "unclear"),  # "nicht" is a niece in Dutch
    # the ticket's language first, then all four
    ("sim", "de", "yes"),
    ("sim", "en", "unclear"),  # "SIM" (card) is English: a false friend, left to the agent
    ("ja", "en", "yes"),
    ("nein", "en", "no"),
    ("yes", "pt", "yes"),
    ("ok", None, "yes"),
    ("niet akkoord", None, "no"),
    ("the SIM card is new", "en", "unclear"),
    # quotes, signatures, long mail
    ("> yes", "en", "unclear"),
    ("> ja\n> gerne", "de", "unclear"),
    ("Yes\n> Can we restart the server tonight? Reply yes or no.", "en", "yes"),
    ("ok\n-- \nNo Name Ltd", "en", "yes"),
    ("Sim\nEm seg., 5 de mai. de 2026, Helpdesk <help@example.com> escreveu:\nnão?", "pt", "yes"),
    ("Yes, go ahead.\n\n" + "Some more context about our setup. " * 20, "en", "yes"),
    ("Some more context about our setup. " * 20 + "\nyes", "en", "unclear"),
    ("", "en", "unclear"),
]


@pytest.mark.parametrize(("text", "language", "verdict"), APPROVALS)
def test_approval_is_pre_read(text, language, verdict):
    reading = read_approval(text, language)
    assert isinstance(reading, ApprovalReading)
    assert reading.verdict == verdict
    for words in reading.matched:
        assert words in text  # as the customer wrote them, for the agent to see
    if verdict != "unclear":
        assert reading.matched


def test_matched_words_are_shown_as_written():
    assert read_approval("Não concordo!", "pt").matched == ("Não concordo",)
    assert read_approval("Ja, aber noch nicht", "de").matched == ("Ja", "noch nicht")


def test_the_data_file_is_consistent():
    from agent_tui.domain import reply_reading as rr

    data = rr._data()
    assert set(rr.LANGUAGES) <= set(data)
    for lang in rr.LANGUAGES:
        yes = {rr._key(w) for w in data[lang]["yes"]}
        no = {rr._key(w) for w in data[lang]["no"]}
        assert not yes & no, lang
        assert set(data[lang]["article_numbers"]) <= set(data[lang]["numbers"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=120), st.integers(0, 5), st.integers(0, 10))
def test_a_score_is_never_outside_the_scale(text, low, width):
    high = low + width
    reading = read_score(text, low, high)
    if reading is not None:
        assert low <= reading.score <= high
        assert text[slice(*reading.span)] == reading.matched


_LINE = st.text(st.characters(blacklist_characters="\n"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6), st.sampled_from(["en", "de", "pt", "nl", None]))
def test_a_reply_of_quoted_lines_only_reads_nothing(lines, language):
    text = "\n".join(">" + line for line in lines)
    assert read_score(text) is None
    assert read_approval(text, language) == ApprovalReading("unclear", ())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["7", "sieben", "zeven", "sete", "6 out of 7"]), st.lists(_LINE, max_size=4))
def test_quoted_lines_never_change_a_score(answer, quoted):
    alone = read_score(answer)
    text = "\n".join([answer, *(">" + line for line in quoted)])
    assert read_score(text).score == alone.score
