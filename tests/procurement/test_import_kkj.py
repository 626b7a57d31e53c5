import io

import pytest

from procurement.importers import FileRefused
from procurement.models import Opportunity
from procurement.services.importing import import_file

from .conftest import DEMO

RESULT = """<SearchResult><Key>{key}</Key><ProjectName>{name}</ProjectName>{extra}</SearchResult>"""


def kkj(*results: str) -> io.BytesIO:
    body = "".join(results)
    return io.BytesIO(
        f"<?xml version='1.0' encoding='UTF-8'?><Results><Version>1.0</Version><SearchResults>"
        f"<SearchHits>{len(results)}</SearchHits>{body}</SearchResults></Results>".encode()
    )


def test_it_imports_the_demo_search_results(db):
    with open(DEMO / "kkj-search-results.xml", "rb") as stream:
        assert import_file(source="kkj", stream=stream).summary == "created=4 updated=0 unchanged=0 skipped=0"
    jaxa = Opportunity.objects.get(source_id="demo-kkj-0001-jaxa-sar")
    assert jaxa.language == "ja" and jaxa.country == "JP"
    assert jaxa.buyer_name == "国立研究開発法人宇宙航空研究開発機構"
    assert jaxa.procurement_method == "open"
    # TenderSubmissionDeadline is the day bids start, per the portal's documentation: not a deadline.
    assert jaxa.deadline is None
    assert jaxa.bids_open_at.isoformat() == "2026-11-30T15:00:00+00:00"
    assert jaxa.tenders_opened_at is not None
    assert {"kind": "unified_qualification", "value": "A,B,C"} in jaxa.eligibility
    assert "wto_gpa" in jaxa.treaties
    primary = jaxa.classifications.first()
    assert (primary.scheme, primary.code) == ("JP-CATEGORY", "役務")
    assert len(jaxa.documents) == 3


def test_most_fields_may_be_missing_and_dates_without_a_zone_are_japans(db):
    import_file(
        source="kkj",
        stream=kkj(
            RESULT.format(
                key="k1", name="衛星部品の購入", extra="<OpeningTendersEvent>2027-01-05</OpeningTendersEvent>"
            )
        ),
    )
    opportunity = Opportunity.objects.get()
    assert opportunity.title == "衛星部品の購入"
    assert opportunity.tenders_opened_at.isoformat() == "2027-01-04T15:00:00+00:00"


def test_a_result_without_a_key_is_skipped_with_its_position(db):
    result = import_file(
        source="kkj", stream=kkj(RESULT.format(key="", name="A", extra=""), RESULT.format(key="k2", name="B", extra=""))
    )
    assert result.summary == "created=1 updated=0 unchanged=0 skipped=1"
    assert result.errors[0].position == "result 1"


def test_an_error_document_is_a_clear_refusal(db):
    with pytest.raises(FileRefused, match="検索条件が不正です"):
        import_file(source="kkj", stream=io.BytesIO("<Results><Error>検索条件が不正です</Error></Results>".encode()))


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Results><SearchResults><SearchResult><Key>k</Key><ProjectName>&lol3;</ProjectName></SearchResult></SearchResults></Results>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BOMB, "XML bomb"),
        (b"<feed><entry/></feed>", "not <Results>"),
        (b"not xml at all", "not well-formed XML"),
        (b"<Results><Version>1.0</Version></Results>", "no <SearchResults>"),
    ],
)
def test_a_dangerous_or_foreign_file_is_refused_and_saves_nothing(db, content, message):
    with pytest.raises(FileRefused, match=message):
        import_file(source="kkj", stream=io.BytesIO(content))
    assert not Opportunity.objects.exists()
