"""A partner browses explained matches, asks for an introduction, the startup accepts, both see contacts."""

import pytest
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_meets_a_japanese_startup_through_a_match(
    vocabularies, page, browser, live_server, matched, jp_owner
):
    log_in(page, "partner@prime.example")
    page.goto("/matches/")
    expect(page.get_by_text("Partners suggested for Prime Meridian Space Systems Inc.")).to_be_visible()
    expect(
        page.get_by_text("Hoshi SAR K.K. offers SAR satellites and imagery, which Prime Meridian").first
    ).to_be_visible()
    page.get_by_role("link", name="Hoshi SAR K.K.").first.click()
    expect(page.get_by_role("heading", name="Hoshi SAR K.K.")).to_be_visible()

    page.get_by_role("button", name="日本語").click()
    expect(page.get_by_role("heading", name="株式会社ほしSAR")).to_be_visible()
    expect(page.get_by_text("が提供する「SAR衛星・画像」は").first).to_be_visible()
    page.get_by_role("button", name="English").click()

    page.get_by_label("Message").fill("We buy SAR imagery for maritime programmes and would like to talk.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Contact details are shared with both sides once the request is accepted.")).to_be_visible()

    startup = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="Asia/Tokyo").new_page()
    log_in(startup, jp_owner.email)
    startup.goto("/matches/introductions/")
    startup.get_by_role("link", name="Prime Meridian Space Systems Inc.").first.click()
    expect(startup.get_by_text("We buy SAR imagery for maritime programmes")).to_be_visible()
    startup.get_by_label("承諾する").check()
    startup.get_by_role("button", name="回答を送る").click()
    expect(startup.get_by_role("link", name="partner@prime.example")).to_be_visible()

    page.reload()
    expect(page.get_by_role("link", name=jp_owner.email)).to_be_visible()
    startup.context.close()
