"""gunicorn as production runs it (threaded workers), on a free local port, for the benches
that measure through HTTP: ``bench.signatures`` (against the run's test database) and
``bench.growth`` (against the kept demo and large databases)."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER_WORKERS, SERVER_THREADS = 2, 8  # gunicorn gthread: 2 processes on 2 cores, 8 threads each
ROOT = Path(__file__).resolve().parent.parent


def current_database_url() -> str:
    """The URL of the database this (Django) process is connected to."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Gunicorn:
    """``with Gunicorn(url) as port:`` serves the site (``bench.settings``) from ``url``
    (default: the database this process uses); ``extra_env`` adds to the server's environment."""

    def __init__(self, database_url: str | None = None, *, extra_env: dict | None = None):
        self.database_url = database_url
        self.extra_env = extra_env or {}

    def __enter__(self) -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        url = self.database_url or current_database_url()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url, **self.extra_env}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "participation.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--worker-class",
                "gthread",
                "--workers",
                str(SERVER_WORKERS),
                "--threads",
                str(SERVER_THREADS),
                "--keep-alive",
                "30",
                "--backlog",
                "2048",
                # A sitemap of the large data set took 20 s before issue 13: not a hang.
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self.port
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)

    def worker_pids(self) -> list[int]:
        """The worker processes (the master's children)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command may hold spaces and parentheses: the fields after the last ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                pids.append(int(entry.name))
        return pids

    def rss_mb(self) -> float:
        """The largest resident set size among the workers, in MB (``VmRSS`` from /proc)."""
        sizes = [0.0]
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return max(sizes)

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if (exc_info and exc_info[0] is not None) or self.process.returncode not in (0, -15):
            self.log.seek(0)
            sys.stderr.write(self.log.read()[-4000:].decode(errors="replace"))
        self.log.close()
