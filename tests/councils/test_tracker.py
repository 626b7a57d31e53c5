"""The policy-implementation tracker: weighted progress, the three figures, and the public bilingual page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accelerator.councils import selectors, services
from accelerator.councils.models import Decision

from .conftest import held


@pytest.fixture
def decision(staff, meeting, item):
    held(meeting, days_ago=20)
    return services.record_decision(
        actor=staff,
        meeting=meeting,
        item=item,
        text_en="Publish a bilingual export-control guide.",
        text_ja="日英の輸出管理ガイドを公表する。",
    )


def test_a_parents_progress_is_the_weighted_mean_of_its_children(staff, decision):
    guide = services.add_result(actor=staff, decision=decision, title_en="Guide", weight=3)
    draft = services.add_result(actor=staff, decision=decision, parent=guide, title_en="Draft", weight=1)
    review = services.add_result(actor=staff, decision=decision, parent=guide, title_en="Review", weight=3)
    services.add_result(actor=staff, decision=decision, title_en="Seminar", weight=1)
    services.record_progress(actor=staff, result=draft, progress=100)
    services.record_progress(actor=staff, result=review, progress=20)

    results = list(decision.results.all())
    progress = selectors.result_progress(results)

    assert progress[guide.pk] == pytest.approx((100 * 1 + 20 * 3) / 4)
    assert selectors.decision_progress(results) == pytest.approx((40 * 3 + 0 * 1) / 4)


def test_a_parents_progress_cannot_be_set_by_hand(staff, decision):
    guide = services.add_result(actor=staff, decision=decision, title_en="Guide")
    services.add_result(actor=staff, decision=decision, parent=guide, title_en="Draft")

    with pytest.raises(Exception, match="weighted mean"):
        services.record_progress(actor=staff, result=guide, progress=50)


def test_the_figures(staff, decision, jp_owner):
    action = services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Draft",
        owner_user=jp_owner,
        due_on=timezone.localdate() - timedelta(days=5),
    )
    assert selectors.days_to_first_action(decision) is None
    services.set_action_status(actor=jp_owner, action=action, status="in_progress")
    result = services.add_result(actor=staff, decision=decision, title_en="Guide")
    services.record_progress(actor=staff, result=result, progress=10)

    annotated = selectors.tracker_decisions(Decision.objects.all()).get()

    for row in (decision, annotated):
        assert selectors.days_to_first_action(row) == 20
        assert selectors.days_to_first_progress(row) == 20
        assert selectors.decision_days_overdue(row) == 5


def test_the_public_page_in_english_and_japanese(client, staff, decision, jp_owner):
    services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Draft",
        owner_user=jp_owner,
        due_on=timezone.localdate() - timedelta(days=2),
    )

    page = client.get(reverse("councils:tracker")).content.decode()
    assert "Publish a bilingual export-control guide." in page
    assert "日英の輸出管理ガイドを公表する。" in page
    assert "Days overdue" in page

    client.cookies["django_language"] = "ja"
    page = client.get(reverse("councils:tracker")).content.decode()
    assert "政策実施トラッカー" in page
    assert "日英の輸出管理ガイドを公表する。" in page


def test_members_only_decisions_stay_off_the_public_tracker(client, staff, private_council, outsider):
    from .conftest import make_meeting

    meeting = make_meeting(staff, private_council)
    services.record_decision(actor=staff, meeting=meeting, text_en="Secret step.", text_ja="非公開の手順。")

    assert "Secret step." not in client.get(reverse("councils:tracker")).content.decode()
    client.force_login(outsider)
    assert "Secret step." not in client.get(reverse("councils:tracker")).content.decode()
    decision = Decision.objects.get()
    assert client.get(decision.get_absolute_url()).status_code == 404


def test_the_tracker_takes_the_same_queries_for_more_decisions(
    client, staff, decision, meeting, django_assert_num_queries
):
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("councils:tracker")).status_code == 200
        return len(captured)

    before = queries()
    # The decisions with their results and actions, and the councils to choose from, in one statement.
    assert before == 1
    for number in range(3):
        extra = services.record_decision(actor=staff, meeting=meeting, text_en=f"D{number}", text_ja=f"決定{number}")
        services.add_result(actor=staff, decision=extra, title_en="R")
    with django_assert_num_queries(before):
        client.get(reverse("councils:tracker"))


def test_the_page_shows_each_decisions_figures_escaped(client, staff, decision, jp_owner, meeting):
    other = services.record_decision(actor=staff, meeting=meeting, text_en="<i>Fund</i> a testbed", text_ja="試験設備")
    guide = services.add_result(actor=staff, decision=decision, title_en="Guide", weight=1)
    services.record_progress(actor=staff, result=guide, progress=40)
    for days in (3, 1):
        services.add_action_item(
            actor=staff,
            decision=decision,
            title_en=f"Late {days}",
            owner_user=jp_owner,
            due_on=timezone.localdate() - timedelta(days=days),
        )

    page = client.get(reverse("councils:tracker")).content.decode()

    assert "&lt;i&gt;Fund&lt;/i&gt; a testbed" in page and "<i>Fund" not in page
    assert f'<a href="{other.get_absolute_url()}">{other.reference}</a>' in page
    assert '<progress max="100" value="40">40%</progress> 40%' in page
    assert '<strong class="error">3</strong>\n        <span class="small">(2 actions)</span>' in page
    assert "no results set" in page and "not yet" in page
    # Newest first: the later decision's number comes before.
    assert page.index(other.reference) < page.index(decision.reference)
    assert "No decisions yet." in client.get(reverse("councils:tracker") + "?council=none").content.decode()


def test_the_tracker_follows_each_change_and_the_chosen_council(client, staff, decision, jp_owner):
    url = reverse("councils:tracker")
    guide = services.add_result(actor=staff, decision=decision, title_en="Guide", weight=1)
    assert '<progress max="100" value="0">0%</progress>' in client.get(url).content.decode()
    services.record_progress(actor=staff, result=guide, progress=60)
    services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Late",
        owner_user=jp_owner,
        due_on=timezone.localdate() - timedelta(days=4),
    )
    page = client.get(url).content.decode()
    assert '<progress max="100" value="60">60%</progress>' in page and '<strong class="error">4</strong>' in page
    chosen = client.get(url, {"council": decision.meeting.council.slug}).content.decode()
    assert decision.reference in chosen and " selected>" in chosen
    assert decision.reference not in client.get(url, {"council": "none"}).content.decode()
