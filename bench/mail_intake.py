"""Mail intake throughput: a Maildir of N mails through the whole intake vs a bare stdlib parse.

Run by hand from the repository root:

    python bench/mail_intake.py                 # 10,000 mails (several minutes on 2 busy cores)
    python bench/mail_intake.py --mails 1000    # quick run

Builds a Maildir of real-shaped mails (new questions, replies threaded by subject reference and
by In-Reply-To, HTML-only mail, attachments, quoted replies, auto-replies, a few broken ones) and
measures, each in a fresh process so peak memory is its own:
  (b) a bare stdlib parse of every file (``BytesParser(policy=default)`` + the body's text): the floor;
  (a) ``maildir_source`` + ``take_in`` into a fresh SQLite store: parse, thread, strip quotes,
      store raw + attachments, create/update tickets, move each mail to cur/ — at N/10 and at N mails.
It prints mails/s, the ratio a/b, and the peak RSS of (a) at both sizes (flat when the ratio of
the peaks stays near 1 while the mailbox grows tenfold).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, resource, sys, time
mode, maildir, db = sys.argv[1], sys.argv[2], sys.argv[3]
from pathlib import Path
t0 = time.perf_counter()
if mode == "stdlib":
    from email import policy
    from email.parser import BytesParser
    n = 0
    for sub in ("new", "cur"):
        for f in sorted(Path(maildir, sub).iterdir()):
            msg = BytesParser(policy=policy.default).parsebytes(f.read_bytes())
            body = msg.get_body(preferencelist=("plain", "html"))
            try:
                body.get_content() if body is not None else ""
            except (LookupError, UnicodeError):
                pass
            n += 1
else:
    from agent_tui.domain.clock import SystemClock
    from agent_tui.mail.settings import MailSettings
    from agent_tui.mail.sources import maildir_source, take_in
    from agent_tui.services import Context
    from agent_tui.services.demo import install_shipped_presets
    from agent_tui.store.db import open_database, sqlite_url
    from agent_tui.store.migrate import upgrade
    database = open_database(sqlite_url(Path(db)))
    upgrade(database)
    ctx = Context(database, SystemClock(), "system")
    install_shipped_presets(ctx)
    t0 = time.perf_counter()
    settings = MailSettings(own_addresses=("support@ourdesk.example",), max_per_sender_per_hour=0)
    report = take_in(ctx, maildir_source(Path(maildir)), settings)
    n = len(report.results)
    counts = {s: report.count(s) for s in ("stored", "ignored", "duplicate", "quarantined")}
elapsed = time.perf_counter() - t0
out = {"mails": n, "seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
if mode != "stdlib":
    out["counts"] = counts
print(json.dumps(out))
"""

PNG = (b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
SUBJECTS = ["PDF export shows wrong totals", "Bericht zeigt falsche Summen", "Não consigo publicar o relatório",
            "Rapport exporteren mislukt", "Login fails after update", "Upload stops at 99 %"]
BODIES = ["When I export the report the totals are wrong.\nBrowser: Chrome 131 on Windows 11.",
          "Beim Export sind die Summen falsch.\nFehlermeldung: E-503",
          "Ao publicar aparece o erro 503.\nSistema: iOS 17",
          "Het exporteren mislukt met foutmelding E-503."]


def _mail(i: int, rng: random.Random, threads: list[tuple[int, str]]) -> bytes:
    sender = f"customer{rng.randrange(2000)}@example{rng.randrange(50)}.example"
    mid = f"bench-{i}@example.example"
    kind = rng.random()
    head = f"From: Customer {i} <{sender}>\r\nTo: support@ourdesk.example\r\nMessage-ID: <{mid}>\r\n" \
           f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
    if kind < 0.02:
        return b"To: support@ourdesk.example\r\nSubject: broken\r\n\r\nno sender\r\n"
    if kind < 0.06:
        return (head + "Subject: Out of Office: x\r\nAuto-Submitted: auto-replied\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\nI am away.\r\n").encode()
    if kind < 0.40 and threads:
        number, parent = rng.choice(threads)
        by_ref = rng.random() < 0.5
        subject = f"Re: [#{number}] {rng.choice(SUBJECTS)}" if by_ref else f"Re: {rng.choice(SUBJECTS)}"
        quote = "\r\n".join(f"> {line}" for line in rng.choice(BODIES).splitlines())
        return (head + f"Subject: {subject}\r\nIn-Reply-To: <{parent}>\r\nReferences: <{parent}>\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\nStill broken, see below.\r\n\r\n"
                f"On Mon, 2 Mar 2026 at 10:00, Support <support@ourdesk.example> wrote:\r\n{quote}\r\n").encode()
    threads.append((1001 + len(threads), mid))
    subject, body = rng.choice(SUBJECTS), rng.choice(BODIES)
    if kind < 0.55:
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in body.splitlines()) + \
               '<p><a href="https://app.example/x">link</a></p></body></html>'
        return (head + f"Subject: {subject}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n").encode()
    if kind < 0.70:
        return (head + f"Subject: {subject}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--b\r\nContent-Type: image/png\r\n"
                "Content-Disposition: attachment; filename=shot.png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                ).encode() + PNG + b"\r\n--b--\r\n"
    return (head + f"Subject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


def build_maildir(path: Path, n: int) -> None:
    import mailbox

    rng = random.Random(13)
    threads: list[tuple[int, str]] = []
    box = mailbox.Maildir(str(path), create=True)
    for i in range(n):
        box.add(_mail(i, rng, threads))
    box.close()


def run(mode: str, maildir: Path, db: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(maildir), str(db)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agent-tui-mail-bench-") as tmp:
        results = {}
        for n in (max(args.mails // 10, 1), args.mails):
            t = time.perf_counter()
            build_maildir(Path(tmp) / f"md{n}", n)
            print(f"maildir: {n:,} mails built in {time.perf_counter() - t:.1f} s")
            bare = run("stdlib", Path(tmp) / f"md{n}", Path(tmp) / "unused.db")
            full = run("intake", Path(tmp) / f"md{n}", Path(tmp) / f"store{n}.db")
            results[n] = (bare, full)
            print(f"  (b) stdlib parse: {bare['mails'] / bare['seconds']:,.0f} mails/s  peak {bare['peak_mb']:.0f} MB")
            print(f"  (a) full intake:  {full['mails'] / full['seconds']:,.0f} mails/s  peak {full['peak_mb']:.0f} MB"
                  f"  {full['counts']}")
            print(f"  ratio a/b (time per mail): {full['seconds'] / full['mails'] / (bare['seconds'] / bare['mails']):.1f}")
        small, big = (results[k][1] for k in sorted(results))
        print(f"peak memory of the intake, {max(args.mails // 10, 1):,} vs {args.mails:,} mails: "
              f"{small['peak_mb']:.0f} MB vs {big['peak_mb']:.0f} MB (ratio {big['peak_mb'] / small['peak_mb']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
