import io

import pytest

from procurement.importers import FileRefused
from procurement.models import Opportunity
from procurement.services.importing import import_file

from .conftest import DEMO

ROW = (
    "0000000000000412345,超小型衛星搭載用スタートラッカの購入,2026-10-15,12980000,1,8015,"
    "株式会社ほしぞらSAR,1010401099999\r\n"
)


def test_shift_jis_awards_import_and_rows_of_one_procurement_are_one_opportunity(db):
    with open(DEMO / "pportal-awards.csv", "rb") as stream:
        result = import_file(source="pportal", stream=stream)
    assert result.summary == "created=3 updated=1 unchanged=0 skipped=0"
    shared = Opportunity.objects.get(source_id="0000000000000412388")
    assert shared.status == "awarded" and shared.language == "ja"
    assert sorted(s.name for a in shared.awards.all() for s in a.suppliers.all()) == [
        "Orbitworks Analytics Inc.",
        "株式会社ジャパン・スペース・ウォッチ",
    ]
    with open(DEMO / "pportal-awards.csv", "rb") as stream:
        assert import_file(source="pportal", stream=stream).summary == "created=0 updated=0 unchanged=4 skipped=0"


def test_utf8_with_a_bom_imports_too(db):
    result = import_file(source="pportal", stream=io.BytesIO(("\ufeff" + ROW).encode("utf-8")))
    assert result.created == 1
    award = Opportunity.objects.get().awards.get()
    assert (award.value_amount, award.value_currency) == (12980000, "JPY")
    assert award.suppliers.get().identifier == "1010401099999"


def test_a_row_with_a_bad_amount_is_skipped_by_line(db):
    bad = ROW.replace("12980000", "一千万").replace("412345", "412346")
    result = import_file(source="pportal", stream=io.BytesIO((ROW + bad).encode("utf-8")))
    assert result.summary == "created=1 updated=0 unchanged=0 skipped=1"
    assert result.errors[0].position == "line 2"
    assert "is not a number" in result.errors[0].reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (ROW.encode("utf-16"), "neither UTF-8 nor Shift_JIS"),
        ("調達案件番号,案件名称,落札日\r\n".encode(), "eight columns"),
        (b"", "empty"),
    ],
)
def test_an_unexpected_encoding_or_shape_is_refused(db, content, message):
    with pytest.raises(FileRefused, match=message):
        import_file(source="pportal", stream=io.BytesIO(content))
    assert not Opportunity.objects.exists()


def test_the_category_code_shows_its_label_in_the_readers_language(client, us_owner, jp_owner):
    from django.urls import reverse

    with open(DEMO / "pportal-awards.csv", "rb") as stream:
        import_file(source="pportal", stream=stream)
    services = Opportunity.objects.get(source_id="0000000000000412388")
    assert services.classifications.get().label == "役務"
    url = reverse("procurement:detail", args=[services.pk])
    client.force_login(us_owner)
    assert "— Services (役務)" in client.get(url).content.decode()
    listing = client.get(reverse("procurement:list"), {"status": "", "source": "pportal"}).content.decode()
    assert "JP-CATEGORY 1 · Goods (物品)" in listing and "JP-CATEGORY 2 · Services (役務)" in listing
    client.force_login(jp_owner)
    page = client.get(url).content.decode()
    assert "— 役務" in page and "Services" not in page
