"""What a /search asks for is read once: a code, a phone tail, a building, or words."""

from domain.staff.search import Query, building_spellings, parse


def test_a_query_is_a_code_a_phone_tail_a_building_or_words():
    assert parse(" js-20261123-0042 ") == Query(code="JS-20261123-0042")
    assert parse("5678") == Query(phone_tail="5678")
    assert parse("尾号5678") == Query(phone_tail="5678")
    assert parse("5") == Query(building="5") == parse("5号楼") == parse("5栋")
    assert parse("12A座") == Query(building="12A")
    assert parse("暖气 不热，楼道") == Query(words=("暖气", "不热", "楼道"))
    assert parse("13812345678") == Query(words=("13812345678",))  # never a whole number
    assert parse("").empty and parse("   ").empty


def test_a_building_is_looked_up_in_every_spelling():
    assert building_spellings("5") == ["5", "5号楼", "5栋", "5楼", "5座"]
