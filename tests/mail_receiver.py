"""A real SMTP server for the tests, so that email is checked the way a mail server sees it.

`smtp_receiver` starts an aiosmtpd server on a free local port; `smtp_server` also points
Django's default mailer at it. Either yields the `Receiver`, whose `messages` are what
arrived, parsed as a mail client would.
"""

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def from_header(self) -> str:
        return str(self.message["From"])

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()


@dataclass
class Receiver:
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope: Envelope) -> str:
        received = Received(
            sender=envelope.mail_from,
            recipients=list(envelope.rcpt_tos),
            message=email.message_from_bytes(envelope.original_content, policy=email.policy.default),
        )
        with self._lock:
            self.messages.append(received)
        return "250 Message accepted for delivery"

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def to(self, address: str) -> list[Received]:
        with self._lock:
            return [m for m in self.messages if address in m.recipients]

    def wait_for(self, count: int, *, timeout: float = 60) -> list[Received]:
        """The messages once at least `count` have arrived (or what arrived by the timeout)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        with self._lock:
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_receiver():
    receiver = Receiver(host="127.0.0.1", port=free_port())
    controller = Controller(receiver, hostname=receiver.host, port=receiver.port)
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(smtp_receiver, settings):
    """The receiver, with Django's default mailer sending to it over SMTP."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": smtp_receiver.host, "port": smtp_receiver.port, "timeout": 10},
        }
    }
    return smtp_receiver
