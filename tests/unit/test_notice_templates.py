"""A template's time and place change in both texts, again and again, until rewritten."""

from domain.notices.templates import TEMPLATES, refill, slot_value, slots_in, split_value, template


def test_every_template_reads_its_own_defaults_back():
    for chosen in TEMPLATES:
        for slot, (zh, _en) in chosen.defaults.items():
            assert slot_value(chosen.text_zh, slot) == zh


def test_time_and_place_change_in_both_texts_and_change_again():
    water = template("water_cut")
    zh, en = refill(water.text_zh, water.text_en, "when", "12月9日 8:00–12:00", None)
    assert "本小区将于12月9日 8:00–12:00 停水" in zh
    assert "off 12月9日 8:00–12:00 in our community" in en  # no English given: the Chinese
    zh, en = refill(zh, en, "place", "5号楼", "Building 5")
    zh, en = refill(zh, en, "when", "12月10日", "Dec 10")
    assert "5号楼将于12月10日 停水" in zh and "off Dec 10 in Building 5." in en
    assert refill("3号楼电梯周三全天停用。", None, "when", "周四", None) is None
    assert slots_in("3号楼电梯周三全天停用。") == () and slots_in(zh) == ("when", "place")
    assert slots_in(template("heating_check").text_zh) == ("when",)


def test_a_value_with_its_english_after_a_bar():
    assert split_value(" 5号楼 | Building 5 ") == ("5号楼", "Building 5")
    assert split_value("5号楼") == ("5号楼", None)
