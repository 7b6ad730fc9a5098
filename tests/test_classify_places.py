"""A party's name that opens with a local place OCR misread by one character is mended to the place as the
agency's registered name writes it (classify.places)."""
from __future__ import annotations

from classify.extract import extract
from classify.places import local_places, mend_places
from classify.text import DocText

PLACES = local_places(("测澜市鹭岛区应急管理局", "枫样县卫生健康局"))


def test_the_places_are_read_from_the_agencies_names():
    assert PLACES == {"测澜市", "鹭岛区", "枫样县"}


def test_one_misread_character_of_a_known_place_is_mended():
    assert mend_places("侧澜市鹭岛区某某食品有限公司", PLACES) == "测澜市鹭岛区某某食品有限公司"
    assert mend_places("测澜市鹭鸟区某某食品有限公司", PLACES) == "测澜市鹭岛区某某食品有限公司"


def test_other_places_and_the_rest_of_a_name_are_left_as_read():
    assert mend_places("北京市某某食品有限公司", PLACES) == "北京市某某食品有限公司"  # two characters apart
    assert mend_places("侧澜某某食品有限公司", PLACES) == "侧澜某某食品有限公司"  # no 市: not read as a place
    assert mend_places("测澜市某某食晶有限公司", PLACES) == "测澜市某某食晶有限公司"
    assert mend_places("枫样县", PLACES) == "枫样县"
    assert mend_places("任何名称", frozenset()) == "任何名称"


def test_a_place_that_is_itself_known_is_never_mended_to_another():
    places = local_places(("甲澜市某局", "乙澜市某局"))
    assert mend_places("乙澜市某某有限公司", places) == "乙澜市某某有限公司"


def test_the_classifier_mends_a_party_by_the_registered_agency_names():
    text = "测澜市鹭岛区应急管理局\n立案审批表\n当事人:侧澜市鹭岛区某某食品有限公司\n法定代表人:韩样乙"
    fields = extract(DocText.from_strings([text]), ["测澜市鹭岛区应急管理局"]).fields
    party = next(f for f in fields if f.kind == "party" and f.attr == "name")
    assert party.value == "测澜市鹭岛区某某食品有限公司" and party.raw.startswith("侧澜市")
    rep = next(f for f in fields if f.kind == "legal_rep" and f.attr == "represents")
    assert rep.value == "测澜市鹭岛区某某食品有限公司"
    # Without registered agencies nothing is known of the places, and nothing is mended.
    unmended = extract(DocText.from_strings([text])).fields
    assert next(f for f in unmended if f.kind == "party" and f.attr == "name").value.startswith("侧澜市")


def test_a_mended_party_stays_one_entity_with_its_particulars():
    text = "测澜市鹭岛区应急管理局\n询问笔录\n当事人:侧澜市鹭岛区某某食品有限公司\n住所:测澜市鹭岛区工业路1号"
    fields = extract(DocText.from_strings([text]), ["测澜市鹭岛区应急管理局"]).fields
    groups = {f.group for f in fields if f.kind == "party"}
    assert len(groups) == 1
    assert {f.attr for f in fields if f.kind == "party"} >= {"name", "address", "kind"}
