"""每月一题's printed figures on a hand-built history, on real SQLite and PostgreSQL.

``seed_history`` (2024-11 … 2026-10, the same seasons every year) plus:

- 10 more heating tickets in 2025-09 (building 1): the last three complete months before
  December 2026 (2026-08 … 10: 1 + 1 + 8 = 10) against the same three a year before
  (1 + 11 + 8 = 20) is −50% — the forecast's trend clips it at 2/3 ("−33%");
- 6 heating tickets in building 6 in the running month (2026-11-05 … 10): a hot spot now,
  but not a complete month, so not in any figure.

Proposed on 2026-11-20 for December: history up to October, last year's December 36.
"""

import re
from datetime import datetime

import pytest

from domain.notices.proposal import draft_proposal, propose
from handlers.notices.calendar_texts import evidence, heading, notice_texts
from tests.helpers.seasonal_history import HEATING, TZ, seed_history
from tests.integration.factories import add_resident, add_ticket

NOW = datetime(2026, 11, 20, 10, tzinfo=TZ)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
async def history(uow_factory):
    async with uow_factory() as uow:
        await seed_history(uow)
        r = await add_resident(uow)
        for day in range(10):
            await add_ticket(uow, r.id, building="1",
                             created_at=datetime(2025, 9, 2 + day, 10, tzinfo=TZ))
        for day in range(6):
            await add_ticket(uow, r.id, building="6",
                             created_at=datetime(2026, 11, 5 + day, 10, tzinfo=TZ))
        await uow.commit()
    return uow_factory


async def test_the_figures_come_from_complete_months_and_the_change_is_real(history):
    found = await propose(history, "2026-12", TZ, now=NOW)
    s = found.score
    assert (found.history_end, found.reference, s.category) == ("2026-10", "2025-12", HEATING)
    assert (s.same_month, s.recent, s.before) == (36, 10, 20)
    assert s.change == pytest.approx(-0.5) and s.trend == pytest.approx(2 / 3)
    assert s.mean == pytest.approx(150 / 12)  # 2025-11 … 2026-10
    zh = evidence(found, "zh")
    assert "；近3个月（2026-08 至 2026-10）比去年同期 -50%（10 件，去年 20 件）" in zh
    assert "-33%" not in zh
    assert "；本月至今 6号楼已有 6 件" in zh


async def test_the_targets_include_this_months_hot_spot(history):
    found = await propose(history, "2026-12", TZ, now=NOW)
    assert found.hot_spots == (("6", 6),)
    assert found.buildings == ("1", "2", "3", "4", "5")  # 40% of last Decembers, evenly
    assert found.targets == ("1", "2", "3", "4", "5", "6")
    zh, en = notice_texts(found, "heating")
    notice_id = await draft_proposal(history, found, topic="heating", text_zh=zh,
                                     text_en=en, now=NOW)
    async with history() as uow:
        row = await uow.notices.get(notice_id)
        assert row.audience["buildings"] == ["1", "2", "3", "4", "5", "6"]
    assert "1、2、3、4、5、6号楼" in zh


async def test_the_english_words_quote_no_chinese(history):
    found = await propose(history, "2026-12", TZ, now=NOW)
    for words in (evidence(found, "en", "heating"), heading(found, "en", "heating"),
                  notice_texts(found, "heating")[1]):
        assert not CJK.search(words), words
    assert "the last 3 months (2026-08 to 2026-10) vs a year before -50% (10 against 20)" \
        in evidence(found, "en", "heating")


async def test_a_month_whose_last_year_is_not_complete_is_not_proposed(history):
    assert await propose(history, "2027-12", TZ, now=NOW) is None
