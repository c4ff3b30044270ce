"""/area: a resident sees, sets or clears the building (and unit) their notices are for."""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import ContextTypes

from domain.notices.area import Area, area_of, set_area
from domain.notices.subscriptions import Person
from handlers.common import language_of, services
from handlers.texts import text
from nlu.entities import extract_entities

logger = logging.getLogger(__name__)
CLEAR_WORDS = frozenset({"清除", "删除", "clear", "none", "无"})
# "5-1", "5", "building 5 unit 1": what the entity rules leave to a short form
SHORT = re.compile(r"^(?:building\s*)?([0-9]{1,4}[A-Za-z]?)(?:\s*[-,，\s]\s*(?:unit\s*)?"
                   r"([0-9]{1,3}))?$", re.IGNORECASE)


def parse_area(said: str) -> Area | None:
    """The first building (with its unit) in ``said``, or None."""
    for entity in extract_entities(said):
        value = entity.normalized or {}
        if entity.type == "address" and value.get("building"):
            return Area(value["building"], value.get("unit"))
    short = SHORT.match(said.strip())
    return Area(short[1], short[2]) if short else None


def describe(lang: str, area: Area) -> str:
    """``3号楼2单元`` / ``building 3, unit 2``."""
    if area.unit:
        return text(lang, "area_building_unit", building=area.building, unit=area.unit)
    return text(lang, "area_building", building=area.building)


async def area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/area shows the area; /area 3号楼2单元 sets it; /area 清除 clears it."""
    lang = language_of(update, context)
    user = update.effective_user
    person = Person(user.id, user.first_name, lang)
    factory = services(context).uow_factory
    said = " ".join(context.args or ()).strip()
    if not said:
        current = await area_of(factory, person)
        key = "area_is" if current.building else "area_none"
        place = describe(lang, current) if current.building else ""
        await update.effective_message.reply_text(text(lang, key, place=place))
        return
    if said.lower() in CLEAR_WORDS:
        await set_area(factory, person, Area())
        await update.effective_message.reply_text(text(lang, "area_cleared"))
        return
    wanted = parse_area(said[:100])
    if wanted is None:
        await update.effective_message.reply_text(text(lang, "area_bad"))
        return
    stored = await set_area(factory, person, wanted)
    logger.info("notices: user %s set an area", user.id)  # not the address itself
    await update.effective_message.reply_text(text(lang, "area_set",
                                                   place=describe(lang, stored)))
