"""The staff side of notices, wired into the application (owned by the /notice flow).

``handlers()`` are added to the main group before the staff group's free-text handler;
``schedule()`` adds the JobQueue ticks this side needs.

Order matters: the composing text handler sits in front of the staff chat's free-text
handler and hands it every message that is not a notice step.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.notices import effect_job, staff_buttons, staff_compose, staff_edit, staff_progress


def handlers(staff_filter: Any) -> list[Any]:
    """/notice, /drafts, their buttons and their typed steps (staff chat only)."""
    typed = staff_filter & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return [
        CommandHandler("notice", staff_compose.start, filters=staff_filter),
        CommandHandler("drafts", staff_edit.drafts, filters=staff_filter),
        CommandHandler("cancel", staff_compose.cancel, filters=staff_filter),
        CallbackQueryHandler(staff_buttons.on_button, pattern=r"^nx:"),  # checked on server
        MessageHandler(typed, staff_edit.on_text),  # else composing, else the staff chat's
    ]


def schedule(application: Any, services: Any) -> None:
    """Ticks of the staff side (launching approved notices when due, progress messages)."""
    every = services.settings.notice_staff_tick_seconds
    application.job_queue.run_repeating(staff_progress.run_tick, interval=every, first=every,
                                        name=staff_progress.JOB_NAME)
    application.job_queue.run_repeating(effect_job.run_tick, interval=effect_job.EVERY_SECONDS,
                                        first=60, name=effect_job.JOB_NAME)
