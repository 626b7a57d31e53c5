"""A Japanese user on a phone (390 px wide): a folded menu, and no page scrolls sideways."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accelerator.accounts.models import User
from cohorts.services.reviews import assign_reviewer
from procurement.permissions import can_import

from ..cohorts.conftest import make_cohort, make_submitted
from ..cohorts.fixtures_mentoring import past_session
from ..factories import make_company, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, vocabularies):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="ja-JP", timezone_id="Asia/Tokyo", is_mobile=True
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def signed_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


@pytest.fixture
def program():
    staff = make_user(
        "staff@accelerator.example",
        roles=("staff", "reviewer"),
        preferred_language="ja",
        time_zone="Asia/Tokyo",
        display_name="事務局 山田 太郎",
    )
    cohort = make_cohort()
    applications = []
    for index in range(6):
        owner = make_user(preferred_language="ja", display_name=f"代表 {index}")
        company = make_company(
            owner=owner,
            legal_name=f"Hoshi Orbital Technologies Kabushiki Kaisha {index}",
            name_ja=f"株式会社ほしオービタル・テクノロジーズ第{index}",
            country="JP" if index % 2 else "US",
            description_ja="小型衛星向けの推進系を開発しています。",
            trl=6,
        )
        application = make_submitted(cohort, company, by=owner)
        assign_reviewer(application=application, reviewer=staff, by=staff)
        applications.append(application)
    return {"staff": staff, "cohort": cohort, "application": applications[0]}


def no_sideways_scrolling(page, url):
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow} px"


def test_the_menu_folds_behind_one_button(phone, live_server, program):
    page = signed_in(phone, live_server, program["staff"])
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 90
    nav_link = page.locator(".main-nav").get_by_role("link", name="プログラム")
    expect(nav_link).to_be_hidden()
    menu = page.locator(".menu-button")
    expect(menu).to_have_text("メニュー")
    menu.click()
    expect(nav_link).to_be_visible()
    nav_link.click()
    expect(page.get_by_role("heading", name="コホート", exact=False).first).to_be_visible()


def test_main_pages_fit_the_phone(phone, live_server, program):
    cohort, application = program["cohort"], program["application"]
    page = signed_in(phone, live_server, program["staff"])
    for url in (
        "/",
        reverse("companies:directory"),
        reverse("companies:detail", args=[application.company.slug]),
        reverse("cohorts:list"),
        reverse("cohorts:detail", args=[cohort.slug]),
        reverse("cohorts:staff_list"),
        reverse("cohorts:dashboard", args=[cohort.slug]),
        reverse("cohorts:applications", args=[cohort.slug]),
        reverse("cohorts:decisions", args=[cohort.slug]),
        reverse("cohorts:assignments", args=[cohort.slug]),
        reverse("cohorts:reviews"),
        reverse("cohorts:review", args=[application.pk]),
        reverse("matchmaking:matches"),
        reverse("account_profile"),
    ):
        no_sideways_scrolling(page, url)


def test_a_wide_table_scrolls_inside_its_box(phone, live_server, program):
    page = signed_in(phone, live_server, program["staff"])
    page.goto(reverse("cohorts:applications", args=[program["cohort"].slug]))
    box = page.locator(".table-scroll").first
    assert box.evaluate("element => element.scrollWidth >= element.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_every_page_a_demo_user_reaches_fits_the_phone(phone, live_server, settings):
    """Follow the links each role meets in the demo, in Japanese, and measure every page."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    skip = ("logout", "/admin/", "/api/", ".ics", ".zip", ".csv", "download", "export", "/documents/", "/deck")
    for email in (
        "staff@demo.accelerator.example",
        "mentor@demo.accelerator.example",
        "council@demo.accelerator.example",
        "jp-founder@demo.accelerator.example",
        "us-founder@demo.accelerator.example",
    ):
        user = User.objects.get(email=email)
        user.preferred_language = "ja"
        user.save(update_fields=["preferred_language"])
        page = signed_in(phone, live_server, user)
        queue, seen = ["/", reverse("procurement:teams"), reverse("matchmaking:inbox")], set()
        if can_import(user):
            queue.append(reverse("procurement:imports"))
        while queue and len(seen) < 45:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            no_sideways_scrolling(page, url)
            for href in page.eval_on_selector_all("main a[href], nav a[href]", "links => links.map(a => a.pathname)"):
                if href.startswith("/") and not any(part in href for part in skip) and href not in seen:
                    queue.append(href)
        assert len(seen) > 10, f"{email} reached only {sorted(seen)}"
        page.close()


def test_mentoring_pages_fit_the_phone(phone, live_server, pairs, us_mentor, jp_mentor, us_office_hours, jp_owner):
    """The mentor program in Japanese at 390 px: the startup's, the mentor's and staff's pages."""
    session = past_session(pairs["jp_us"], notes="販路の整理", next_steps="見積もりを送る", private_notes="メモ")
    cohort = pairs["jp_us"].cohort
    staff = make_user("mentoring.staff@accelerator.example", roles=("staff",), preferred_language="ja")
    for user in (us_mentor.user, jp_owner, staff):
        user.preferred_language = "ja"
        user.save(update_fields=["preferred_language"])
    pages = {
        jp_owner: [
            reverse("cohorts:mentoring"),
            reverse("cohorts:mentor", args=[us_mentor.pk]),
            session.get_absolute_url(),
        ],
        us_mentor.user: [
            reverse("cohorts:mentoring"),
            reverse("cohorts:mentor_profile"),
            reverse("cohorts:office_hours"),
            session.get_absolute_url(),
        ],
        staff: [
            reverse("cohorts:staff_mentoring", args=[cohort.slug]),
            reverse("cohorts:staff_mentors"),
        ],
    }
    for user, urls in pages.items():
        page = signed_in(phone, live_server, user)
        for url in urls:
            no_sideways_scrolling(page, url)
        page.close()
