"""Attachments listed on the ticket and saved safely; each mail in full one call away."""

from __future__ import annotations

import pytest

from agent_tui.errors import NotFound
from agent_tui.services import mail_intake as mi
from agent_tui.services import ticket_files as tf
from agent_tui.services import ticket_queries as tq
from tests.mail.conftest import fixture_bytes, mail


def test_attachments_are_listed_on_the_ticket(ctx, settings):
    r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings)
    d = tq.get_ticket(ctx, r.ticket_number)
    assert [a.filename for a in d.attachments] == ["screenshot.png"]
    a = d.attachments[0]
    assert a.content_type == "image/png" and a.size > 0
    assert a.message_id in {m.id for m in d.messages}
    assert any(m.by_mail for m in d.messages)


def test_saving_writes_the_bytes_and_never_overwrites(ctx, settings, tmp_path):
    r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings)
    a = tq.get_ticket(ctx, r.ticket_number).attachments[0]
    _, data = tf.attachment_bytes(ctx, r.ticket_number, a.id)
    first = tf.save_attachment(ctx, r.ticket_number, a.id, tmp_path)
    second = tf.save_attachment(ctx, r.ticket_number, a.id, tmp_path)
    assert first.name == "screenshot.png" and second.name == "screenshot (2).png"
    assert first.read_bytes() == data == second.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_rfc2231_name_is_kept(ctx, settings, tmp_path):
    r = mi.intake(ctx, fixture_bytes("rfc2231_inline_image.eml"), settings)
    names = [a.filename for a in tq.get_ticket(ctx, r.ticket_number).attachments]
    assert "Résumé facture.pdf" in names


def test_another_tickets_attachment_is_not_found(ctx, settings):
    r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings)
    other = mi.intake(ctx, mail(message_id="other@x"), settings)
    a = tq.get_ticket(ctx, r.ticket_number).attachments[0]
    with pytest.raises(NotFound):
        tf.attachment_bytes(ctx, other.ticket_number, a.id)


@pytest.mark.parametrize("hostile, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("\x1b[31mred\x1b[0m.txt", "[31mred[0m.txt"),
    ("...", "attachment"),
    ("", "attachment"),
    ("a" * 500 + ".pdf", "a" * (tf.MAX_NAME - 4) + ".pdf"),
    ('what?<>:|*".doc', "what_______.doc"),
    ("rapport\u202egnp.exe", "rapportgnp.exe"),
])
def test_a_customers_file_name_is_made_safe(hostile, expected):
    assert tf.safe_filename(hostile) == expected


def test_the_full_mail_keeps_what_the_ticket_strips(ctx, settings):
    r = mi.intake(ctx, mail(message_id="first@x", body="It fails."), settings)
    reply = ("Still broken, see log.\r\n\r\nOn Mon, 2 Mar 2026 at 10:00, Desk <support@ourdesk.example> wrote:\r\n"
             "> Please send the log.\r\n")
    mi.intake(ctx, mail(subject=f"Re: [#{r.ticket_number}] PDF", message_id="second@x", body=reply), settings)
    d = tq.get_ticket(ctx, r.ticket_number)
    assert "Please send the log" not in d.messages[-1].body
    full = tf.full_mails(ctx, r.ticket_number)
    assert len(full) == 2
    assert "> Please send the log." in full[-1].text
    assert ("Message-ID", "<second@x>") in full[-1].headers
