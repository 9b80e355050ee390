"""A real SMTP server on 127.0.0.1 for the outbox tests and the benchmark: aiosmtpd in a thread.

It keeps every mail it accepted (envelope and bytes). ``reply_for`` lets a test make the server
answer a recipient with a temporary (4xx) or permanent (5xx) refusal; ``tls`` and ``users`` turn on
STARTTLS (a self-signed certificate made here) and AUTH.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self):
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Recorder:
    received: list[Received] = field(default_factory=list)
    reply_for: dict[str, str] = field(default_factory=dict)  # recipient → "451 ..." / "550 ..."
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.reply_for.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class SmtpServer:
    def __init__(self, *, tls_folder: Path | None = None, users: dict[str, str] | None = None,
                 implicit_tls: bool = False) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.recorder = Recorder()
        self.port = free_port()
        self.client_context: ssl.SSLContext | None = None
        kwargs: dict = {}
        if tls_folder is not None:
            cert, key = self_signed(tls_folder)
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            server_ctx.load_cert_chain(cert, key)
            if implicit_tls:  # SMTPS (port 465 style): TLS from the first byte
                kwargs.update(ssl_context=server_ctx)
            else:
                kwargs.update(tls_context=server_ctx, require_starttls=True)
            self.client_context = ssl.create_default_context(cafile=str(cert))
        if users is not None:
            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = users.get(auth_data.login.decode()) == auth_data.password.decode()
                return AuthResult(success=ok, handled=False)

            kwargs.update(authenticator=authenticator, auth_required=True,
                          # aiosmtpd counts only STARTTLS as TLS for AUTH; with implicit TLS every byte is encrypted
                          auth_require_tls=tls_folder is not None and not implicit_tls)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def received(self) -> list[Received]:
        return self.recorder.received

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
