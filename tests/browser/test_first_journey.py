"""A newcomer signs up, verifies, creates a company, finds it and reads it in Japanese."""

import pytest
from playwright.sync_api import expect

from .conftest import link_in_last_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_create_a_company_and_read_it_in_japanese(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("founder@kumo-orbital.example")
    page.get_by_label("Password:", exact=True).fill("a long and unusual passphrase")
    page.get_by_label("Password (again):").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    page.goto(link_in_last_email(r"https?://[^\s]+/accounts/confirm-email/[^\s]+"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You have confirmed founder@kumo-orbital.example.")).to_be_visible()

    page.goto("/companies/new/")
    page.get_by_label("Legal name").fill("Kumo Orbital Inc.")
    page.get_by_label("Name in Japanese").fill("クモ・オービタル株式会社")
    page.get_by_label("Country").select_option("JP")
    page.get_by_label("Size").select_option("11-50")
    page.get_by_label("Description in English").fill("Optical inter-satellite links for small constellations.")
    page.get_by_label("Description in Japanese").fill("小型コンステレーション向けの衛星間光通信を開発しています。")
    page.get_by_role("button", name="Create company").click()
    expect(page.get_by_role("heading", name="Capabilities and compliance")).to_be_visible()

    page.get_by_label("Satellite communications (satcom)").check()
    # Offers are grouped by segment in folded sections: open the one that holds the offer.
    optical = page.get_by_label("Optical (laser) communications").first
    page.locator("details.choice-group", has=optical).first.locator("summary").click()
    optical.check()
    page.get_by_label("Technology readiness level (TRL)").select_option("6")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("The capability profile has been saved.")).to_be_visible()

    page.get_by_role("link", name="Directory").click()
    page.get_by_label("Search").fill("Kumo")
    page.get_by_label("Country").select_option("JP")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 company")).to_be_visible()
    page.get_by_role("link", name="Kumo Orbital Inc.").click()
    expect(page.get_by_role("heading", name="Kumo Orbital Inc.")).to_be_visible()

    page.get_by_role("button", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", name="クモ・オービタル株式会社")).to_be_visible()
    expect(page.get_by_text("小型コンステレーション向けの衛星間光通信を開発しています。")).to_be_visible()
    expect(page.get_by_role("heading", name="提供できるもの")).to_be_visible()
    expect(page.get_by_role("link", name="ディレクトリ")).to_be_visible()

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
