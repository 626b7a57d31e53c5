"""Names built from the taxonomies are kept in the cache, and a renamed, added or deleted term
shows on the next page, not when they expire."""

import pytest
from django.urls import reverse

from accelerator import kept
from accelerator.companies.models import CapabilityTag, Segment, TechnologyArea
from matchmaking.reasons import Vocabulary

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("companies:directory")


def test_a_value_of_an_earlier_generation_is_built_again():
    built = []
    assert kept.get_or_build("names", lambda: built.append(1) or "first") == "first"
    assert kept.get_or_build("names", lambda: built.append(2) or "second") == "first"
    kept.forget()
    assert kept.get_or_build("names", lambda: built.append(3) or "third") == "third"
    assert built == [1, 3]


@pytest.mark.parametrize("query", [{}, {"country": "JP"}], ids=["unfiltered", "filtered"])
def test_a_renamed_segment_shows_in_the_directory_filters_on_the_next_page(
    client, us_owner, query, django_capture_on_commit_callbacks
):
    client.force_login(us_owner)
    segment = Segment.objects.order_by("code").first()
    assert segment.name_en in client.get(DIRECTORY, query).text

    with django_capture_on_commit_callbacks(execute=True):
        segment.name_en = "Orbital Hospitality"
        segment.save()

    page = client.get(DIRECTORY, query).text
    assert "Orbital Hospitality" in page


def test_added_and_deleted_areas_show_in_the_matches_filters(
    client, us_owner, us_company, django_capture_on_commit_callbacks
):
    client.force_login(us_owner)
    url = reverse("matchmaking:matches")
    assert "Lunar Plumbing" not in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        area = TechnologyArea.objects.create(code="tx99", name_en="Lunar Plumbing", name_ja="月面配管")
    assert "Lunar Plumbing" in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        area.delete()
    assert "Lunar Plumbing" not in client.get(url).text


def test_a_renamed_tag_shows_in_reasons_at_once(django_capture_on_commit_callbacks):
    tag = CapabilityTag.objects.order_by("code").first()
    assert Vocabulary.kept().tags[tag.code].name_en == tag.name_en

    with django_capture_on_commit_callbacks(execute=True):
        tag.name_en = "Moon Logistics"
        tag.save()

    assert Vocabulary.kept().tags[tag.code].name_en == "Moon Logistics"


def test_a_rename_in_an_unfinished_transaction_changes_nothing_kept(client, us_owner):
    client.force_login(us_owner)
    segment = Segment.objects.order_by("code").first()
    client.get(DIRECTORY)
    generation = kept.get_many([])[1]
    segment.name_en = "Not Yet Committed"
    segment.save()  # the test's transaction never commits: no new generation
    assert kept.get_many([])[1] == generation
