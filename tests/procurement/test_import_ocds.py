import io
import json

import pytest

from procurement.importers import FileRefused
from procurement.models import Opportunity
from procurement.services.importing import import_file

from .conftest import DEMO, release, release_package


def test_releases_of_one_ocid_make_one_opportunity_merged_in_date_order(db):
    tender = release(release_id="r1", date="2026-11-05T09:00:00+11:00", description="First text")
    amendment = release(
        release_id="r2", date="2026-11-26T15:30:00+11:00", tenderPeriod={"endDate": "2027-02-03T14:00:00+11:00"}
    )
    # The amendment comes first in the file: date order decides, not file order.
    result = import_file(source="ocds", stream=release_package(amendment, tender))
    assert result.summary == "created=1 updated=1 unchanged=0 skipped=0"
    opportunity = Opportunity.objects.get()
    assert opportunity.description == "First text"
    assert opportunity.deadline.isoformat() == "2027-02-03T03:00:00+00:00"
    assert opportunity.country == "AU"
    assert opportunity.version == 2
    assert [r["id"] for r in opportunity.raw["releases"]] == ["r1", "r2"]


def test_an_amendment_in_a_later_file_updates_and_is_kept_in_history_never_duplicated(db):
    import_file(source="ocds", stream=release_package(release(release_id="r1")))
    amendment = release(release_id="r2", date="2026-11-26T15:30:00+11:00", value={"amount": 1500, "currency": "AUD"})
    assert import_file(source="ocds", stream=release_package(amendment)).updated == 1
    assert import_file(source="ocds", stream=release_package(amendment)).unchanged == 1
    assert import_file(source="ocds", stream=release_package(release(release_id="r1"))).unchanged == 1
    opportunity = Opportunity.objects.get()
    assert opportunity.value_amount == 1500
    assert opportunity.versions.count() == 2


def test_a_record_package_with_a_consortium_award(db):
    with open(DEMO / "ocds-find-a-tender.json", "rb") as stream:
        assert import_file(source="ocds", stream=stream).created == 2
    awarded = Opportunity.objects.get(ocid="ocds-demo-uk-021903-2026")
    assert awarded.status == "awarded" and awarded.country == "GB"
    award = awarded.awards.get()
    assert [s.name for s in award.suppliers.all()] == ["Albion Orbital Services Ltd", "Hoshizora SAR K.K."]
    open_tender = Opportunity.objects.get(ocid="ocds-demo-uk-038417-2026")
    assert set(open_tender.treaties) == {"wto_gpa", "japan_uk_cepa"}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"value": {"amount": 1000}}, "has an amount but no currency"),
        ({"value": {"amount": "lots", "currency": "AUD"}}, "is not a number"),
        ({"tenderPeriod": {"endDate": "2027-01-20T14:00:00"}}, "has no time zone"),
    ],
)
def test_a_bad_release_names_itself_and_the_rest_imports(db, changes, reason):
    bad = release(ocid="ocds-test-bad", **changes)
    result = import_file(source="ocds", stream=release_package(release(), bad))
    assert result.summary == "created=1 updated=0 unchanged=0 skipped=1"
    [error] = result.errors
    assert error.position == "release 2 (ocid ocds-test-bad)"
    assert reason in error.reason
    assert not Opportunity.objects.filter(ocid="ocds-test-bad").exists()


@pytest.mark.parametrize(
    "content",
    [b"<xml/>", json.dumps({"opportunitiesData": []}).encode(), json.dumps([release()]).encode()],
)
def test_not_a_package_is_refused(db, content):
    with pytest.raises(FileRefused):
        import_file(source="ocds", stream=io.BytesIO(content))
    assert not Opportunity.objects.exists()


def test_a_release_taken_before_is_passed_over_and_a_new_one_merges_with_the_stored_process(db):
    import_file(source="ocds", stream=release_package(release(release_id="r1")))
    amendment = release(release_id="r2", date="2026-11-26T15:30:00+11:00", value={"amount": 1500, "currency": "AUD"})
    again = import_file(source="ocds", stream=release_package(release(release_id="r1"), amendment))
    assert again.summary == "created=0 updated=1 unchanged=1 skipped=0"
    opportunity = Opportunity.objects.get()
    assert len(opportunity.record_digests) == 2
    assert [r["id"] for r in opportunity.raw["releases"]] == ["r1", "r2"]
    assert import_file(source="ocds", stream=release_package(amendment, release(release_id="r1"))).unchanged == 2
