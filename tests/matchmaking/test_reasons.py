"""Reasons as people read them: what each side gains, quoting both sides, in the reader's language."""

from django.urls import reverse
from django.utils import translation

from matchmaking.reasons import Term, Vocabulary, describe_reason, in_sentence, quote

NO_TERMS = Vocabulary(tags={}, segments={}, areas={})

GROUND = {
    "kind": "needs_offer",
    "codes": [],
    "value": 0.0,
    "concepts": [["ground-station", "ground station passes", "地上局"]],
}


def test_a_reason_quotes_each_side_and_glosses_the_other_language():
    text = describe_reason(GROUND, company="Tidewire", partner="Sakura Ground", vocabulary=NO_TERMS)
    assert text == "Sakura Ground offers “地上局” (ground station), which Tidewire needs: “ground station passes”."


def test_the_same_reason_reads_in_natural_japanese():
    with translation.override("ja"):
        text = describe_reason(GROUND, company="Tidewire", partner="さくらグランド", vocabulary=NO_TERMS)
    assert text == (
        "さくらグランドが提供する「地上局」は、Tidewireが求める「ground station passes」（地上局）に合致します。"
    )


def test_two_matched_capabilities_are_named_as_a_pair_in_either_language():
    reason = {
        "kind": "offers_need",
        "codes": [],
        "concepts": [
            ["launch-escape", "フェアリング", "payload fairings"],
            ["composites", "炭素繊維複合材", "carbon-fibre interstages"],
        ],
    }
    english = describe_reason(reason, company="Sora Composites", partner="Apex Launch", vocabulary=NO_TERMS)
    assert english == (
        "Sora Composites offers “フェアリング” (payload fairing) and “炭素繊維複合材” (composite), "
        "which Apex Launch needs: “payload fairings” and “carbon-fibre interstages”."
    )
    with translation.override("ja"):
        japanese = describe_reason(reason, company="そら複合材", partner="Apex Launch", vocabulary=NO_TERMS)
    assert japanese == (
        "そら複合材が提供する「フェアリング」と「炭素繊維複合材」は、"
        "Apex Launchが求める「payload fairings」（フェアリング）と「carbon-fibre interstages」（複合材）に合致します。"
    )


def test_a_phrase_that_named_two_concepts_is_quoted_once():
    reason = {
        "kind": "offers_need",
        "codes": [],
        "concepts": [
            ["railways", "鉄道", "railway"],
            ["infrastructure-monitoring", "鉄道", "expressway"],
            ["disaster", "防災", "disaster response"],
        ],
    }
    english = describe_reason(reason, company="Kansai Rail Survey", partner="Groundwise", vocabulary=NO_TERMS)
    assert english == (
        "Kansai Rail Survey offers “鉄道” (railways) and “防災” (disaster), "
        "which Groundwise needs: “railway” and “disaster response”."
    )


def test_a_concept_named_without_a_phrase_keeps_its_capitals():
    assert quote("", "japan-market-access") == "Japan market"
    assert quote("", "cots") == "COTS"
    assert quote("", "lunar-far-side") == "far side of the Moon"


def test_tag_names_are_cased_naturally_inside_sentences():
    assert in_sentence("Ground station services") == "ground station services"
    assert in_sentence("SAR satellites and imagery") == "SAR satellites and imagery"
    assert in_sentence("LEO broadband connectivity") == "LEO broadband connectivity"


def test_nasa_technology_areas_keep_their_titles_while_segments_read_in_the_sentence():
    named = Vocabulary(
        tags={},
        segments={"space-data": Term("Space data applications", "宇宙データ利用")},
        areas={"tx11": Term("Software, Modeling, Simulation, and Information Processing", "ソフトウェア・情報処理")},
    )
    areas = {"kind": "technology_areas", "codes": ["tx11"]}
    segments = {"kind": "segments", "codes": ["space-data"]}
    assert describe_reason(areas, company="A", partner="B", vocabulary=named) == (
        "Shared technology areas: Software, Modeling, Simulation, and Information Processing."
    )
    assert describe_reason(segments, company="A", partner="B", vocabulary=named) == (
        "Both work in space data applications."
    )


def test_the_itar_bridge_guidance_reads_in_both_languages(client, jp_owner):
    page = client.get(reverse("matchmaking:itar_bridge")).content.decode()
    assert "DSP-5" in page and "Technical Assistance Agreement" in page
    jp_owner.preferred_language = "ja"
    jp_owner.save()
    client.force_login(jp_owner)
    page = client.get(reverse("matchmaking:itar_bridge")).content.decode()
    assert "ITARブリッジオフィス" in page and "技術援助契約" in page


def test_a_quoted_description_drops_its_own_full_stop_inside_the_sentence():
    reason = {
        "kind": "text_offers_need",
        "codes": [],
        "value": 0.4,
        "concepts": [["", "Antenna time in the U.S.", "受信設備を時間単位で借りたい。"]],
    }
    english = describe_reason(reason, company="Polar Dish", partner="ほしSAR", vocabulary=NO_TERMS)
    assert english == (
        "What Polar Dish offers, “Antenna time in the U.S.”, answers what ほしSAR is looking for: "
        "“受信設備を時間単位で借りたい”."
    )
    with translation.override("ja"):
        japanese = describe_reason(reason, company="Polar Dish", partner="ほしSAR", vocabulary=NO_TERMS)
    assert japanese == (
        "Polar Dishが提供する「Antenna time in the U.S.」は、"
        "ほしSARが探している「受信設備を時間単位で借りたい」に合致します。"
    )
