"""Outbox delivery throughput: N queued mails through ``agent_tui.mail.send.flush`` to a local SMTP
server (aiosmtpd on 127.0.0.1), against a bare smtplib loop sending the same mails over one
connection, measured in the same run.

Run by hand from the repository root:

    python bench/outbox.py                 # 10,000 mails
    python bench/outbox.py --mails 1000    # quick run
    python bench/outbox.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

(a) ``flush``: claim a batch with one conditional UPDATE, build each mail (threading headers, body),
    send it, record it sent (every 20) — what the app and ``agent-tui outbox flush`` do;
(b) the floor: the same ``EmailMessage`` objects, built beforehand, sent by ``smtplib`` in a loop.
It prints mails/s for each, the ratio a/b, and checks that the server got every mail exactly once.
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_store(url: str | None, folder: Path, mails: int):
    from sqlalchemy import insert, text

    from agent_tui.domain.clock import SystemClock
    from agent_tui.mail import templates as tpl
    from agent_tui.services import Context
    from agent_tui.services import intake as ti
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.store.db import open_database, sqlite_url
    from agent_tui.store.migrate import upgrade
    from agent_tui.store.models import OutboundMail

    db = open_database(url or sqlite_url(folder / "bench.db"))
    if url:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(db)
    ctx = Context(db, SystemClock(), "system")
    install_shipped_presets(ctx)
    tickets = []
    for i in range(100):
        d = ti.create_ticket(ctx, f"Export number {i} shows wrong totals", "The totals are wrong.",
                             ti.CustomerInput(email=f"customer{i}@example.com", name=f"Customer {i}"),
                             language=("en", "de", "pt", "nl")[i % 4])
        tickets.append((d.number, i))
    now = ctx.clock.now()
    rows = []
    with db.read() as s:
        ids = dict(s.execute(text("SELECT number, id FROM tickets")).all())
    for n in range(mails):
        number, i = tickets[n % len(tickets)]
        lang = ("en", "de", "pt", "nl")[i % 4]
        r = tpl.render("reply", lang, {"number": number, "reference": f"[#{number}]", "subject": "Export",
                                       "customer_name": f"Customer {i}", "desk_name": "Bench Support",
                                       "body": f"Answer {n}: the export is fixed in 4.2.2.\n" * 5})
        rows.append(dict(ticket_id=ids[number], kind="reply", language=lang, template_language=r.language,
                         to_addr=f"customer{i}@example.com", cc=[], subject=f"[#{number}] {r.subject}", body=r.body,
                         message_id=f"bench{n}.t{number}@bench.example", in_reply_to=f"c{number}@example.com",
                         references=[f"c{number}@example.com"], auto=False, state="queued", attempts=0,
                         next_attempt_at=now, last_error="", claimed_by="", sent_via="", created_at=now))
    with db.transaction() as s:
        for start in range(0, len(rows), 1000):
            s.execute(insert(OutboundMail), rows[start:start + 1000])
    return ctx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL to run (a) on (its schema is wiped)")
    args = parser.parse_args()

    from sqlmodel import select

    from agent_tui.mail.send import SmtpTransport, build, flush
    from agent_tui.mail.settings import MailSettings, SmtpSettings
    from agent_tui.store.models import OutboundMail
    from tests.outbox.smtpd import SmtpServer

    with tempfile.TemporaryDirectory() as tmp, SmtpServer() as server:
        ctx = build_store(args.postgres or None, Path(tmp), args.mails)
        settings = MailSettings(address="support@bench.example", desk_name="Bench Support",
                                smtp=SmtpSettings(host="127.0.0.1", port=server.port, security="none"))
        with ctx.db.read() as s:
            prepared = [build(r, settings) for r in s.exec(select(OutboundMail).order_by(OutboundMail.id)).all()]

        def floor() -> float:
            """(b): a bare smtplib loop over the same mails, built beforehand."""
            t0 = time.perf_counter()
            with smtplib.SMTP("127.0.0.1", server.port) as conn:
                for msg in prepared:
                    conn.send_message(msg, from_addr=settings.address, to_addrs=[msg["To"]])
            took = time.perf_counter() - t0
            assert len(server.received) == args.mails
            server.recorder.received.clear()
            return took

        bare_before = floor()

        # (a) the outbox
        t0 = time.perf_counter()
        report = flush(ctx, settings, transport=SmtpTransport(settings.smtp))  # type: ignore[arg-type]
        ours = time.perf_counter() - t0
        got = [m.message["Message-ID"] for m in server.received]
        assert report.sent == args.mails, report
        assert len(got) == args.mails and len(set(got)) == args.mails, "a mail was lost or sent twice"
        with ctx.db.read() as s:
            states = {r.state for r in s.exec(select(OutboundMail)).all()}
        assert states == {"sent"}, states
        server.recorder.received.clear()
        bare = min(bare_before, floor())  # the floor measured before and after (a), the faster counts

    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.mails:,} mails, store on {backend}, SMTP server aiosmtpd on 127.0.0.1 (same process)")
    print(f"  (b) bare smtplib loop   {bare:7.2f} s  {args.mails / bare:8.0f} mails/s")
    print(f"  (a) outbox flush        {ours:7.2f} s  {args.mails / ours:8.0f} mails/s")
    print(f"  ratio a/b               {ours / bare:7.2f}x   (every mail received exactly once: yes)")


if __name__ == "__main__":
    main()
