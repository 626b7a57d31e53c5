"""The matches, introductions, inbox and run pages, as each role sees them."""

import pytest
from django.urls import reverse

from matchmaking import selectors, services
from matchmaking.models import DigestSetting, Introduction, MatchRun, Suggestion

from ..factories import make_company

pytestmark = pytest.mark.django_db


def test_a_partner_browses_ranked_matches_with_reasons(client, partner, matched):
    client.force_login(partner)
    response = client.get(reverse("matchmaking:matches"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Nihon Precision Components Co., Ltd.") < page.index("Hoshi SAR K.K.")
    assert "Prime Meridian Space Systems Inc. offers access to U.S. government and commercial customers" in page
    assert "U.S.–Japan pair" in page  # a badge, not a reason
    assert "DSP-5 licence or TAA" in page
    assert "50 is one specific need met one way" in page  # what the fit's number means
    assert "Fuji Heavy Space Industries" not in page


def test_matches_read_in_japanese(client, jp_owner, matched):
    client.force_login(jp_owner)
    page = client.get(reverse("matchmaking:matches")).content.decode()
    assert "マッチング" in page
    assert "株式会社ほしSAR" in page
    assert "SAR衛星" in page  # the capability named in Japanese
    assert "50は一方の具体的なニーズが1つ満たされる水準" in page


def test_filters_narrow_the_list(client, partner, matched):
    client.force_login(partner)
    page = client.get(reverse("matchmaking:matches"), {"country": "US"}).content.decode()
    assert "Hoshi SAR K.K." not in page
    page = client.get(reverse("matchmaking:matches"), {"flag": "none"}).content.decode()
    assert "Nihon Precision Components" not in page
    page = client.get(reverse("matchmaking:matches"), {"segment": "components", "trl_min": 9}).content.decode()
    assert "Nihon Precision Components" in page and "Hoshi SAR K.K." not in page


def test_bad_filter_values_show_an_error_not_a_500(client, partner, matched):
    client.force_login(partner)
    response = client.get(reverse("matchmaking:matches"), {"trl_min": "many", "segment": "nope"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Enter a number" in response.content.decode()


def test_an_empty_profile_gets_a_prompt_not_an_error(client, outsider, matched):
    client.force_login(outsider)
    response = client.get(reverse("matchmaking:matches"))
    assert response.status_code == 200
    assert "Your capability profile is empty" in response.content.decode()
    assert reverse("companies:edit_profile", args=[matched["empty"].slug]) in response.content.decode()


def test_someone_without_a_company_is_invited_to_add_one(client, reviewer):
    client.force_login(reviewer)
    assert "Add your company" in client.get(reverse("matchmaking:matches")).content.decode()


def test_the_list_costs_the_same_queries_however_long(client, partner, matched, django_assert_num_queries):
    client.force_login(partner)
    url = reverse("matchmaking:matches")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # The session, the user and their roles, the unread count; then the user's companies with
    # their profiles' emptiness, and the page of suggestions with each latest introduction.
    # The taxonomy names of the reasons are kept from the first view.
    assert len(few) == 6
    for index in range(8):
        make_company(
            legal_name=f"Kansai Machining {index} Co., Ltd.",
            country="JP",
            segments=("components",),
            offers=("precision-manufacturing",),
            needs=("us-market-access",),
            trl=8,
        )
    services.start_full_run(inline=True)
    assert Suggestion.objects.filter(company=matched["prime"], is_active=True).count() >= 9
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_cards_show_the_latest_introduction_either_way_and_the_actions_of_members(client, partner, staff, matched):
    prime, jp = matched["prime"], matched["jp"]
    suggestion = Suggestion.objects.get(company=prime, partner=jp)
    old = services.request_introduction(suggestion=suggestion, user=partner, message="Hello")
    Introduction.objects.filter(pk=old.pk).update(status="expired")
    # The latest introduction between the two, whichever side asked, names its status on the card.
    Introduction.objects.create(
        requester=jp, recipient=prime, requested_by=partner, message="Hi", status="declined", expires_at=old.expires_at
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(status="dismissed")
    client.force_login(partner)
    page = client.get(reverse("matchmaking:matches"), {"status": "dismissed"}).content.decode()
    card = page[page.index('<article class="company-card match">') :]
    assert '<span class="badge">Declined</span>' in card and "Expired" not in card
    assert '<span class="badge">Dismissed</span>' in card
    restore = reverse("matchmaking:restore", args=[suggestion.pk])
    form = f'<form method="post" action="{restore}" class="inline"><input type="hidden" name="csrfmiddlewaretoken"'
    assert form in card
    assert '<input type="hidden" name="next" value="/matches/?status=dismissed">' in card
    assert f'href="{suggestion.get_absolute_url()}#introduce"' in card
    client.force_login(staff)
    page = client.get(reverse("matchmaking:matches"), {"company": prime.slug, "status": "dismissed"}).content.decode()
    assert "Declined" in page and restore not in page and "#introduce" not in page


def test_cards_escape_what_companies_wrote(client, partner, matched):
    from accelerator.companies.models import Company

    Company.objects.filter(pk=matched["jp"].pk).update(legal_name='Hoshi <script>alert("x")</script> K.K.')
    client.force_login(partner)
    page = client.get(reverse("matchmaking:matches")).content.decode()
    assert "<script>alert" not in page
    assert "Hoshi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; K.K." in page


def test_another_companys_matches_are_not_shown(client, outsider, matched):
    client.force_login(outsider)
    assert client.get(reverse("matchmaking:matches"), {"company": matched["prime"].slug}).status_code == 404
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    assert client.get(suggestion.get_absolute_url()).status_code == 404
    for action in ("save", "dismiss", "restore", "request_introduction"):
        response = client.post(
            reverse(f"matchmaking:{action}", args=[suggestion.pk]), {"reason": "other", "message": "Hi"}
        )
        assert response.status_code == 404
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.NEW
    assert not Introduction.objects.exists()


def test_staff_read_any_companys_matches_but_do_not_act_for_it(client, staff, matched):
    client.force_login(staff)
    assert client.get(reverse("matchmaking:matches"), {"company": matched["prime"].slug}).status_code == 200
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    assert client.get(suggestion.get_absolute_url()).status_code == 200
    assert client.post(reverse("matchmaking:save", args=[suggestion.pk])).status_code == 403


def test_save_dismiss_and_restore(client, partner, matched):
    client.force_login(partner)
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    client.post(reverse("matchmaking:save", args=[suggestion.pk]))
    assert Suggestion.objects.get(pk=suggestion.pk).status == "saved"
    client.post(reverse("matchmaking:dismiss", args=[suggestion.pk]), {"reason": "wrong"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "saved"
    client.post(reverse("matchmaking:dismiss", args=[suggestion.pk]), {"reason": "not_relevant"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "dismissed"
    assert "Hoshi SAR K.K." not in client.get(reverse("matchmaking:matches")).content.decode()
    page = client.get(reverse("matchmaking:matches"), {"status": "dismissed"}).content.decode()
    assert "Hoshi SAR K.K." in page
    client.post(reverse("matchmaking:restore", args=[suggestion.pk]))
    assert Suggestion.objects.get(pk=suggestion.pk).status == "new"


def test_the_introduction_journey(client, partner, jp_owner, matched, django_capture_on_commit_callbacks):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    client.force_login(partner)
    response = client.post(reverse("matchmaking:request_introduction", args=[suggestion.pk]), {"message": ""})
    assert response.status_code == 400 and not Introduction.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matchmaking:request_introduction", args=[suggestion.pk]), {"message": "Let us talk about SAR."}
        )
    introduction = Introduction.objects.get()
    assert response.url == introduction.get_absolute_url()
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert jp_owner.email not in page and "Contact details are shared" in page

    client.force_login(jp_owner)
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert partner.email not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(introduction.get_absolute_url(), {"decision": "accept"})
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert partner.email in page and jp_owner.email in page

    client.force_login(partner)
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert jp_owner.email in page

    # Answering again changes nothing.
    client.force_login(jp_owner)
    client.post(introduction.get_absolute_url(), {"decision": "decline", "reason": "timing"})
    assert Introduction.objects.get().status == "accepted"


def test_outsiders_cannot_read_or_answer_an_introduction(client, partner, outsider, us_owner, matched):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    introduction = services.request_introduction(suggestion=suggestion, user=partner, message="Hello")
    for user in (outsider, us_owner):
        client.force_login(user)
        assert client.get(introduction.get_absolute_url()).status_code == 404
        assert client.post(introduction.get_absolute_url(), {"decision": "accept"}).status_code == 404
    client.force_login(partner)
    assert client.post(introduction.get_absolute_url(), {"decision": "accept"}).status_code == 403
    assert Introduction.objects.get().status == "pending"


def test_staff_see_time_to_response(client, staff, partner, jp_owner, matched):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    introduction = services.request_introduction(suggestion=suggestion, user=partner, message="Hello")
    services.answer_introduction(introduction=introduction, user=jp_owner, accept=True)
    client.force_login(staff)
    page = client.get(reverse("matchmaking:introductions")).content.decode()
    assert "median time to answer" in page and "100%" in page
    client.force_login(partner)
    assert "median time to answer" not in client.get(reverse("matchmaking:introductions")).content.decode()
    # The heading's figures follow the next request, and its status buttons the filter.
    other = Suggestion.objects.filter(company=matched["prime"]).exclude(partner=matched["jp"]).first()
    services.request_introduction(suggestion=other, user=partner, message="Hi")
    client.force_login(staff)
    page = client.get(reverse("matchmaking:introductions")).content.decode()
    assert "<strong>2</strong> requests" in page and "<strong>1</strong> waiting" in page
    page = client.get(reverse("matchmaking:introductions"), {"status": "accepted"}).content.decode()
    url = reverse("matchmaking:introductions")
    assert f'<a class="button small secondary" href="{url}">All</a>' in page
    assert '<a class="button small" href="?status=accepted">Accepted</a>' in page


def test_inbox_and_digest_setting(client, us_owner, matched):
    client.force_login(us_owner)
    page = client.get(reverse("matchmaking:inbox")).content.decode()
    assert "Hoshi SAR K.K., suggested for Orbitworks Analytics Inc." in page
    client.post(reverse("matchmaking:inbox"), {"frequency": "daily"})
    assert DigestSetting.objects.get(user=us_owner).frequency == "daily"
    response = client.post(reverse("matchmaking:inbox"), {"frequency": "hourly"})
    assert response.status_code == 200 and DigestSetting.objects.get(user=us_owner).frequency == "daily"
    client.post(reverse("matchmaking:inbox"), {"action": "mark_read"})
    assert not us_owner.inbox_items.filter(read_at__isnull=True).exists()


def test_runs_page_is_for_staff(client, staff, partner, market, django_capture_on_commit_callbacks):
    client.force_login(partner)
    assert client.get(reverse("matchmaking:runs")).status_code == 403
    assert client.post(reverse("matchmaking:runs")).status_code == 403
    assert not MatchRun.objects.exists()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matchmaking:runs"))
    run = MatchRun.objects.get()
    assert run.status == "succeeded" and run.triggered_by == staff
    page = client.get(reverse("matchmaking:runs")).content.decode()
    assert "All companies" in page and "Finished" in page and "UTC" in page


def test_the_list_as_it_opens_is_the_filters_list(client, partner, matched):
    """The opening list's statement, compiled once, reads what SuggestionFilter's queryset does."""
    from accelerator.pagination import page_of
    from matchmaking import selectors
    from matchmaking.filters import SuggestionFilter

    prime, jp = matched["prime"], matched["jp"]
    with_jp = Suggestion.objects.get(company=prime, partner=jp)
    services.request_introduction(suggestion=with_jp, user=partner, message="Hi")
    others = list(Suggestion.objects.filter(company=prime, is_active=True).exclude(pk=with_jp.pk).order_by("rank"))
    Suggestion.objects.filter(pk=others[0].pk).update(status="saved")
    Suggestion.objects.filter(pk=others[-1].pk).update(status="dismissed")
    for company in (prime, jp, matched["empty"]):
        rows, count = selectors.first_suggestions(company, 20)
        page = page_of(
            SuggestionFilter(None, queryset=selectors.company_suggestions(company)).qs.order_by("rank"), None, 20
        )
        assert count == page.paginator.count
        assert [row.pk for row in rows] == [suggestion.pk for suggestion in page.object_list]
        for row, suggestion in zip(rows, page.object_list, strict=True):
            for name in ("company_id", "partner_id", "rank", "fit", "mutual", "reasons", "flags", "status"):
                assert getattr(row, name) == getattr(suggestion, name)
            assert row.introduction_status == suggestion.introduction_status
            assert row.partner.display_name == suggestion.partner.display_name
            assert (row.partner.country, row.partner.kind) == (suggestion.partner.country, suggestion.partner.kind)
            assert hasattr(row.partner, "profile") == hasattr(suggestion.partner, "profile")
    client.force_login(partner)
    page = client.get(reverse("matchmaking:matches")).content.decode()
    assert '<span class="badge">Waiting for an answer</span>' in page
    assert others[-1].partner.display_name not in page


def test_the_list_written_once_carries_each_views_token_and_follows_changes(partner, matched):
    """The list as it opens is kept per set of rows: each view's forms carry its own CSRF token,
    and a saved suggestion or a renamed partner shows on the next view."""
    import re

    from django.test import Client

    url = reverse("matchmaking:matches")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(partner)
    first = browser.get(url).content.decode()
    second = browser.get(url).content.decode()
    cards = [page.split("<article", 1)[1] for page in (first, second)]
    tokens = [set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', card)) for card in cards]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    assert "csrf-mark" not in second
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    response = browser.post(reverse("matchmaking:save", args=[suggestion.pk]), {"csrfmiddlewaretoken": tokens[1].pop()})
    assert response.status_code == 302
    assert Suggestion.objects.get(pk=suggestion.pk).status == "saved"
    card = browser.get(url).content.decode().split("Hoshi SAR K.K.")[1].split("</article>")[0]
    assert "Saved" in card
    matched["jp"].legal_name = "Hoshi Radar K.K."
    matched["jp"].save()
    assert "Hoshi Radar K.K." in browser.get(url).content.decode()


def test_the_introduction_list_as_it_opens_is_the_predicates_list(client, staff, partner, jp_owner, outsider, matched):
    """Read with a statement compiled once per role, the list is visible_introductions() for
    every reader; the table written once follows an answer on the next view."""
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    introduction = services.request_introduction(suggestion=suggestion, user=partner, message="Hello")
    for reader in (staff, partner, jp_owner, outsider):
        expected = list(
            selectors.introduction_rows(selectors.visible_introductions(reader)).values_list(
                *selectors.INTRODUCTION_ROW_FIELDS
            )
        )
        assert selectors.first_introduction_values(reader, 20) == expected
        assert bool(expected) == (reader != outsider)
    url = reverse("matchmaking:introductions")
    client.force_login(partner)
    assert "<td>Waiting for an answer</td>" in client.get(url).content.decode()
    assert "<td>Waiting for an answer</td>" in client.get(url).content.decode()  # the kept table
    services.answer_introduction(introduction=introduction, user=jp_owner, accept=True)
    page = client.get(url).content.decode()
    assert "<td>Accepted</td>" in page and "<td>Waiting for an answer</td>" not in page
    client.force_login(outsider)
    assert "No introductions yet." in client.get(url).content.decode()


def test_the_run_list_as_it_opens_is_the_runs_list_and_follows_each_run(client, staff, matched):
    """Read with a statement compiled once, the list is runs(); its table, written once per set
    of rows, shows a run's progress on the next view, and its forms carry each view's token."""
    import re

    from django.test import Client

    run = MatchRun.objects.create(kind="full", status="running", chunks_total=4, chunks_done=1, triggered_by=staff)
    MatchRun.objects.create(kind="company", status="succeeded", company=matched["jp"])
    expected = list(selectors.runs().values_list(*selectors.RUN_ROW_FIELDS))
    assert selectors.first_run_values(20) == expected and len(expected) == 3  # with the fixture's run
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    url = reverse("matchmaking:runs")
    first, second = (browser.get(url).content.decode() for _ in range(2))
    assert "One company: Hoshi SAR K.K." in first and "1/4" in first and "csrf-mark" not in second
    token = re.findall(r'action="/matches/runs/\d+/cancel/" class="inline"><input type="hidden" '
                       r'name="csrfmiddlewaretoken" value="([^"]+)"', second)[0]  # fmt: skip
    MatchRun.objects.filter(pk=run.pk).update(chunks_done=3)
    assert "3/4" in browser.get(url).content.decode()
    response = browser.post(reverse("matchmaking:cancel_run", args=[run.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and MatchRun.objects.get(pk=run.pk).status == "cancelled"
