"""Every page carries the Content-Security-Policy; inline code only ever with its nonce."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_pages_carry_the_policy(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_a_page_with_inline_code_names_its_nonce_and_each_response_has_its_own(client):
    # The nonce enters the policy only where a page uses one.
    first = client.get(reverse("api-docs"))
    assert re.search(r"style-src 'self' 'nonce-[^']+'", first["Content-Security-Policy"])
    second = client.get(reverse("api-docs"))
    assert nonce_of(first) != nonce_of(second)


def test_the_api_docs_start_from_a_script_file_and_nonce_their_style(client):
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert f'<style nonce="{nonce_of(response)}">' in html
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1).replace("&amp;", "&")
    start = client.get(script)
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in start.content.decode()


def test_signed_in_pages_have_no_inline_scripts_or_style_attributes(client, jp_owner, jp_company):
    client.force_login(jp_owner)
    for url in (reverse("home"), reverse("companies:detail", args=[jp_company.slug]), reverse("matchmaking:matches")):
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert " style=" not in html and " onchange=" not in html and " onclick=" not in html, url
