"""Start and stop a throwaway Virtuoso (Debian's virtuoso-opensource) for integration tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "virtuoso" / "virtuoso.ini.template"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Virtuoso:
    def __init__(self, folder: Path):
        self.folder = folder
        self.sql_port, self.http_port = free_port(), free_port()
        self.sparql = f"http://127.0.0.1:{self.http_port}/sparql"
        self.graph_store = f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"
        self.user, self.password = "dba", "dba"  # a new database's administrator
        self.process = None

    def start(self, timeout: float = 90) -> Virtuoso:
        exe = shutil.which("virtuoso-t")
        if exe is None:
            raise RuntimeError("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
        ini = self.folder / "virtuoso.ini"
        ini.write_text(TEMPLATE.read_text().format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        self.process = subprocess.Popen(
            [exe, "+foreground", "+configfile", str(ini)],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {(self.folder / 'virtuoso.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("Virtuoso did not answer in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
