from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.models import ImportRun, Opportunity

from .conftest import DEMO

URL = reverse("procurement:imports")


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DEMO / name).read_bytes())


def test_staff_import_one_file_of_each_format(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    for source, name in (
        ("sam", "sam-opportunities.json"),
        ("ocds", "ocds-austender.json"),
        ("kkj", "kkj-search-results.xml"),
        ("pportal", "pportal-awards.csv"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"source": source, "file": upload(name)})
        run = ImportRun.objects.get(file_name=name)
        assert response.url == reverse("procurement:import_run", args=[run.pk])
        response = client.get(response.url)
        assert run.state == "done", run.refusal
        assert run.summary in response.content.decode()
    assert set(Opportunity.objects.values_list("source", flat=True)) == {"sam", "ocds", "kkj", "pportal"}
    page = client.get(URL)
    assert "sam-opportunities.json" in page.content.decode()


def test_a_refused_file_says_why_in_the_staff_members_language(client, staff, django_capture_on_commit_callbacks):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"source": "sam", "file": upload("x.json", b"not json")})
    run = ImportRun.objects.get()
    response = client.get(reverse("procurement:import_run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="ja")
    assert run.refusal == "ファイルがJSONではありません。"
    assert run.state == "refused"
    assert run.refusal in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_file_over_the_upload_limit_is_refused_before_it_is_stored(client, staff, settings):
    settings.PROCUREMENT_UPLOAD_MAX_BYTES = 100
    client.force_login(staff)
    response = client.post(URL, {"source": "sam", "file": upload("big.json", b"{" + b" " * 200 + b"}")})
    assert response.status_code == 200
    assert "files up to 100" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_records_a_file_skipped_are_listed_with_their_position(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    content = b'{"opportunitiesData": [{"noticeId": "a", "title": "T", "responseDeadLine": "2027-01-01T10:00:00"}]}'
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"source": "sam", "file": upload("a.json", content)})
    text = client.get(reverse("procurement:import_run", args=[ImportRun.objects.get().pk])).content.decode()
    assert "notice 1 (noticeId a)" in text
    assert "has no time zone" in text


def test_only_program_staff_import(client, jp_owner, partner):
    assert client.get(URL).status_code == 302
    for user in (jp_owner, partner):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        response = client.post(URL, {"source": "sam", "file": upload("sam-opportunities.json")})
        assert response.status_code == 403
    assert not ImportRun.objects.exists()
    assert not Opportunity.objects.exists()


def test_the_import_page_in_japanese(client, staff):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    response = client.get(URL)
    assert "調達ファイルの取り込み" in response.content.decode()


def test_each_live_source_shows_its_newest_run_and_its_last_full_window(client, staff):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()

    def run(fetcher, state, *, hours_ago, window_end=None, refusal=""):
        made = ImportRun.objects.create(
            source="sam" if fetcher == "sam" else "ocds",
            file_name=f"{fetcher}-{hours_ago}",
            fetcher=fetcher,
            state=state,
            refusal=refusal,
            window_end=window_end,
        )
        ImportRun.objects.filter(pk=made.pk).update(created_at=now - dt.timedelta(hours=hours_ago))
        return made

    window = now - dt.timedelta(days=2)
    run("sam", ImportRun.State.DONE, hours_ago=5, window_end=window)
    newest = run("sam", ImportRun.State.REFUSED, hours_ago=1, refusal="Too many <pages>")
    run("austender", ImportRun.State.DONE, hours_ago=3)
    client.force_login(staff)
    response = client.get(URL)
    sources = {source["name"]: source for source in response.context["live_sources"]}
    assert sources["sam"]["last_run"].pk == newest.pk
    assert sources["sam"]["fetched_until"] == window
    assert sources["austender"]["last_run"].file_name == "austender-3"
    assert sources["austender"]["fetched_until"] is None
    assert sources["find_a_tender"]["last_run"] is None
    text = response.content.decode()
    assert f'href="{reverse("procurement:import_run", args=[newest.pk])}">Refused</a>' in text
    assert "Too many &lt;pages&gt;" in text


def test_the_recent_imports_written_once_follow_each_run(client, staff):
    """The table of recent imports is kept per set of rows: a run's new state shows on the next view,
    and a form sent with errors is written afresh."""
    client.force_login(staff)
    run = ImportRun.objects.create(source="sam", file_name="one.json", state="running")
    assert "one.json" in client.get(URL).content.decode()
    ImportRun.objects.filter(pk=run.pk).update(state="done", created=7)
    page = client.get(URL).content.decode()
    assert "created=7 updated=0" in page and "Done" in page
    ImportRun.objects.create(source="kkj", file_name="two.xml", state="done")
    assert "two.xml" in client.get(URL).content.decode()
    refused = client.post(URL, {"source": "sam"}).content.decode()  # no file
    assert "This field is required." in refused and "This field is required." not in client.get(URL).content.decode()
