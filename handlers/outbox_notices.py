"""What staff are told when a message to a resident became uncertain (never resent)."""

from __future__ import annotations

from collections.abc import Callable

from domain.outbox import Claimed, Outgoing
from handlers.texts import text


def uncertain_notice(staff_chat_id: int | None, lang: str) -> Callable[[Claimed], Outgoing | None]:
    """The outbox hook's renderer: one line into the staff group.

    Into the ticket's topic for a survey; it names the kind and the ticket, never the
    resident or the words.
    """

    def render(row: Claimed) -> Outgoing | None:
        if staff_chat_id is None or row.chat_id < 0:
            return None
        hook = row.hook or {}
        if "survey" in hook:
            body = text(lang, "staff_survey_uncertain", code=hook.get("code", "?"),
                        round=hook.get("round", "?"))
        else:
            code = text(lang, "staff_outbox_uncertain_code", code=hook["code"]) \
                if hook.get("code") else ""
            body = text(lang, "staff_outbox_uncertain", kind=text(lang, f"outbox_kind_{row.kind}"),
                        code=code)
        thread = hook.get("thread")
        return Outgoing("staff", "sendMessage", staff_chat_id,
                        {"chat_id": str(staff_chat_id), "text": body,
                         "message_thread_id": str(thread) if thread else None},
                        thread_id=thread)

    return render
