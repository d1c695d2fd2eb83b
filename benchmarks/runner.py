"""What the page bench drives: its PostgreSQL databases, `manage.py` runs, gunicorn, a browser-
like client with a session. The measuring and the verdicts are in report.py."""

import html
import http.client
import os
import re
import signal
import socket
import subprocess  # noqa: S404 - runs this project's own manage.py and gunicorn
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
from psycopg import sql

from .middleware import COLD_HEADER, HEADER
from .report import PageRun

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
NAME_PREFIX = "cinterfor_bench_"


class BenchError(Exception):
    pass


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server on which the bench creates, and later drops, its own databases."""

    url: str = DEFAULT_SERVER

    def database_url(self, name: str) -> str:
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(self.url)._replace(path=f"/{name}"))

    def _run(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self, name: str) -> None:
        if not name.startswith(NAME_PREFIX):  # the bench touches only databases it names
            raise BenchError(f"refusing to drop {name}")
        self._run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def create(self, name: str, *, template: str | None = None) -> str:
        """A new, empty database (or a copy of `template`); returns its URL."""
        self.drop(name)
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self._run(statement)
        return self.database_url(name)


@dataclass
class Project:
    """This project's manage.py, run in a child process with the bench's environment."""

    root: Path
    environment: dict[str, str]

    def manage(self, database_url: str, *arguments: str, timeout: int = 900) -> str:
        env = {**self.environment, "DATABASE_URL": database_url}
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [sys.executable, "manage.py", *arguments],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise BenchError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
        return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py, two workers, serving one database."""

    project: Project
    database_url: str
    log_path: Path
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        env = {**self.project.environment, "DATABASE_URL": self.database_url}
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--access-logfile", "/dev/null", "cinterfor.wsgi"],
            cwd=self.project.root, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped:\n{self.log_path.read_text()[-3000:]}")
            try:
                if Client(self.port).get("/login/").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer:\n{self.log_path.read_text()[-3000:]}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class Client:
    """A browser's part that matters here: cookies kept, one fresh connection per request."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, *, cold: bool = False
    ) -> Response:
        headers = {"Host": "127.0.0.1"}
        if cold:
            headers[COLD_HEADER] = "1"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            seconds = time.perf_counter() - started
        finally:
            connection.close()
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()},
                        content, seconds)  # fmt: skip

    def get(self, path: str, *, cold: bool = False) -> Response:
        """GET `path`; `cold`: on an empty cache of the server's, computing the whole page."""
        return self.request("GET", path, cold=cold)

    def log_in(self, username: str, password: str) -> None:
        for _attempt in range(3):  # a worker that has just started may answer oddly once
            form = self.get("/login/")
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
            if match:
                break
            time.sleep(1)
        if not match:
            raise BenchError(
                f"the login page ({form.status}) has no CSRF token: {form.body[:300]!r}"
            )
        fields = {
            "csrfmiddlewaretoken": html.unescape(match.group(1).decode()),
            "username": username,
            "password": password,
        }
        answer = self.request("POST", "/login/", urllib.parse.urlencode(fields))
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"{username} could not log in (status {answer.status})")


@dataclass(frozen=True, eq=False)
class Probe:
    """One page (or bare list) at one scale, and the client that requests it."""

    client: Client
    page: str
    role: str
    url: str
    scale: int
    model: str


def measure_in_rounds(probes: list[Probe], *, repeat: int, budget_seconds: float) -> list[PageRun]:
    """Request every probe twice to warm up, then once per round for `repeat` rounds.

    Interleaved, a minute when the machine is busier slows every page and scale alike, not the
    one page measured then: the verdicts compare pages with each other and scales with each
    other. A page that has used `budget_seconds` stops after five requests.

    A page's queries are counted twice: at one more request on an empty cache, a visit that
    computes everything (the first after any write), and at its last timed request,
    served as the rounds leave it, from its kept parts. Which timed request finds the parts
    kept depends on the worker that answers and on their expiry, so only the first count is
    the same from run to run.
    """
    last = {}
    for probe in probes:
        for _warm_up in range(2):
            last[probe] = probe.client.get(probe.url)
    times: dict[Probe, list[float]] = {probe: [] for probe in probes}
    for _round in range(repeat):
        for probe in probes:
            spent = sum(times[probe])
            if len(times[probe]) >= 5 and spent > budget_seconds:
                continue
            last[probe] = probe.client.get(probe.url)
            times[probe].append(last[probe].seconds)
    runs = []
    for probe in probes:
        cold = probe.client.get(probe.url, cold=True)
        runs.append(
            PageRun(
                page=probe.page,
                role=probe.role,
                scale=probe.scale,
                seconds=tuple(times[probe]),
                queries=_queries(cold),
                kept_queries=_queries(last[probe]),
                html_bytes=len(last[probe].body),
                status=last[probe].status if cold.status == 200 else cold.status,
                model=probe.model,
            )  # fmt: skip
        )
    return runs


def _queries(response: Response) -> int | None:
    counted = response.headers.get(HEADER.lower())
    return int(counted) if counted is not None else None


def bench_environment(static_root: Path, secret_key: str, password: str) -> dict[str, str]:
    """The site as production runs it (DEBUG off), with the bench's settings module."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "BENCH_PASSWORD": password,
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
