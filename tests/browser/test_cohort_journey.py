"""A startup applies to a cohort, a reviewer scores it, staff release the decision, the startup sees it;
the staff dashboard reads in Japanese."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from cohorts.models import Application, Question

from ..cohorts.conftest import make_cohort
from ..cohorts.pitch_decks import pdf_bytes
from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def new_page(browser, live_server, email: str, timezone_id: str = "America/New_York"):
    page = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id=timezone_id).new_page()
    page.set_default_timeout(15_000)
    log_in(page, email)
    return page


@pytest.fixture
def cohort(vocabularies):
    cohort = make_cohort(reviewers_per_application=1, seats=2)
    Question.objects.create(
        cohort=cohort,
        kind=Question.Kind.LONG_TEXT,
        label_en="What would a partner across the Pacific gain from working with you?",
        label_ja="太平洋の向こう側のパートナーは、御社と組むことで何を得られますか。",
        required=True,
        position=1,
    )
    return cohort


def test_a_startup_applies_is_reviewed_and_accepted(
    page,
    browser,
    live_server,
    cohort,
    us_company,
    us_owner,
    reviewer,
    staff,
    tmp_path,
):
    # The startup applies: a draft with a pitch deck first, then the submission.
    log_in(page, us_owner.email)
    page.goto("/cohorts/")
    page.get_by_role("link", name="Binational Cohort 2027").click()
    expect(page.get_by_text("JST").first).to_be_visible()
    page.get_by_role("link", name="Apply").click()
    page.get_by_role("button", name="Start the application").click()
    page.get_by_label("What would a partner across the Pacific gain").fill(
        "Japanese SAR operators gain a U.S. analytics channel into maritime customers."
    )
    deck = tmp_path / "orbitworks-deck.pdf"
    deck.write_bytes(pdf_bytes(2))
    page.get_by_label("Pitch deck").set_input_files(str(deck))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("link", name="orbitworks-deck.pdf")).to_be_visible()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted").first).to_be_visible()
    application = Application.objects.get(company=us_company)
    assert application.status == "submitted" and application.snapshot["company"]["country"] == "US"

    # Staff assign reviewers by load; the reviewer scores every criterion.
    program = new_page(browser, live_server, staff.email)
    program.goto(f"/cohorts/staff/{cohort.slug}/assignments/")
    program.get_by_role("button", name="Assign automatically").click()
    expect(program.get_by_text(str(reviewer)).first).to_be_visible()

    review = new_page(browser, live_server, reviewer.email, "Asia/Tokyo")
    review.goto("/cohorts/reviews/")
    review.get_by_role("link", name="Orbitworks Analytics Inc.").click()
    for fieldset in review.locator("fieldset.likert").all():
        fieldset.get_by_label("4").check()
    review.get_by_label("Overall recommendation").select_option("accept")
    review.get_by_label("Comment").fill("A clear business case for a Japanese partner.")
    review.get_by_role("button", name="Submit review").click()
    expect(review.get_by_text("Weighted score 4.00").first).to_be_visible()

    # Staff stage the decision and release it; the startup is emailed and sees the result.
    program.goto(f"/cohorts/staff/{cohort.slug}/decisions/")
    program.get_by_role("button", name="Accept").click()
    # The cohort still takes applications: staging asks first, and says why.
    expect(program.get_by_text("Applications to the cohort are still open until").first).to_be_visible()
    program.get_by_role("button", name="Confirm and stage anyway").click()
    program.get_by_text("Release 1 decision…").click()
    program.get_by_role("button", name="Release 1 decision now").click()
    expect(program.get_by_text("Accepted").first).to_be_visible()
    assert [message.to for message in mail.outbox if us_owner.email in message.to]

    page.goto(application.get_absolute_url())
    expect(page.get_by_text("Accepted").first).to_be_visible()
    expect(page.get_by_role("button", name="Decline the offer")).to_be_visible()

    # The dashboard, in Japanese: pipeline, country mix and the readiness bars.
    program.goto(f"/cohorts/staff/{cohort.slug}/")
    program.get_by_role("button", name="日本語").click()
    expect(program.get_by_role("heading", name="日米コホート2027")).to_be_visible()
    for heading in ("パイプライン", "応募企業の準備度"):
        expect(program.get_by_role("heading", name=heading)).to_be_visible()
    expect(program.locator("svg[role=img]").first).to_be_visible()
    for other in (program, review):
        other.context.close()
