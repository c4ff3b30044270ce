"""Ready-made notices as data: a staff member picks one instead of writing from scratch.

Each template suggests a topic and carries both texts; the staff member still picks the
topic, the audience and whether it is an emergency, and a supervisor still approves it.
Placeholders in brackets (【】/[ ]) are for the staff member to edit before approval.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """One ready-made notice: its key, suggested topic, Chinese and English text."""

    key: str
    topic: str
    text_zh: str
    text_en: str


TEMPLATES: tuple[Template, ...] = (
    Template("water_cut", "water",
             "【停水通知】因管线维修，本小区将于明日 9:00–17:00 停水，请提前储水。"
             "如有困难请回复本消息报事。",
             "[Water cut] Because of pipe repairs, water will be off tomorrow from 9:00 to "
             "17:00. Please store some water in advance. Need help? Report it below."),
    Template("heating_check", "heating",
             "【供暖入户检查】供暖季前，工作人员将入户检查暖气阀门和管道，请家中留人。"
             "暖气不热、漏水请及时报事。",
             "[Heating check] Before the heating season, staff will check radiators and "
             "pipes at home; please make sure someone is in. Report cold radiators or leaks."),
    Template("lift_maintenance", "lifts",
             "【电梯维保】本楼电梯将于明日上午进行例行维护保养，期间暂停使用，请走楼梯并注意安全。",
             "[Lift maintenance] The lift in this building is out of service tomorrow "
             "morning for routine maintenance. Please use the stairs and take care."),
)
_BY_KEY = {t.key: t for t in TEMPLATES}


def template(key: str) -> Template | None:
    """The template with this key, or None (callback data is user input: check it)."""
    return _BY_KEY.get(key)
