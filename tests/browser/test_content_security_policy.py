"""The main pages, in English and Japanese, load under the Content-Security-Policy without a
single violation: every script and style comes from the site or carries the nonce."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accelerator.councils import services as council_services
from cohorts.services.reviews import assign_reviewer

from ..cohorts.conftest import make_cohort, make_submitted
from ..councils.conftest import make_council, make_meeting
from ..factories import PASSWORD, make_company, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Collects what the browser reports: the event for every blocked resource or inline code.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture
def world(vocabularies, staff, reviewer, mentor, us_owner, jp_owner, us_company, jp_company, admin_user):
    cohort = make_cohort()
    application = make_submitted(cohort, jp_company, by=jp_owner)
    assign_reviewer(application=application, reviewer=reviewer, by=staff)
    make_company(owner=make_user(), legal_name="Sora Space", country="JP", name_ja="株式会社そらスペース")
    council = make_council(staff, people=[(jp_owner, "chair"), (us_owner, "member")])
    meeting = make_meeting(staff, council)
    parent = council_services.add_agenda_item(
        actor=staff, meeting=meeting, title_en="Export control", title_ja="輸出管理", duration_minutes=30
    )
    council_services.add_agenda_item(
        actor=staff,
        meeting=meeting,
        title_en="ITAR bridge",
        title_ja="ITARブリッジ",
        duration_minutes=15,
        parent=parent,
    )
    return {
        jp_owner: [
            reverse("home"),
            reverse("cohorts:list"),
            reverse("cohorts:application", args=[application.pk]),
            reverse("companies:detail", args=[jp_company.slug]),
            reverse("matchmaking:matches"),
            reverse("procurement:list"),
            reverse("councils:home"),
            reverse("councils:meeting", args=[meeting.pk]),
            reverse("account_profile"),
            reverse("mfa_index"),
        ],
        reviewer: [reverse("cohorts:reviews"), reverse("cohorts:review", args=[application.pk])],
        mentor: [reverse("cohorts:mentoring")],
        staff: [
            reverse("cohorts:dashboard", args=[cohort.slug]),
            reverse("cohorts:decisions", args=[cohort.slug]),
            reverse("cohorts:edit", args=[cohort.slug]),
            reverse("matchmaking:runs"),
            reverse("councils:manage", args=[meeting.pk]),
        ],
        admin_user: ["/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{jp_owner.pk}/change/"],
        None: [reverse("account_login"), "/api/docs/"],
    }


def signed_in_page(browser, live_server, user, language):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ja-JP" if language == "ja" else "en-US",
        timezone_id="Asia/Tokyo" if language == "ja" else "America/New_York",
    )
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    if user is not None:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.console_messages_seen = []
    page.on(
        "console",
        lambda message: (
            page.console_messages_seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page


def violations_on(page, url) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations") + page.console_messages_seen


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_main_pages_raise_no_violation(browser, live_server, world, language):
    found = {}
    for user, urls in world.items():
        page = signed_in_page(browser, live_server, user, language)
        for url in urls:
            page.console_messages_seen.clear()
            violations = violations_on(page, url)
            if url != "/api/docs/":
                expect(page.locator("html")).to_have_attribute("lang", language)
            if violations:
                found[url] = violations
        page.context.close()
    assert not found, "\n".join(f"{url}: {violations}" for url, violations in found.items())


def test_the_pages_work_under_the_policy(browser, live_server, world, admin_user, jp_owner):
    # The API docs draw the operations (their start-up script is a file of its own).
    page = signed_in_page(browser, live_server, None, "en")
    page.goto("/api/docs/")
    # The schema is large: generating it takes a while on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Space Accelerator API", timeout=90_000)
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []

    # The admin is styled and its scripts run (the user page's role picker).
    page = signed_in_page(browser, live_server, admin_user, "en")
    page.goto("/admin/")
    assert page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.evaluate("window.__cspViolations") == []

    # The readiness meters and nested agenda items keep their sizes without style attributes.
    page = signed_in_page(browser, live_server, jp_owner, "ja")
    page.goto(next(url for url in world[jp_owner] if "/meetings/" in url))
    indents = page.locator(".agenda-item").evaluate_all("items => items.map(i => getComputedStyle(i).marginLeft)")
    assert len(set(indents)) == 2, indents

    # The authenticator set-up page shows its QR code (a data: image).
    page = signed_in_page(browser, live_server, jp_owner, "en")
    page.goto(reverse("mfa_activate_totp"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{reverse('mfa_activate_totp')}")
    qr = page.locator("img[src^='data:']").first
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector(\"img[src^='data:']\").naturalWidth") > 0
    assert page.evaluate("window.__cspViolations") == []


def test_a_violation_would_be_seen(browser, live_server, db):
    page = signed_in_page(browser, live_server, None, "en")
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.ran") is None
    assert "script-src" in page.evaluate("window.__cspViolations")[0]
