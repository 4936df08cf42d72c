"""A private Dovecot IMAP server for the tests: its own config, mail folder and ports.

As root, mail is stored as the `mail` user (Dovecot will not store it as root); as anyone
else, as that user. The server listens on 127.0.0.1 only, plain IMAP and IMAPS.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
# Ports the suite may use for its own servers.
PORTS = range(5640, 5700)
USER, PASSWORD = "help", "s3cret word@/x"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
"""


@dataclass
class ImapServer:
    root: Path
    port: int
    tls_port: int

    def url(self, secure: bool = False, query: str = "") -> str:
        """PORTAL_IMAP_URL for this server (the password has characters that need quoting)."""
        from urllib.parse import quote

        scheme, port = ("imaps", self.tls_port) if secure else ("imap", self.port)
        url = f"{scheme}://{USER}:{quote(PASSWORD, safe='')}@127.0.0.1:{port}/INBOX"
        return f"{url}?{query}" if query else url

    @property
    def ca_file(self) -> str:
        return str(self.root / "cert.pem")


def _free_ports(count: int) -> list[int]:
    found = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the IMAP server")


def _wait_for(port: int, root: Path, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Dovecot did not start on port {port}:\n{_log(root)}")


def start_dovecot() -> tuple[ImapServer, int]:
    """Start a private Dovecot; returns the server and its master process id."""
    if not os.path.exists(DOVECOT):
        if os.environ.get("CI"):
            pytest.fail("Dovecot is not installed; .ci/run installs dovecot-imapd.")
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="portal-imap-"))
    root.chmod(0o755)  # the mail user must reach its folder
    if os.geteuid() == 0:
        account = pwd.getpwnam("mail")
        users = ""
    else:
        account = pwd.getpwuid(os.getuid())
        users = (
            f"default_internal_user = {account.pw_name}\n"
            f"default_login_user = {account.pw_name}\n"
            f"default_internal_group = {account.pw_name}\n"
        )
    for folder in ("mail", "run", "state"):
        (root / folder).mkdir()
    os.chown(root / "mail", account.pw_uid, account.pw_gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    (root / "key.pem").chmod(0o644)
    port, tls_port = _free_ports(2)
    config = root / "dovecot.conf"
    config.write_text(
        CONFIG.format(
            root=root,
            uid=account.pw_uid,
            gid=account.pw_gid,
            users=users,
            port=port,
            tls_port=tls_port,
        )
    )
    # Dovecot's daemons keep the streams they inherit: give them none to hold open.
    subprocess.run(
        [DOVECOT, "-c", str(config)],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
    )
    server = ImapServer(root, port, tls_port)
    # The master writes its pid file just after it starts listening: wait for both.
    pid_file = root / "run" / "master.pid"
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text().strip():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Dovecot wrote no pid file:\n{_log(root)}")
        time.sleep(0.05)
    pid = int(pid_file.read_text().split()[0])
    try:
        _wait_for(port, root)
        _wait_for(tls_port, root)
    except RuntimeError:
        stop_dovecot(server, pid)
        raise
    return server, pid


def _log(root: Path) -> str:
    log = root / "dovecot.log"
    return log.read_text() if log.exists() else "(no log)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_dovecot(server: ImapServer, pid: int) -> None:
    """Stop the master process (it ends its children) and remove its folder."""
    # A signal that lands while the master still starts up can be lost: ask, then insist.
    for sig, seconds in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if not _alive(pid):
            break
        os.kill(pid, sig)
        deadline = time.monotonic() + seconds
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    shutil.rmtree(server.root, ignore_errors=True)
