import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("account_profile")


def test_it_works(client, outsider):
    client.force_login(outsider)
    response = client.post(URL, {"display_name": "Olive O.", "preferred_language": "ja", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert (outsider.display_name, outsider.preferred_language, outsider.time_zone) == ("Olive O.", "ja", "Asia/Tokyo")
    page = client.get(reverse("companies:directory")).text
    assert 'lang="ja"' in page
    assert "日時は日本時間 – 東京で表示しています。" in page


def test_the_time_zone_list_is_friendly_and_translated(client, jp_owner):
    client.force_login(jp_owner)
    page = client.get(URL).text
    common = page.split('<optgroup label="よく使うタイムゾーン">')[1].split("</optgroup>")[0]
    assert common.index("日本時間 – 東京") < common.index("米国東部時間 – ニューヨーク")
    assert '<option value="Asia/Tokyo" selected>' in page
    assert "タイムゾーン：" in page
    # Legacy aliases are not offered twice.
    assert 'value="US/Eastern"' not in page and 'value="Asia/Calcutta"' not in page


def test_it_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_bad_time_zone_saves_nothing(client, outsider):
    client.force_login(outsider)
    response = client.post(URL, {"display_name": "Changed", "preferred_language": "en", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert 'class="error"' in response.text
    outsider.refresh_from_db()
    assert outsider.display_name == "Olive Outsider"


def test_switching_language_is_remembered(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/companies/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    outsider.refresh_from_db()
    assert outsider.preferred_language == "ja"
    assert 'lang="ja"' in client.get("/companies/").text


def test_anonymous_visitors_switch_by_cookie(client):
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/"}, follow=True)
    assert 'lang="ja"' in response.text
    assert "English" in response.text


def test_an_unknown_language_changes_nothing(client, outsider):
    client.force_login(outsider)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    outsider.refresh_from_db()
    assert outsider.preferred_language == "en"
