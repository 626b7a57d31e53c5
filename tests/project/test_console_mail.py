from io import StringIO

from django.core.mail import EmailMultiAlternatives

from accelerator.console_mail import EmailBackend

LINK = "http://127.0.0.1:8100/cohorts/applications/123/?next=/cohorts/staff/cohort-2027/decisions/&from=email"


def test_console_email_reads_as_sent():
    out = StringIO()
    message = EmailMultiAlternatives(
        "採否の決定：日米コホート2027",
        f"佐藤 花子 様\n\n応募ページ：{LINK}\n",
        "U.S.–Japan Space Accelerator <noreply@accelerator.example>",
        ["佐藤 花子 <hanako@hoshi.example>"],
    )
    message.attach_alternative(f'<a href="{LINK}">応募ページ</a>', "text/html")
    message.attach("deck.pdf", b"%PDF-1.4", "application/pdf")
    EmailBackend(stream=out).send_messages([message])
    printed = out.getvalue()
    assert "Subject: 採否の決定：日米コホート2027" in printed
    assert "To: 佐藤 花子 <hanako@hoshi.example>" in printed
    assert f"応募ページ：{LINK}\n" in printed
    assert "=3D" not in printed and "=\n" not in printed
    assert "[text/html]" in printed and "[attachment: deck.pdf]" in printed


def test_the_local_default_prints_readably(settings):
    from accelerator import settings as site_settings

    assert site_settings.MAILERS["default"]["BACKEND"] in (
        "accelerator.console_mail.EmailBackend",
        # A developer's own EMAIL_URL wins.
        site_settings._email["EMAIL_BACKEND"],
    )
