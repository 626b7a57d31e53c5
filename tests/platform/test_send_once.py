"""An email is sent once per key, whatever retries and redeliveries do."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from accelerator.accounts.emails import message_id_for, send_once
from accelerator.accounts.models import SentEmail


def _message(to="dana@example.com"):
    return EmailMessage(subject="Your decision", body="Tom & Jerry", to=[to])


def test_it_sends_once_per_key(db):
    assert send_once(key="decision:1:5", message=_message()) is True
    assert send_once(key="decision:1:5", message=_message()) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id_for("decision:1:5")
    assert SentEmail.objects.get().sent_at is not None


def test_other_keys_are_other_emails(db):
    send_once(key="decision:1:5", message=_message())
    send_once(key="decision:1:6", message=_message("sam@example.com"))
    assert [m.to for m in mail.outbox] == [["dana@example.com"], ["sam@example.com"]]


def test_a_failed_send_can_be_retried(db, settings):
    locmem = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "tests.platform.test_send_once.RefusingBackend"}}
    with pytest.raises(ConnectionRefusedError):
        send_once(key="digest:3", message=_message())
    assert not SentEmail.objects.exists()
    settings.MAILERS = locmem
    assert send_once(key="digest:3", message=_message()) is True


def test_an_interrupted_send_is_not_repeated(db):
    """A worker killed after the intent was recorded: the redelivered task does not mail again."""
    SentEmail.objects.create(key="digest:3", recipients="dana@example.com")
    assert send_once(key="digest:3", message=_message()) is False
    assert mail.outbox == []


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")
