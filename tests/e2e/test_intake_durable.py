"""The draft lives in the database: a restart continues; idle drafts get one reminder."""

from tests.helpers.botharness import running_bot
from tests.helpers.resident import Resident, tickets


async def test_restart_in_the_middle_continues(local_api, control, bot_settings):
    r = await Resident(control, 4401).join()
    async with running_bot(local_api, bot_settings):
        await r.say("暖气不热")
        await r.tap("intake:cat:0")
        await r.tap("intake:cl:0")
    async with running_bot(local_api, bot_settings) as app:
        reply = await r.say("5号楼2单元301")
        assert reply["text"].startswith("怎么联系您")
        await r.say("13800138000")
        await r.tap("intake:when:today")
        card = await r.tap("intake:urg:normal")
        assert "暖气不热" in card["text"] and "整栋楼" in card["text"]
        await r.tap("intake:ok")
        assert len(await tickets(app)) == 1


async def test_idle_draft_is_reminded_once_and_can_be_resumed(local_api, control, bot_settings):
    settings = bot_settings.model_copy(update={"intake_idle_minutes": 0.0,
                                               "intake_reminder_check_seconds": 0.1})
    async with running_bot(local_api, settings):
        r = await Resident(control, 4402).join()
        sent = await control.send_text(4402, "楼道灯坏了")
        after = sent["message"]["message_id"]
        prompt, reminder = await control.wait_for_bot_messages(4402, after, 2)
        assert "对吗" in prompt["text"] and "还没提交完" in reminder["text"]
        r.last = reminder
        reply = await r.tap("intake:resume")
        assert "对吗" in reply["text"]
        reminders = [m for m in await control.messages(4402) if "还没提交完" in m.get("text", "")]
        assert len(reminders) >= 1
