"""每月一题 rules on plain counts: scoring, the pick, the buildings, the words."""

import re

import pytest

from domain.notices.calendar import load_calendar
from domain.notices.proposal import Proposal, pick, rank, score, smallest_cover, topic_for
from handlers.notices import calendar_texts

HEATING = "城乡建设/城市建设和市政管理/冬季采暖"
PROPERTY = "城乡建设/住房保障与房地产/物业服务"
DRAINAGE = "城乡建设/城市建设和市政管理/基础设施"
CJK = re.compile(r"[\u4e00-\u9fff]")


def series(year_ago: int, *, two_years_ago: int = 0, level: int = 2, recent: int | None = None,
           recent_before: int | None = None) -> list[int]:
    """24 months (M−24 first): ``level`` everywhere but the same month one and two years
    ago, and optionally the last three months and the same three a year before."""
    s = [level] * 24
    s[0], s[12] = two_years_ago, year_ago
    if recent is not None:
        s[21:24] = [recent] * 3
    if recent_before is not None:
        s[9:12] = [recent_before] * 3
    return s


def test_a_surge_beats_a_category_that_is_larger_but_flat():
    counts = {PROPERTY: [30] * 24, HEATING: series(20, two_years_ago=20)}
    assert max(counts, key=lambda c: counts[c][12]) == PROPERTY  # the baseline's pick
    best = pick(counts)
    assert best.category == HEATING
    assert best.same_month == 20 and best.mean == pytest.approx(42 / 12)
    assert best.index == pytest.approx(20 / 3.5)


def test_the_recent_trend_scales_the_expected_count_within_limits():
    growing = series(20, two_years_ago=20, recent=6, recent_before=2)
    assert score("a", growing, True).trend == 1.5  # (18 + 1) / (6 + 1), clipped
    mild = series(20, two_years_ago=20, recent=4, recent_before=3)
    assert score("m", mild, True).trend == pytest.approx(13 / 10)
    shrinking = series(20, two_years_ago=20, recent=1, recent_before=5)
    assert score("b", shrinking, True).trend == pytest.approx(2 / 3)
    steady = series(20, two_years_ago=20, recent=3, recent_before=3)
    assert score("c", steady, True).trend == 1.0
    # the same peak last year: the one growing lately is expected to surge more
    assert pick({"steady": steady, "growing": growing}).category == "growing"


def test_two_years_of_history_weigh_a_one_off_spike_down():
    counts = {"spike": series(30, two_years_ago=2), "every_year": series(24, two_years_ago=24)}
    assert pick(counts).category == "every_year"
    assert score("spike", counts["spike"], True).blended == pytest.approx(62 / 3)
    # with one year only, last year's count is all there is
    one_year = {c: [0] * 12 + s[12:] for c, s in counts.items()}
    assert pick(one_year).category == "spike"


def test_nothing_is_proposed_when_nothing_rises_or_it_is_too_small():
    assert pick({PROPERTY: [30] * 24, "quiet": [1] * 24}) is None
    assert pick({"tiny": series(2, level=0)}) is None  # 2 expected: below the minimum
    assert [s.category for s in rank({"a": [1] * 24, "b": series(9)})] == ["b", "a"]


def test_the_buildings_are_the_fewest_holding_forty_percent():
    assert smallest_cover({"3": 24, "7": 20, **{b: 4 for b in "1245689"}}) == (
        ("3", "7"), pytest.approx(44 / 72))
    assert smallest_cover({"12": 5, "9": 5, "2": 2}) == (("9",), pytest.approx(5 / 12))
    assert smallest_cover({"A座": 1, "5": 9}) == (("5",), 0.9)
    assert smallest_cover({}) == ((), 0.0)


def test_the_notice_topic_comes_from_the_calendar_entry_of_the_same_kind():
    calendar = load_calendar()
    assert topic_for(HEATING, calendar) == "heating"
    assert topic_for(DRAINAGE, calendar) == "drainage"
    assert topic_for("城乡建设", calendar) == "heating"  # an ancestor: the first entry below it
    assert topic_for(PROPERTY, calendar) == ""  # staff choose it before approval


PROPOSAL = Proposal("2026-11", "2025-11", score(HEATING, series(40, two_years_ago=40,
                                                                 level=10), True),
                    ("3", "7"), 0.55, 80)


def test_the_evidence_is_plain_words_in_both_languages():
    zh = calendar_texts.evidence(PROPOSAL, "zh")
    assert zh.startswith("去年11月（2025-11）：冬季采暖 40 件，是月均的 3.2 倍；3、7号楼占 55%")
    assert "预计11月约 40 件（平时每月约 12 件）" in zh
    en = calendar_texts.evidence(PROPOSAL, "en", "heating")
    assert en.startswith("Last year (2025-11): Heating 40 tickets, 3.2× the monthly mean; "
                         "buildings 3, 7 had 55%")
    assert not CJK.search(en) and not CJK.search(calendar_texts.heading(PROPOSAL, "en"))
    assert "每月一题 2026-11：城乡建设 · 冬季采暖" == calendar_texts.heading(PROPOSAL, "zh")


def test_the_draft_notice_names_the_month_kind_and_buildings():
    zh, en = calendar_texts.notice_texts(PROPOSAL, "heating")
    assert zh.startswith("【每月一题·11月】往年这个时候，3、7号楼“冬季采暖”问题较多")
    assert "buildings 3, 7" in en and '"Heating"' in en and not CJK.search(en)
    assert not CJK.search(calendar_texts.notice_texts(PROPOSAL)[1])  # no topic: first level
    everywhere = Proposal(*PROPOSAL.__dict__.values())
    object.__setattr__(everywhere, "buildings", ())
    assert "号楼" not in calendar_texts.notice_texts(everywhere)[0]


def test_the_change_shown_is_the_real_one_not_the_clipped_trend():
    falling = score(HEATING, series(36, two_years_ago=36, recent=10, recent_before=20), True)
    assert falling.trend == pytest.approx(2 / 3)  # the forecast's clip
    assert (falling.recent, falling.before) == (30, 60)
    assert falling.change == pytest.approx(-0.5)
    zero = score(HEATING, series(36, recent=4, recent_before=0), True)
    assert zero.change is None  # nothing a year before: no percentage


def test_a_gap_reads_the_same_month_last_year_further_back():
    s = [2] * 24
    s[13] = 30  # with one running month between the history and M, M−12 is index 13
    assert score(HEATING, s, False, gap=1).same_month == 30
    assert score(HEATING, s, False, gap=0).same_month == 2
