"""Builds the python-telegram-bot Application and registers every handler, in order."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import learning
from bot.rate_limit import SlidingWindowRateLimiter
from bot.services import Services
from bot.settings import Settings
from bot.telegram_bot import make_bot
from domain.outbox import staged
from domain.staff.roster import seed_admin
from domain.units.routing import unit_groups
from handlers import (
    errors,
    kpi,
    link,
    media,
    mydata,
    snapshot,
    start,
    status,
    surveys,
    web_link,
)
from handlers.digests import commands as digest_commands
from handlers.digests import tick as digest_tick
from handlers.intake import buttons, reminders, router
from handlers.notices import area as notice_area
from handlers.notices import broadcast as notice_broadcast
from handlers.notices import calendar_wiring as notice_calendar
from handlers.notices import staff_wiring as notice_staff
from handlers.notices import subscriptions as notice_settings
from handlers.staff import buttons as staff_buttons
from handlers.staff import commands as staff_commands
from handlers.staff import deadlines as staff_deadlines
from handlers.staff import escalation as staff_escalation
from handlers.staff import export as staff_export
from handlers.staff import messages as staff_messages
from handlers.staff import orders as staff_orders
from handlers.staff import outbox as staff_outbox
from handlers.staff import residents as staff_residents
from handlers.staff import search as staff_search
from handlers.staff import summons as staff_summons
from handlers.texts import text

# Handler groups: lower runs first. Order matters:
STATES_GROUP = -10  # 1. read the chat's conversation states once (the inbox de-duplicates)
SURVEY_GROUP = -3  # 1b. the comment a survey just asked for (stops the rest)
PENDING_GROUP = -2  # 2. a note/photo the resident is adding to a ticket (stops the rest)
RELAY_GROUP = -1  # 3. a resident's message for staff (hand-off, ticket reply; stops the rest)
MAIN_GROUP = 0  # 4. commands and conversations; catch-all handlers go last in this group

STAFF_COMMANDS = {"open": staff_commands.open_list, "mine": staff_commands.mine,
                  "overdue": staff_commands.overdue, "ticket": staff_commands.ticket,
                  "help": staff_commands.help_command, "end": staff_commands.end,
                  "staff_add": staff_commands.staff_add,
                  "staff_remove": staff_commands.staff_remove,
                  "staff_list": staff_commands.staff_list, "kpi": kpi.show,
                  "digest": digest_commands.show, "search": staff_search.search,
                  "export": staff_export.export_command}

PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE  # edited messages are not new input
TEXT = PRIVATE & NEW & filters.TEXT & ~filters.COMMAND
UNSUPPORTED = PRIVATE & NEW & (
    filters.Sticker.ALL | filters.VOICE | filters.VIDEO | filters.VIDEO_NOTE | filters.AUDIO
    | filters.Document.ALL | filters.ANIMATION
)


def build_application(
    services: Services, *, base_url: str | None = None, base_file_url: str | None = None,
    token: str | None = None,
) -> Application:
    """The bot, wired: the token/base URL decide whether it talks to Telegram or the local API."""
    bot = make_bot(token or services.settings.telegram_token,
                   telegram_rate_limiter(services.settings), base_url, base_file_url)
    # No Updater: the inbox (bot/inbox) receives, stores, then hands updates over in order.
    builder = ApplicationBuilder().bot(bot).updater(None)
    application = builder.build()
    application.bot_data["services"] = services
    _register(application)
    _schedule(application, services)
    return application


def telegram_rate_limiter(settings: Settings) -> SlidingWindowRateLimiter:
    """Telegram's limits counted over any sliding window (``bot/rate_limit.py``)."""
    return SlidingWindowRateLimiter(overall_per_second=settings.telegram_overall_per_second,
                                    group_per_minute=settings.telegram_group_per_minute,
                                    paid_per_second=settings.telegram_paid_per_second,
                                    chat_burst=settings.telegram_chat_burst,
                                    chat_per_second=settings.telegram_chat_per_second)


def _register(application: Application) -> None:
    """Registers handlers. Catch-all handlers must stay last in their group."""
    application.add_handler(TypeHandler(Update, snapshot.read_first), group=STATES_GROUP)
    pending = [
        MessageHandler(TEXT, status.pending_note),
        MessageHandler(PRIVATE & NEW & filters.PHOTO, status.pending_photo),
        CommandHandler("cancel", status.forget_pending),
    ]
    application.add_handler(MessageHandler(TEXT, surveys.on_comment), group=SURVEY_GROUP)
    application.add_handlers(pending, group=PENDING_GROUP)
    application.add_handler(MessageHandler(TEXT, staff_residents.on_text), group=RELAY_GROUP)
    staff_chat = application.bot_data["services"].settings.staff_chat_id
    staff = filters.Chat(chat_id=staff_chat) if staff_chat is not None else filters.Chat()
    application.bot_data["staff_groups"] = staff  # units' own groups join it in ``prepare``
    main = [  # the staff group's handlers first: its /help is not the residents' /help
        *[CommandHandler(name, callback, filters=staff)
          for name, callback in STAFF_COMMANDS.items()],
        CallbackQueryHandler(staff_buttons.on_button, pattern=r"^staff:"),
        CallbackQueryHandler(staff_orders.on_button, pattern=r"^ord:"),  # checked on the server
        CallbackQueryHandler(staff_summons.on_button, pattern=r"^esc:"),  # checked on the server
        CallbackQueryHandler(digest_commands.on_button, pattern=r"^dg:"),  # checked on the server
        CallbackQueryHandler(kpi.on_button, pattern=r"^kpi:"),  # checked on the server
        *notice_staff.handlers(staff),
        MessageHandler(staff & NEW & filters.TEXT & ~filters.COMMAND, staff_messages.on_text),
        CommandHandler("start", start.start),
        CommandHandler("help", start.help_command),
        CommandHandler("cancel", router.on_cancel),
        CommandHandler("report", router.on_report),
        CommandHandler(["status", "mytickets"], status.show),
        CommandHandler("mydata", mydata.show, filters=PRIVATE),
        CommandHandler("link", link.link, filters=PRIVATE),  # an Open311 request's code
        CommandHandler("web", web_link.web),  # staff: a login link to the web view
        CallbackQueryHandler(mydata.on_button, pattern=r"^md:"),  # the presser's own data
        CallbackQueryHandler(buttons.on_button, pattern=r"^intake:"),
        CallbackQueryHandler(status.on_button, pattern=r"^tk:"),
        CallbackQueryHandler(surveys.on_button, pattern=r"^sv:"),  # checked on the server
        CommandHandler("notices", notice_settings.show, filters=PRIVATE),
        CommandHandler("unsubscribe", notice_settings.unsubscribe, filters=PRIVATE),
        CommandHandler("area", notice_area.area, filters=PRIVATE),
        CallbackQueryHandler(notice_settings.on_button, pattern=r"^nt:"),  # checked on server
        MessageHandler(filters.UpdateType.EDITED, media.on_edit),
        CommandHandler(list(STAFF_COMMANDS), media.staff_only, filters=PRIVATE),
        MessageHandler(TEXT, router.on_text),
        MessageHandler(PRIVATE & NEW & filters.LOCATION, router.on_location),
        MessageHandler(PRIVATE & NEW & filters.CONTACT, router.on_contact),
        MessageHandler(PRIVATE & NEW & filters.PHOTO, router.on_photo),
        MessageHandler(UNSUPPORTED, media.unsupported),  # catch-alls: last
        MessageHandler(PRIVATE & NEW & filters.COMMAND, media.unknown_command),
        MessageHandler(PRIVATE & NEW & filters.COMMAND, media.unknown_command),
        CallbackQueryHandler(media.unknown_button),
    ]
    application.add_handlers(main, group=MAIN_GROUP)
    application.add_error_handler(errors.on_error)


def staged_job(job: Callable[[Any], Awaitable[Any]], kind: str):
    """A scheduled job whose state changes and messages are committed together.

    What it sends goes to the outbox as ``kind`` (``domain.outbox.AT_MOST_ONCE`` says how).
    """

    async def run(context) -> Any:
        svc = context.application.bot_data["services"]
        async with staged(svc.transaction, svc.uow_factory, kind=kind,
                          written=svc.outbox_written):
            return await job(context)

    run.__name__ = run.__qualname__ = getattr(job, "__name__", "job")
    return run


def _schedule(application: Application, services: Services) -> None:
    """The scheduled ticks (stable job names; the database says what is due)."""
    every = services.settings.intake_reminder_check_seconds
    application.job_queue.run_repeating(
        staged_job(reminders.remind_idle, "notice"), interval=every, first=every,
        name=reminders.JOB_NAME)
    tick = services.settings.staff_tick_seconds
    application.job_queue.run_repeating(staged_job(staff_deadlines.remind_due, "reminder"),
                                        interval=tick, first=tick,
                                        name=staff_deadlines.JOB_NAME)
    application.job_queue.run_repeating(staged_job(staff_escalation.run_tick, "reminder"),
                                        interval=tick, first=tick,
                                        name=staff_escalation.JOB_NAME)
    every = services.settings.survey_tick_seconds
    application.job_queue.run_repeating(surveys.run_tick, interval=every, first=every,
                                        name=surveys.JOB_NAME)  # staged within
    sweep = services.settings.card_sweep_seconds
    application.job_queue.run_repeating(staff_outbox.queue_missing, interval=sweep,
                                        first=sweep, name=staff_outbox.JOB_NAME)
    every = services.settings.digest_tick_seconds
    application.job_queue.run_repeating(staged_job(digest_tick.run_tick, "digest"),
                                        interval=every, first=every, name=digest_tick.JOB_NAME)
    every = services.settings.broadcast_tick_seconds
    application.job_queue.run_repeating(notice_broadcast.run_tick, interval=every, first=every,
                                        name=notice_broadcast.JOB_NAME,
                                        job_kwargs={"max_instances": 2})  # 2nd returns at once
    notice_staff.schedule(application, services)
    notice_calendar.schedule(application, services)
    learning.schedule(application, services.settings)  # off unless FRONTDOOR_NLU_LEARN_WEEKLY


async def prepare(application: Application) -> None:
    """Start-up work before updates flow: the first admin, the units' staff groups.

    A unit's own group (docs/units.md) takes staff commands and messages as the configured
    staff group does.
    """
    services = application.bot_data["services"]
    await seed_admin(services.uow_factory, services.settings.first_admin_id,
                     datetime.now(services.settings.tz))
    groups = await unit_groups(services.uow_factory)
    if groups:
        application.bot_data["staff_groups"].add_chat_ids(groups)


async def publish_commands(application: Application) -> None:
    """Publishes the command menu in both languages."""
    for lang in ("zh", "en"):
        commands = [
            BotCommand("start", text(lang, "cmd_start")),
            BotCommand("report", text(lang, "cmd_report")),
            BotCommand("status", text(lang, "cmd_status")),
            BotCommand("notices", text(lang, "cmd_notices")),
            BotCommand("area", text(lang, "cmd_area")),
            BotCommand("mydata", text(lang, "cmd_mydata")),
            BotCommand("cancel", text(lang, "cmd_cancel")),
            BotCommand("help", text(lang, "cmd_help")),
        ]
        await application.bot.set_my_commands(commands, language_code=lang)
