"""Quote stripping beyond the library's languages, in the shapes the real corpus showed
(tests/mail/real, bench/mail_real.py): headers in any language, bottom-posting, wrapped headers,
forwards in our four languages — and never a cut through what the customer wrote."""

from __future__ import annotations

import pytest

from agent_tui.mail.quotes import new_text, split_forward


@pytest.mark.parametrize("text, expected", [
    # a header in a language the library does not know, wrapped over two lines
    ("Grazie, funziona.\n\nIl giovedì 8 dicembre 2016, Company <q@mycompany.com>\nha scritto:\n> Ciao\n> come va\n",
     "Grazie, funziona."),
    # Outlook-style block in French, no "> " at all
    ("Merci.\n\nDe : Company Questions<mailto:questions@company.com>\nEnvoyé le :jeudi 15 décembre 2016 09:35\n"
     "À : someone@hotmail.fr\nObjet :Curabitur\n\nold text\n", "Merci."),
    # bottom-posted: the customer answered below the quote
    ("On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello\n", "Hello"),
    # a line the client wrapped inside the quote
    ("Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Desk <d@x.example> wrote:\n> long line that\nwrapped here\n> end\n",
     "Thanks!"),
    # a byte-order mark before the header (Outlook 2019)
    ("Danke.\n\n\ufeffAm 28/10/2021, 12:46 schrieb \"John Doe\" <john.doe@acme.com>:\n\n> alt\n", "Danke."),
    # Outlook's rule line above the header block goes too
    ("Outlook with a reply\n\n____________________\nFrom: Bob <bob@x.com>\nSent: Monday\nTo: me\n\nold", "Outlook with a reply"),
])
def test_cut_where_the_quoted_mail_begins(text, expected):
    assert new_text(text) == expected


@pytest.mark.parametrize("text", [
    "Hello,\nName: Jana\nEmail: jana@x.com\nPhone: 0123 4567\n\nthe export fails",
    "Hello,\nSince 2 March my login jana@x.com fails with:\nError 503\n\nJana",
])
def test_what_the_customer_wrote_is_never_cut(text):
    assert new_text(text) == text.strip()


@pytest.mark.parametrize("separator", [
    "---------- Forwarded message ---------", "Begin forwarded message:", "-------- Weitergeleitete Nachricht --------",
    "Anfang der weitergeleiteten Nachricht:", "---------- Mensagem encaminhada ---------",
    "Início da mensagem reencaminhada:", "-------- Doorgestuurd bericht --------", "Begin doorgestuurd bericht:",
    "> Begin forwarded message:",
])
def test_forwards_in_our_languages(separator):
    above, forwarded = split_forward(f"See the error below.\n\n{separator}\nFrom: x@y.z\n\nError 42\n")
    assert above.strip() == "See the error below." and forwarded is not None
    assert new_text(f"See the error below.\n\n{separator}\nFrom: x@y.z\n\nError 42\n") == "See the error below."
    assert new_text(f"{separator}\nFrom: x@y.z\n\nError 42\n") == ""  # the intake keeps the whole mail then
