"""A real IMAP server for the tests: Dovecot on 127.0.0.1 with a throwaway user and Maildir.

Started per test module from a minimal dovecot.conf written to a temporary folder (passwd-file
with one user, static userdb, maildir). Plain IMAP on one port; when ``openssl`` is there, a
self-signed certificate also gives STARTTLS on that port and IMAPS on a second one. Skips with
the reason when the ``dovecot`` binary is absent (Debian: ``apt-get install dovecot-imapd``).
"""

from __future__ import annotations

import os
import pwd
import grp
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "desk", "desk-secret-1"


@dataclass
class Dovecot:
    host: str
    port: int  # plain IMAP (and STARTTLS when cafile is set)
    ssl_port: int | None
    cafile: Path | None
    user: str = USER
    password: str = PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ids() -> tuple[str, str, int, int]:
    """(login user, internal user, mail uid, mail gid): Dovecot refuses root for logins and mail."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        return me, me, os.getuid(), os.getgid()
    try:
        internal = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError:  # pragma: no cover - the Debian package creates both
        raise RuntimeError("running as root needs the dovecot and dovenull users (dovecot-core creates them)")
    return "dovenull", "dovecot", internal.pw_uid, internal.pw_gid


def _certificate(folder: Path) -> tuple[Path, Path] | None:
    if shutil.which("openssl") is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out",
                    str(cert)], check=True, capture_output=True)
    return cert, key


def _config(root: Path, port: int, ssl_port: int | None, tls: tuple[Path, Path] | None) -> str:
    login_user, internal_user, uid, gid = _ids()
    group = grp.getgrgid(pwd.getpwnam(internal_user).pw_gid).gr_name
    ssl = f"ssl = yes\nssl_cert = <{tls[0]}\nssl_key = <{tls[1]}\n" if tls else "ssl = no\n"
    imaps = f"port = {ssl_port}\n    address = 127.0.0.1" if ssl_port else "port = 0"
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    {imaps}
  }}
}}
service anvil {{
  chroot =
}}
"""


def _wait(port: int, proc: subprocess.Popen, log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dovecot exited: {log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not answer on port {port}")


def start() -> tuple[Dovecot, subprocess.Popen, Path]:
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None:
        raise FileNotFoundError("dovecot")
    root = Path(tempfile.mkdtemp(prefix="agent-tui-dovecot-"))
    root.chmod(0o755)  # the login and mail processes run as other users
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    _, _, uid, gid = _ids()
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    tls = _certificate(root)
    port, ssl_port = _free_port(), (_free_port() if tls else None)
    (root / "dovecot.conf").write_text(_config(root, port, ssl_port, tls))
    proc = subprocess.Popen([binary, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    try:
        _wait(port, proc, root / "dovecot.log")
    except Exception:
        stop(proc, root)
        raise
    return Dovecot("127.0.0.1", port, ssl_port, tls[0] if tls else None), proc, root


def stop(proc: subprocess.Popen, root: Path) -> None:
    proc.terminate()  # the master stops its own children
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait(timeout=5)
    shutil.rmtree(root, ignore_errors=True)
