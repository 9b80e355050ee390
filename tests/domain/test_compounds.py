"""Article-side compound splitting (issue 17, measured and dropped: see bench/README.md)."""

from agent_tui.domain.compounds import compound_terms, split_compound, vocabulary
from agent_tui.domain.textsearch import stem

KNOWN = vocabulary(["Die Kopie und die Sicherung", "een sleutel en privé gegevens", "Gruppe Chat sich erstellen"])


def test_a_compound_splits_into_two_known_words_dropping_a_linking_letter():
    assert split_compound("Sicherungskopie", KNOWN) == ("sicherung", "kopie")
    assert split_compound("privésleutel", KNOWN) == ("privé", "sleutel")
    assert split_compound("Gruppenchat", KNOWN) == ("gruppe", "chat")


def test_no_split_without_both_parts_known_or_into_a_stop_word():
    assert split_compound("Einstellungen", KNOWN) is None
    assert split_compound("sicherstellen", KNOWN) is None  # "sich" is a stop word
    assert split_compound("Kopie", KNOWN) is None  # too short


def test_terms_are_the_parts_stems_and_only_for_german_and_dutch():
    assert compound_terms("Eine Sicherungskopie", "de", KNOWN).split() == [stem("sicherung", "de"), stem("kopie", "de")]
    assert compound_terms("Sicherungskopie", "en", KNOWN) == ""
