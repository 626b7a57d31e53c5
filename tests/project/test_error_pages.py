import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.project.error_urls")]


@pytest.fixture
def visitor():
    # The test client would re-raise a view's exception; a browser gets the 500 page.
    return Client(raise_request_exception=False)


def test_a_missing_page_is_a_branded_404(visitor, settings):
    settings.DEBUG = False
    response = visitor.get("/no-such-page/")
    assert response.status_code == 404
    html = response.text
    assert "We could not find that page" in html
    assert 'class="site-header"' in html and "U.S.–Japan Space Accelerator" in html
    assert reverse("companies:directory") in html


def test_a_missing_page_in_japanese(visitor, settings):
    settings.DEBUG = False
    response = visitor.get("/no-such-page/", headers={"accept-language": "ja"})
    assert response.status_code == 404
    assert '<html lang="ja">' in response.text
    assert "ページが見つかりません" in response.text
    assert "Not Found" not in response.text and "We could not find" not in response.text


def test_a_signed_in_user_gets_the_404_in_their_language(visitor, settings, jp_owner):
    settings.DEBUG = False
    visitor.force_login(jp_owner)
    response = visitor.get("/companies/999999/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text
    assert str(jp_owner) in response.text


def test_a_refusal_shows_its_reason(visitor, settings, outsider):
    settings.DEBUG = False
    visitor.force_login(outsider)
    response = visitor.get("/refused/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.text
    assert "Only the cohort&#x27;s reviewers may open this." in response.text


def test_a_staff_page_refuses_others_in_japanese(visitor, settings, jp_owner):
    settings.DEBUG = False
    visitor.force_login(jp_owner)
    response = visitor.get(reverse("cohorts:staff_list"))
    assert response.status_code == 403
    assert "このページを閲覧する権限がありません" in response.text
    assert "Forbidden" not in response.text


def test_a_malformed_request_is_a_branded_400(visitor, settings):
    settings.DEBUG = False
    response = visitor.get("/malformed/", headers={"accept-language": "ja"})
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.text


def test_a_failure_is_a_standalone_500_in_both_languages(visitor, settings):
    settings.DEBUG = False
    response = visitor.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "a failure the visitor must not see" not in response.text
    response = visitor.get("/broken/", headers={"accept-language": "ja"})
    assert response.status_code == 500
    assert '<html lang="ja">' in response.text
    assert "問題が発生しました" in response.text
    assert "Something went wrong" not in response.text


def test_the_500_page_style_carries_the_nonce_of_its_policy(visitor, settings):
    settings.DEBUG = False
    response = visitor.get("/broken/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.text


def test_the_500_page_needs_nothing_that_can_fail(settings):
    # Rendered with no request and no context processors: a broken database, URL
    # configuration or static manifest must not take the error page down with it.
    from django.template import loader

    source = loader.get_template("500.html").template.source
    for risky in ("{% url", "{% static", "{% extends", "{% include", "{{ user", "{{ request"):
        assert risky not in source
    assert "Something went wrong" in loader.render_to_string("500.html")


def test_an_expired_form_explains_itself(settings, jp_owner):
    settings.DEBUG = False
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(jp_owner)
    response = browser.post(reverse("account_profile"), {"display_name": "x"})
    assert response.status_code == 403
    assert "フォームの有効期限が切れました" in response.text
