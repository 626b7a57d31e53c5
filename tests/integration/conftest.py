"""Real services for integration tests: PostgreSQL, Redis and a Celery worker process.

Without PostgreSQL or Redis these tests are skipped on a developer machine; with
REQUIRE_SERVICES=1 (as CI sets it) a missing service fails the run instead.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
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
    broker URL configured now (earlier in-process tests may have built them for another)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_for(condition, *, timeout: float = 60, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return None
