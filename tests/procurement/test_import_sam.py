import io
import json

import pytest
from django.core.management import CommandError, call_command

from procurement.importers import FileRefused
from procurement.models import Opportunity, OpportunityVersion
from procurement.services.importing import import_file

from .conftest import DEMO, sam_notice, sam_response


def test_it_imports_a_response_with_nulls_padding_and_award_notices(db):
    result = import_file(
        source="sam",
        stream=sam_response(
            sam_notice("n1", title="  Padded title  ", typeOfSetAside="null", typeOfSetAsideDescription=None),
            sam_notice(
                "n2",
                type="Award Notice",
                responseDeadLine=None,
                award={
                    "date": "2026-10-28",
                    "number": "C-1",
                    "amount": "4850000.00",
                    "awardee": {"name": "Prime Meridian Space Systems Inc.", "ueiSAM": "PMSS7Q2LK8N4"},
                },
            ),
        ),
    )
    assert result.summary == "created=2 updated=0 unchanged=0 skipped=0"
    first = Opportunity.objects.get(source_id="n1")
    assert first.title == "Padded title"
    assert first.set_aside == "" and first.set_aside_code == ""
    assert first.deadline.isoformat() == "2027-01-14T22:00:00+00:00"
    assert first.deadline_as_published == "2027-01-14T17:00:00-05:00"
    assert first.buyer_name == "NASA HEADQUARTERS"
    assert [(c.scheme, c.code) for c in first.classifications.all()] == [("NAICS", "541370"), ("PSC", "1810")]
    assert first.raw["noticeId"] == "n1"
    award_notice = Opportunity.objects.get(source_id="n2")
    assert award_notice.status == "awarded" and award_notice.deadline is None
    award = award_notice.awards.get()
    assert (award.value_amount, award.value_currency) == (4850000, "USD")
    assert award.suppliers.get().identifier == "PMSS7Q2LK8N4"


def test_the_same_file_twice_changes_nothing_and_a_change_is_a_new_version(db):
    import_file(source="sam", stream=sam_response(sam_notice("n1")))
    again = import_file(source="sam", stream=sam_response(sam_notice("n1")))
    assert again.summary == "created=0 updated=0 unchanged=1 skipped=0"
    assert OpportunityVersion.objects.count() == 1

    amended = import_file(
        source="sam", stream=sam_response(sam_notice("n1", responseDeadLine="2027-01-28T17:00:00-05:00"))
    )
    assert amended.summary == "created=0 updated=1 unchanged=0 skipped=0"
    opportunity = Opportunity.objects.get()
    assert opportunity.version == 2
    assert list(opportunity.versions.values_list("number", flat=True)) == [2, 1]


def test_export_control_wording_and_eligibility_are_found(db):
    import_file(
        source="sam",
        stream=sam_response(
            sam_notice(
                "n1",
                description="Technical data is subject to ITAR. U.S. persons only. Attachment 3 is an "
                "export-controlled document (DD Form 2345). Offerors need a UEI.",
                typeOfSetAside="SBA",
                typeOfSetAsideDescription="Total Small Business Set-Aside (FAR 19.5)",
            )
        ),
    )
    opportunity = Opportunity.objects.get()
    assert opportunity.itar and opportunity.us_persons_only and opportunity.controlled_documents
    assert not opportunity.ear
    assert "ITAR" in opportunity.export_evidence
    assert {note["kind"] for note in opportunity.eligibility} == {"sam_registration", "set_aside", "uei"}


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"responseDeadLine": "2027-01-14T17:00:00"}, "has no time zone"),
        ({"award": {"number": "C-1", "amount": "about a million", "awardee": {"name": "X"}}}, "is not a number"),
        ({"title": "null"}, "has no title"),
    ],
)
def test_a_bad_record_is_skipped_with_its_position_and_the_rest_imports(db, fields, reason):
    result = import_file(source="sam", stream=sam_response(sam_notice("good"), sam_notice("bad", **fields)))
    assert result.summary == "created=1 updated=0 unchanged=0 skipped=1"
    [error] = result.errors
    assert error.position == "notice 2 (noticeId bad)"
    assert reason in error.reason
    assert list(Opportunity.objects.values_list("source_id", flat=True)) == ["good"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json", "The file is not JSON."),
        (b"", "The file is empty."),
        (json.dumps([{"noticeId": "x"}]).encode(), "not a SAM.gov opportunities response"),
        (json.dumps({"releases": []}).encode(), "not a SAM.gov opportunities response"),
    ],
)
def test_a_file_of_the_wrong_structure_is_refused_and_saves_nothing(db, content, message):
    with pytest.raises(FileRefused, match=message):
        import_file(source="sam", stream=io.BytesIO(content))
    assert not Opportunity.objects.exists()


def test_the_command_prints_progress_and_ends_with_the_counts(db, capsys):
    call_command("import_opportunities", "--source", "sam", str(DEMO / "sam-opportunities.json"))
    out, err = capsys.readouterr()
    assert out.strip().splitlines()[-1] == "created=6 updated=0 unchanged=0 skipped=0"
    assert "records read" in err
    call_command("import_opportunities", "--source", "sam", str(DEMO / "sam-opportunities.json"))
    assert capsys.readouterr()[0].strip().splitlines()[-1] == "created=0 updated=0 unchanged=6 skipped=0"


def test_the_command_refuses_a_file_of_another_format(db, tmp_path):
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"releases": []}))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_opportunities", "--source", "sam", str(path))


def test_records_are_written_in_batches(db):
    notices = [sam_notice(f"n{i}") for i in range(5)]
    batches = []
    result = import_file(
        source="sam", stream=sam_response(*notices), batch_size=2, progress=lambda r: batches.append(r.processed)
    )
    assert result.created == 5
    assert batches == [2, 4, 5]


def test_a_record_taken_before_is_passed_over_unread(db, monkeypatch):
    from procurement.importers import sam

    import_file(source="sam", stream=sam_response(sam_notice("n1"), sam_notice("n2")))
    read = []
    original = sam.notice
    monkeypatch.setattr(sam, "notice", lambda item, **kwargs: read.append(item["noticeId"]) or original(item, **kwargs))
    again = import_file(
        source="sam", stream=sam_response(sam_notice("n1"), sam_notice("n2", title="Launch services for SmallSats"))
    )
    assert again.summary == "created=0 updated=1 unchanged=1 skipped=0"
    assert read == ["n2"]
    assert Opportunity.objects.get(source_id="n2").title == "Launch services for SmallSats"


def test_a_republished_record_with_the_same_content_is_remembered(db, monkeypatch):
    from procurement.importers import sam

    import_file(source="sam", stream=sam_response(sam_notice("n1")))
    # The same notice, its fields in another order and with a field the platform does not keep.
    reordered = dict(reversed(list(sam_notice("n1", archiveDate=None).items())))
    assert import_file(source="sam", stream=sam_response(reordered)).unchanged == 1
    read = []
    original = sam.notice
    monkeypatch.setattr(sam, "notice", lambda item, **kwargs: read.append(item["noticeId"]) or original(item, **kwargs))
    assert import_file(source="sam", stream=sam_response(reordered)).unchanged == 1
    assert read == []
    assert OpportunityVersion.objects.count() == 1
