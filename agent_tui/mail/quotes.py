"""Only what the customer newly wrote: quoted replies, signatures and mobile footers stripped.

Library: ``mail-parser-reply`` (maintained, multi-language, patterns kept as data per language).
Compared with ``email_reply_parser`` (English only, unmaintained since 2020) and ``talon``
(unmaintained since 2017, pulls in an ML model and old lxml pins), it is the only one that knows
German and Dutch headers at all. Where it falls short for our four languages (no Portuguese; Dutch
Gmail/Apple Mail headers name the sender after "schreef"; the German "Ursprüngliche Nachricht"
and "Von meinem iPhone gesendet"; the Portuguese and Dutch Outlook separators) we extend it with
data: the extra entries below are registered as languages of their own (``agent-tui-xx``), so the
library's own entries stay untouched and a library update keeps working.
"""

from __future__ import annotations

import re

from mailparser_reply import constants as _mpr
from mailparser_reply.parser import EmailMessage

_Q = _mpr.QUOTED_MATCH_INCLUDE


def _outlook_block(*names: str) -> str:
    """The library's shape for an Outlook header block: at least two of these ``Name:`` lines."""
    return (r"((?:(?:^|\n|\n" + _Q + r")[* ]*(?:" + "|".join(names)
            + r"):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})")


# Extensions per language, in the library's format (regexes; lists are or-ed).
EXTRA_LANGUAGES: dict[str, dict[str, object]] = {
    "agent-tui-en": {
        "wrote_header": r"^(" + _Q + r"-{3,}\s*(?:Forwarded message|Original Message)\s*-{3,})$",
        "sent_from": r"Sent from my|Sent from Mail for|Get Outlook for|Sent from Outlook for|Sent from Yahoo Mail",
    },
    "agent-tui-de": {
        "wrote_header": r"^(" + _Q + r"-{3,}\s*(?:Urspr(?:ü|ue)ngliche Nachricht|Weitergeleitete Nachricht)\s*-{3,})$",
        "sent_from": r"Von meinem|Gesendet von meinem|Gesendet mit der|Von Outlook f(?:ü|ue)r",
    },
    "agent-tui-pt": {
        # Gmail: "Em seg., 3 de nov. de 2026 às 10:00, Suporte <s@x> escreveu:"; Apple: "Em 3 de nov. ... escreveu:"
        "wrote_header": r"^(?!Em[.\s]*Em\s.+?escreveu:)(" + _Q + r"(?:Em|No dia)\s(?:.+?\s?.+?)\s?escreveu:)$",
        "from_header": _outlook_block("De", "Enviado", "Enviada", "Para", "Assunto", "Data", "Cc"),
        "signatures": [r"Atenciosamente", r"Com os melhores cumprimentos", r"Melhores cumprimentos",
                       r"Cumprimentos", r"Abra(?:ç|c)os", r"Obrigad[oa],"],
        "sent_from": r"Enviado do meu|Enviado a partir do meu|Enviado de meu|Obter o Outlook para",
        "disclaimers": [r"Aviso:"],
    },
    "agent-tui-pt-sep": {
        "wrote_header": r"^(" + _Q + r"-{3,}\s*(?:Mensagem original|Mensagem encaminhada)\s*-{3,})$",
    },
    "agent-tui-nl": {
        # Gmail: "Op ma 3 nov 2026 om 10:00 schreef Support <s@x>:"; Apple Mail: "Op 3 nov. 2026 om
        # 10:00 heeft Support <s@x> het volgende geschreven:"
        "wrote_header": r"^(" + _Q + r"Op\s(?:.+?\s?.+?)\s(?:schreef(?:\s.+?)?|het volgende geschreven)\s?:)$",
        "sent_from": r"Verzonden vanaf mijn|Verstuurd vanaf mijn|Verzonden met|Outlook voor \w+ downloaden",
        "signatures": [r"Met vriendelijke groet(?:en)?", r"Vriendelijke groet(?:en)?", r"Groet(?:en|jes)?,"],
    },
    "agent-tui-nl-sep": {
        "wrote_header": r"^(" + _Q + r"-{3,}\s*(?:Oorspronkelijk bericht|Doorgestuurd bericht)\s*-{3,})$",
    },
}
for _name, _data in EXTRA_LANGUAGES.items():
    _mpr.MAIL_LANGUAGES.setdefault(_name, _data)  # the parser reads this same dict

LANGUAGES = ["en", "de", "nl", *EXTRA_LANGUAGES]
_TRAILING_QUOTE = re.compile(r"(?:\n[ \t]*>[^\n]*)+\s*\Z")


def new_text(text: str) -> str:
    """The customer's newest text; the whole text when nothing above the quote is left."""
    if not text.strip():
        return ""
    try:
        message = EmailMessage(text=text, languages=list(LANGUAGES), keep_hyphen_lists=True).read()
    except re.error:  # pragma: no cover - our patterns compile (tested); never lose a mail over them
        return text.strip()
    reply = message.replies[0].body if message.replies else ""
    reply = _TRAILING_QUOTE.sub("", "\n" + reply).strip()
    return reply or text.strip()
