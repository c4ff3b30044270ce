"""/search and /export in the staff group: by code, phone tail, building and words, answered
with one button per ticket (its card on a press), no full phone number anywhere; staff only."""

import csv
import io
from datetime import datetime

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.resident import buttons
from tests.helpers.staff import ADMIN, STRANGER, WORKER, newest, press, say, team
from tests.integration.factories import add_resident, add_ticket


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _seed(app) -> dict[str, int]:
    """Heating in building 5 (phone …5678), a lamp in 5号楼, a leak in 7, a lift in 9."""
    now = datetime.now(app.bot_data["services"].settings.tz)
    async with app.bot_data["services"].uow_factory() as uow:
        r = await add_resident(uow)
        rows = [
            await add_ticket(uow, r.id, code="JS-20261201-0001", building="5",
                             description="暖气不热，家里只有十五度", contact_phone="13812345678",
                             contact_phone_normalized="13812345678", created_at=now),
            await add_ticket(uow, r.id, code="JS-20261202-0002", building="5号楼",
                             description="楼道灯不亮", contact_phone="13900001111",
                             contact_phone_normalized="13900001111", created_at=now),
            await add_ticket(uow, r.id, code="JS-20261203-0003", building="7",
                             description="厨房水管漏水", created_at=now),
            await add_ticket(uow, r.id, code="JS-20261204-0004", building="9",
                             description="Lift is BROKEN again", created_at=now)]
        await uow.commit()
        return {t.code: t.id for t in rows}


async def _codes(control, words: str, user_id: int = WORKER) -> tuple[dict, list[str]]:
    [answer] = await say(control, user_id, words)
    return answer, [b for row in (answer.get("reply_markup") or {}).get("inline_keyboard", [])
                    for b in [row[0]["text"].split("｜")[0]]]


async def test_search_by_code_phone_tail_building_and_words(bot, control):
    ids = await _seed(bot)
    await team(control)
    answer, found = await _codes(control, "/search js-20261203-0003")
    assert found == ["JS-20261203-0003"]
    answer, found = await _codes(control, "/search 5678")
    assert found == ["JS-20261201-0001"]
    answer, found = await _codes(control, "/search 5号楼")
    assert sorted(found) == ["JS-20261201-0001", "JS-20261202-0002"]
    assert buttons(answer) == [f"staff:show:{ids['JS-20261202-0002']}",
                               f"staff:show:{ids['JS-20261201-0001']}"]  # newest first
    answer, found = await _codes(control, "/search 5")
    assert sorted(found) == ["JS-20261201-0001", "JS-20261202-0002"]
    answer, found = await _codes(control, "/search broken lift")
    assert found == ["JS-20261204-0004"]  # any case, any order
    answer, found = await _codes(control, "/search 暖气 不热")
    assert found == ["JS-20261201-0001"]

    before = await newest(control)
    await press(control, WORKER, answer, f"staff:show:{ids['JS-20261201-0001']}")
    [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "JS-20261201-0001" in card["text"] and "138****5678" in card["text"]
    assert "13812345678" not in card["text"]
    assert f"staff:claim:{ids['JS-20261201-0001']}" in buttons(card)

    [none] = await say(control, WORKER, "/search 电梯")
    assert "没有找到" in none["text"] and "电梯" in none["text"]
    [usage] = await say(control, WORKER, "/search")
    assert "用法" in usage["text"] and "5678" in usage["text"]


async def test_only_staff_may_search_or_export(bot, control):
    await _seed(bot)
    await team(control)
    [refused] = await say(control, STRANGER, "/search 5678")
    assert "不是工作人员" in refused["text"] and not buttons(refused)
    assert "JS-" not in refused["text"]
    [refused] = await say(control, STRANGER, "/export")
    assert "不是工作人员" in refused["text"] and not refused.get("document")


async def test_export_sends_this_months_tickets_as_a_spreadsheet(bot, control, local_api):
    await _seed(bot)
    await team(control)
    [sent] = await say(control, WORKER, "/export")
    assert sent.get("document"), sent
    data = await _document(local_api, sent)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["工单号", "登记时间", "状态"]
    codes = {r[0]: r for r in rows[1:]}
    assert set(codes) == {"JS-20261201-0001", "JS-20261202-0002", "JS-20261203-0003",
                          "JS-20261204-0004"}
    assert "138****5678" in codes["JS-20261201-0001"] and "13812345678" not in data.decode()
    [usage] = await say(control, WORKER, "/export 十一月")
    assert "frontdoor report tickets" in usage["text"]


async def _document(local_api, message) -> bytes:
    file_id = message["document"]["file_id"]
    return local_api.state.files[file_id].content
