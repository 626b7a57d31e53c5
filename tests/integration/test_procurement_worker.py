import email
import email.policy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import Alert, ImportRun
from procurement.services.alerts import alert_new_matches, save_search
from procurement.services.importing import start_import

from ..procurement.conftest import DEMO
from .conftest import wait_for

pytestmark = pytest.mark.integration


def test_a_real_worker_imports_an_upload_and_mails_the_alert_in_japanese(celery_worker_process, staff, jp_owner):
    email_dir = celery_worker_process
    save_search(user=jp_owner, name="SAR", query={"q": "SAR"})

    upload = SimpleUploadedFile("sam.json", (DEMO / "sam-opportunities.json").read_bytes())
    run = start_import(user=staff, source="sam", upload=upload)

    assert wait_for(lambda: ImportRun.objects.get(pk=run.pk).state == "done"), "the worker did not import the file"
    assert ImportRun.objects.get(pk=run.pk).summary == "created=6 updated=0 unchanged=0 skipped=0"

    assert alert_new_matches() == 1
    sent = wait_for(lambda: sorted(email_dir.glob("*.log")) if email_dir.exists() else None)
    assert sent, "the worker sent no alert email within a minute"
    message = email.message_from_string(sent[0].read_text().split("\n" + "-" * 79)[0], policy=email.policy.default)
    assert message["To"] == jp_owner.email
    assert "新しい調達案件" in message["Subject"]
    assert "Commercial SAR Imagery for Maritime Domain Awareness" in message.get_content()
    assert wait_for(lambda: Alert.objects.get().emailed_at)
