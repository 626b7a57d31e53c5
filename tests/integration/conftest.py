"""Real services for integration tests: PostgreSQL, Redis and a Celery worker process.

Without PostgreSQL or Redis these tests are skipped on a developer machine; with
REQUIRE_SERVICES=1 (as CI sets it) a missing service fails the run instead.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.conf import settings as django_settings
from django.db import connection

from accelerator.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")
    return REDIS_URL


@pytest.fixture
def postgres_url(transactional_db, vocabularies):
    """The test database, committed to for real (and emptied after each test)."""
    if connection.vendor != "postgresql":
        _unavailable("integration tests need DATABASE_URL to point at PostgreSQL")
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(postgres_url, redis_url, tmp_path):
    """Starts `celery worker` against the test database and Redis; yields the email folder.

    The worker and this process share a Redis database of their own, emptied first, so
    that no other Celery user on the machine takes or sends these messages.
    """
    broker_url = redis_url.rsplit("/", 1)[0] + "/" + os.environ.get("TEST_BROKER_DB", "14")
    redis.Redis.from_url(broker_url).flushdb()
    email_dir = tmp_path / "email"
    log_path = tmp_path / "worker.log"
    env = os.environ | {
        "DATABASE_URL": postgres_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(email_dir),
        # Uploads the test stores go to the test's own private folder; the worker reads them there.
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        # Match runs store their fitted models where the test's own process reads them too.
        "MATCHMAKING_RUN_DIR": str(settings.MATCHMAKING_RUN_DIR),
    }
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "accelerator", "worker", "--pool=solo", "-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    saved = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}
    celery_app.conf.update(broker_url=broker_url, task_always_eager=False)
    _forget_broker_connections()
    try:
        yield email_dir
    finally:
        celery_app.conf.update(**saved)
        _forget_broker_connections()
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        if worker.returncode not in (0, -15, None):
            print(log_path.read_text())


def _forget_broker_connections():
    """Drops the app's cached connection and producer pools so the next send uses the
    broker URL configured now (earlier in-process tests may have built them for another),
    and the outbox's pause after a refused send, which was about the earlier broker."""
    from accelerator.outbox import services as outbox

    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    outbox._broker_down_until = 0.0


def wait_for(condition, *, timeout: float = 60, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return None


class OwnRedis:
    """A redis-server of the test's own, on a free port, that the test may stop and start again.

    Never the shared Redis: stopping that would break every other user of the machine.
    """

    def __init__(self, directory: Path):
        from ..mail_receiver import free_port

        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for(self._answers, timeout=10, interval=0.05):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False


@pytest.fixture
def own_redis(postgres_url, tmp_path):
    if shutil.which("redis-server") is None:
        _unavailable("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    saved = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}
    celery_app.conf.update(broker_url=server.url(1), task_always_eager=False)
    _forget_broker_connections()
    try:
        yield server
    finally:
        celery_app.conf.update(**saved)
        _forget_broker_connections()
        server.stop()


class Workers:
    """Celery worker processes against the test database, a broker and an SMTP server."""

    def __init__(
        self, *, postgres_url: str, broker_url: str, email_url: str, log_dir: Path, name: str = "fault", **settings: str
    ):
        self.env = os.environ | {
            "DATABASE_URL": postgres_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": email_url,
            "MATCHMAKING_RUN_DIR": str(django_settings.MATCHMAKING_RUN_DIR),
            **settings,
        }
        self.log_dir = log_dir
        self.name = name
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        log = (self.log_dir / f"worker-{len(self.processes)}.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "accelerator", "worker", "--pool=solo", "-l", "info",
             "-n", f"{self.name}-{len(self.processes)}@%h"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append(worker)
        return worker

    def wait_until_ready(self, timeout: float = 60) -> bool:
        """Whether every worker started has said it is ready to take tasks, within `timeout`."""
        logs = [self.log_dir / f"worker-{index}.log" for index in range(len(self.processes))]
        return bool(wait_for(lambda: all(" ready." in log.read_text() for log in logs), timeout=timeout))

    def stop_all(self) -> None:
        for worker in self.processes:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        for log in sorted(self.log_dir.glob("worker-*.log")):
            print(f"== {log.name}\n{log.read_text()[-4000:]}")  # shown when the test fails
