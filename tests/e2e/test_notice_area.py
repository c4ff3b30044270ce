"""/area end to end: a resident sets, reads and clears the building their notices are for,
and a notice for that building reaches them while one for another building does not."""

from __future__ import annotations

from domain.notices.audience import recipients
from tests.helpers.resident import Resident


async def _stored(app, user_id: int) -> tuple[str | None, str | None]:
    async with app.bot_data["services"].uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        return resident.building, resident.unit


async def _reaches(app, user_id: int, building: str) -> bool:
    async with app.bot_data["services"].uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(user_id)
        return resident.id in await recipients(uow, "water", buildings=[building])


async def test_a_resident_sets_reads_and_clears_their_building(bot, control):
    r = await Resident(control, 4701).join()
    assert "还没有设置楼栋" in (await r.say("/area"))["text"]
    assert (await r.say("/area 3号楼2单元"))["text"] == "好的，您的通知区域已设为 3号楼2单元。"
    assert await _stored(bot, 4701) == ("3", "2")
    assert await _reaches(bot, 4701, "3") and not await _reaches(bot, 4701, "5")
    assert "3号楼2单元" in (await r.say("/area"))["text"]
    assert "没看懂楼栋" in (await r.say("/area 楼下那个"))["text"]
    assert await _stored(bot, 4701) == ("3", "2")  # a bad answer changes nothing
    assert "已清除" in (await r.say("/area 清除"))["text"]
    assert await _stored(bot, 4701) == (None, None)
    assert not await _reaches(bot, 4701, "3")


async def test_english_short_form(bot, control):
    r = await Resident(control, 4702).join(name="Ann", language_code="en")
    assert (await r.say("/area 5-1"))["text"] == "Done: your notices are for building 5, unit 1."
    assert await _stored(bot, 4702) == ("5", "1")
