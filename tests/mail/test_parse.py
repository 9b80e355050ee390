"""Real-shaped mails (tests/mail/fixtures, in the formats Gmail, Outlook, Apple Mail, Thunderbird and
phones produce, in English, German, Portuguese and Dutch) and what the parser must make of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_tui.mail.parse import MailParseError, decode_bytes, parse_mail, ticket_reference
from agent_tui.mail.quotes import new_text

FIXTURES = Path(__file__).with_name("fixtures")

# file: (sender, subject, new text, attachments [(name, type, inline)], kind, thread ids, ticket ref)
EXPECTED = {
    "gmail_en_new.eml": (
        "Jana.Novak@Brightlane.example", "PDF export shows wrong totals",
        "Hi,\n\nwhen I export the monthly report to PDF the totals are wrong (they show 0,00).\n"
        "Steps: Reports > Monthly > Export PDF.\nBrowser: Chrome 131 on Windows 11.",
        [("screenshot.png", "image/png", False)], "normal", (), None),
    "gmail_en_reply.eml": (
        "jana.novak@brightlane.example", "Re: [#1001] PDF export shows wrong totals",
        "It still happens after the update.", [], "normal",
        ("ticket-1001-1@ourdesk.example", "CAH7x9kP3nQ1=Zt5sA@mail.gmail.com"), 1001),
    "outlook_de_reply.eml": (
        "J.Weiss@mueller-gmbh.example", "AW: [#1002] Bericht zeigt falsche Summen",
        "Hallo,\n\ndas Problem besteht weiterhin, die Summen im Bericht sind falsch.", [], "normal",
        ("ticket-1002-1@ourdesk.example",), 1002),
    "apple_pt_reply.eml": (
        "ana.souza@exemplo.com.br", "Re: [#1003] Não consigo publicar o relatório",
        "Obrigado, já funciona!", [], "normal", ("ticket-1003-1@ourdesk.example",), 1003),
    "thunderbird_nl_reply.eml": (
        "jan@voorbeeld.nl", "Re: [#1004] Rapport exporteren mislukt",
        "Het werkt nog steeds niet, ik krijg foutmelding E-503 bij het exporteren.", [], "normal",
        ("ticket-1004-1@ourdesk.example",), 1004),
    "outlook_en_original.eml": (
        "Robert.Smith@contoso.example", "RE: [#1005] Users cannot log in",
        "All 40 users are affected since this morning.\n\nRobert", [], "normal",
        ("ticket-1005-2@ourdesk.example",), 1005),
    "html_only_de_wrong_charset.eml": (
        "graefin@beispiel.de", "Berichte laden nicht – dringend",
        "Guten Tag,\n\ndie Seite [Berichte](https://app.example/reports?id=7) lädt nicht, "
        "Fehlermeldung: „Zeitüberschreitung“.", [], "normal", (), None),
    "rfc2231_inline_image.eml": (
        "marie@exemple.fr", "Invoice layout broken", "See the screenshot: the total column is cut off.",
        [("part-3.png", "image/png", True), ("Résumé facture.pdf", "application/pdf", False)], "normal", (), None),
    "smime_signed.eml": (
        "sec@bank.example", "Signed: access request", "Please grant access to the audit module.",
        [("log.txt", "text/plain", False), ("smime.p7s", "application/pkcs7-signature", False)], "normal", (), None),
    "autoreply_de.eml": (
        "j.weiss@mueller-gmbh.example", "Abwesenheitsnotiz: [#1002] Bericht zeigt falsche Summen",
        "Ich bin bis zum 10.03. nicht im Büro.", [], "auto_reply", (), 1002),
    "ooo_nl_subject.eml": (
        "jan@voorbeeld.nl", "Automatisch antwoord: Rapport exporteren mislukt",
        "Ik ben afwezig tot maandag.", [], "auto_reply", (), None),
    "iso2022jp.eml": ("yamada@example.jp", "請求書", "請求書が表示されません。", [], "normal", (), None),
    "gb2312_label_gbk.eml": ("li@example.cn", "报表错误", "报表导出失败，镕", [], "normal", (), None),
    "cp1251.eml": ("ivan@example.ru", "Ошибка отчёта", "Отчёт не открывается.", [], "normal", (), None),
    "utf7.eml": ("old@example.org", "utf-7 body", "Preço: 10 €", [], "normal", (), None),
    "no_message_id_reply_to.eml": (
        "Piet.Jansen@Voorbeeld.NL", "Contact form: app crashes on start",
        "The app crashes right after the splash screen.", [], "normal", (), None),
}


class TestRealClientMails:
    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_parser_reads_what_the_client_wrote(self, name):
        sender, subject, text, attachments, kind, thread, ref = EXPECTED[name]
        mail = parse_mail((FIXTURES / name).read_bytes())
        assert mail.sender == sender
        assert mail.subject == subject
        assert mail.new_text == text
        assert [(a.filename, a.content_type, a.inline) for a in mail.attachments] == attachments
        assert mail.kind == kind
        assert set(thread) <= set(mail.in_reply_to) | set(mail.references)
        assert ticket_reference(mail.subject) == ref

    def test_every_fixture_has_an_expectation(self):
        names = {p.name for p in FIXTURES.glob("*.eml")}
        assert names - set(EXPECTED) == {"bounce_dsn.eml", "broken_no_from.eml"}

    def test_the_full_text_keeps_the_quote(self):
        mail = parse_mail((FIXTURES / "gmail_en_reply.eml").read_bytes())
        assert "please update to 4.2.1" in mail.text

    def test_a_mail_without_message_id_gets_its_content_hash(self):
        mail = parse_mail((FIXTURES / "no_message_id_reply_to.eml").read_bytes())
        assert mail.message_id.startswith("sha256:") and len(mail.message_id) == 7 + 64

    def test_cc_and_display_name_are_kept(self):
        mail = parse_mail((FIXTURES / "gmail_en_new.eml").read_bytes())
        assert mail.cc == ("erik@brightlane.example",) and mail.from_name == "Jana Novak"

    def test_attachment_bytes_are_decoded(self):
        mail = parse_mail((FIXTURES / "smime_signed.eml").read_bytes())
        assert mail.attachments[0].data == b"error 603\n"  # uuencoded in the mail

    def test_a_wrong_charset_declaration_is_noted(self):
        mail = parse_mail((FIXTURES / "html_only_de_wrong_charset.eml").read_bytes())
        assert any("iso-8859-1" in p for p in mail.problems)


class TestBounces:
    def test_a_delivery_status_report_names_the_mail_and_recipient_that_bounced(self):
        mail = parse_mail((FIXTURES / "bounce_dsn.eml").read_bytes())
        assert mail.kind == "bounce"
        assert mail.bounced_message_ids == ("ticket-1001-1@ourdesk.example",)
        assert mail.bounced_recipients == ("old.address@brightlane.example",)

    def test_a_mailer_daemon_plain_text_bounce_is_recognised(self):
        raw = (b"From: MAILER-DAEMON@mx.example\r\nTo: support@ourdesk.example\r\nSubject: failure notice\r\n"
               b"Message-ID: <d2@mx.example>\r\n\r\nSorry.\r\n\r\n--- Below this line is a copy of the message.\r\n"
               b"Message-ID: <ticket-7-1@ourdesk.example>\r\nSubject: x\r\n")
        mail = parse_mail(raw)
        assert mail.kind == "bounce" and mail.bounced_message_ids == ("ticket-7-1@ourdesk.example",)


class TestAutoReplies:
    @pytest.mark.parametrize("header", ["Auto-Submitted: auto-generated", "X-Autoreply: yes", "X-Autorespond: x",
                                        "Precedence: bulk", "Precedence: junk", "Precedence: list"])
    def test_automatic_headers(self, header):
        raw = f"From: a@b.example\r\nSubject: hello\r\nMessage-ID: <a1@b>\r\n{header}\r\n\r\nbody\r\n".encode()
        assert parse_mail(raw).kind == "auto_reply"

    def test_auto_submitted_no_is_a_person(self):
        raw = b"From: a@b.example\r\nSubject: hello\r\nAuto-Submitted: no\r\n\r\nbody\r\n"
        assert parse_mail(raw).kind == "normal"

    @pytest.mark.parametrize("subject", ["Out of Office: your ticket", "Automatic reply: Re: x", "Autoreply",
                                         "Abwesenheitsnotiz", "Automatische Antwort: AW: x",
                                         "Resposta automática: x", "Ausente do escritório",
                                         "Afwezig: x", "Automatisch antwoord: x"])
    def test_out_of_office_subjects_in_four_languages(self, subject):
        raw = f"From: a@b.example\r\nSubject: {subject}\r\n\r\nbody\r\n".encode()
        assert parse_mail(raw).kind == "auto_reply"

    @pytest.mark.parametrize("subject", ["Office 365 login broken", "Away mode does not work", "Re: out of stock"])
    def test_ordinary_subjects_are_not(self, subject):
        raw = f"From: a@b.example\r\nSubject: {subject}\r\n\r\nbody\r\n".encode()
        assert parse_mail(raw).kind == "normal"


class TestBrokenMail:
    @pytest.mark.parametrize("raw", [b"", b"   \r\n", (FIXTURES / "broken_no_from.eml").read_bytes(),
                                     b"\x00\x01\x02 not a mail at all"])
    def test_unreadable_mail_raises_with_a_reason(self, raw):
        with pytest.raises(MailParseError):
            parse_mail(raw)

    def test_invalid_utf8_and_nul_bytes_are_read(self):
        raw = b"From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbad \xff\xfe and \x00 nul\r\n"
        assert "nul" in parse_mail(raw).text

    def test_eight_bit_header_bytes(self):
        raw = "From: Jürgen <j@b.example>\r\nSubject: Grüße\r\n\r\nx\r\n".encode()
        mail = parse_mail(raw)
        assert mail.subject == "Grüße" and mail.from_name == "Jürgen"


class TestCharsets:
    @pytest.mark.parametrize("declared,data,expected", [
        ("utf-8", "Grüße".encode(), "Grüße"),
        ("iso-8859-1", "Grüße".encode(), "Grüße"),  # UTF-8 labelled latin-1
        ("us-ascii", "café".encode("cp1252"), "café"),  # 8-bit in "ascii"
        ("utf-8", "café".encode("cp1252"), "café"),  # labelled UTF-8, really windows-1252
        ("x-unknown", "naïve".encode(), "naïve"),
        ("gb2312", "镕".encode("gbk"), "镕"),
        ("", "Grüße".encode(), "Grüße"),
    ])
    def test_declared_charsets_and_wrong_declarations(self, declared, data, expected):
        assert decode_bytes(data, declared, []) == expected


class TestQuotedReplies:
    @pytest.mark.parametrize("text,expected", [
        ("Thanks, that worked.\n\nOn Mon, 3 Nov 2026 at 10:00, Support <s@x.com> wrote:\n> old\n", "Thanks, that worked."),
        ("Danke.\n\nAm 03.11.2026 um 10:00 schrieb Support <s@x.com>:\n> alt\n", "Danke."),
        ("Obrigado.\n\nEm seg., 3 de nov. de 2026 às 10:00, Suporte <s@x.com> escreveu:\n> velho\n", "Obrigado."),
        ("Bedankt.\n\nOp ma 3 nov. 2026 om 10:00 schreef Support <s@x.com>:\n> oud\n", "Bedankt."),
        ("Bedankt.\n\nOp 3 nov. 2026 om 10:00 heeft Support <s@x.com> het volgende geschreven:\n\n> oud\n", "Bedankt."),
        ("Works.\n\n-----Original Message-----\nFrom: S\nSent: Monday\nSubject: x\n\nold\n", "Works."),
        ("Geht.\n\n-----Ursprüngliche Nachricht-----\nVon: S\nGesendet: Mo\n\nalt\n", "Geht."),
        ("Geht.\n\nVon: S <s@x.com>\nGesendet: Montag\nAn: K\nBetreff: AW: x\n\nalt\n", "Geht."),
        ("Já está.\n\nDe: S <s@x.com>\nEnviado: segunda-feira\nPara: C\nAssunto: RE: x\n\nvelho\n", "Já está."),
        ("Já está.\n\n-----Mensagem original-----\nDe: S\n\nvelho\n", "Já está."),
        ("Werkt.\n\nVan: S <s@x.com>\nVerzonden: maandag\nAan: K\nOnderwerp: RE: x\n\noud\n", "Werkt."),
        ("Werkt.\n\n-----Oorspronkelijk bericht-----\nVan: S\n\noud\n", "Werkt."),
        ("ok\n\n-- \nJane Doe\nACME\n", "ok"),
        ("fine\n\nSent from my iPhone\n", "fine"),
        ("passt\n\nVon meinem iPhone gesendet\n", "passt"),
        ("certo\n\nEnviado do meu iPhone\n", "certo"),
        ("prima\n\nVerzonden vanaf mijn iPhone\n", "prima"),
        ("Steps:\n- open app\n- click save\n\nIt crashes.", "Steps:\n- open app\n- click save\n\nIt crashes."),
        ("> only a quote\n", "> only a quote"),
    ])
    def test_only_the_new_text_is_kept(self, text, expected):
        assert new_text(text) == expected
