"""Every keyboard the bot shows, in one place. Callback data is namespaced and short."""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from handlers.texts import text

WHEN_KEYS = ("anytime", "today", "tomorrow_am", "tomorrow_pm", "evening")
URGENCY_KEYS = ("normal", "urgent")
EDIT_FIELDS = ("what", "category", "where", "phone", "when", "urgency")


# Intake verbs whose buttons belong to one prompt: their data ends with ":<prompt tag>".
PROMPT_VERBS = ("cat", "cl", "when", "urg", "ok", "edit", "join", "rm")


def tag_prompt(markup, tag: str):
    """The markup with ``tag`` appended to every prompt-bound intake button's data.

    The tag names the prompt the buttons were shown on (``Draft.prompt_tag``), so a press on
    an older prompt of the same step is told apart without knowing the message's id.
    """
    if not isinstance(markup, InlineKeyboardMarkup):
        return markup
    rows = [[_tagged(button, tag) for button in row] for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(rows)


def _tagged(button: Button, tag: str) -> Button:
    data = button.callback_data or ""
    verb = data.removeprefix("intake:").split(":", 1)[0]
    if not data.startswith("intake:") or verb not in PROMPT_VERBS:
        return button
    return Button(button.text, callback_data=f"{data}:{tag}")


def report(lang: str) -> InlineKeyboardMarkup:
    """One big "Report" button."""
    return InlineKeyboardMarkup([[Button(text(lang, "btn_report"), callback_data="intake:report")]])


def categories(lang: str, names: list[str], with_yes: bool) -> InlineKeyboardMarkup:
    """The proposed category (yes), the alternatives, and "other"."""
    rows = [[Button(text(lang, "btn_cat_yes"), callback_data="intake:cat:0")]] if with_yes else []
    start = 1 if with_yes else 0
    rows += [[Button(name, callback_data=f"intake:cat:{i}")]
             for i, name in enumerate(names[start:], start)]
    rows.append([Button(text(lang, "btn_cat_other"), callback_data="intake:cat:other")])
    return InlineKeyboardMarkup(rows)


def clarify(lang: str, question: str, options: tuple[str, ...]) -> InlineKeyboardMarkup:
    """The answers of a category's clarifying question."""
    return InlineKeyboardMarkup([
        [Button(text(lang, f"clarify_{question}_{o}"), callback_data=f"intake:cl:{i}")]
        for i, o in enumerate(options)])


def where(lang: str, last_address: str | None) -> ReplyKeyboardMarkup:
    """Last address as one tap (sends its text) and a share-location button."""
    rows = [[KeyboardButton(last_address)]] if last_address else []
    rows.append([KeyboardButton(text(lang, "btn_location"), request_location=True)])
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)


def phone(lang: str) -> ReplyKeyboardMarkup:
    """A share-contact button, and "no phone: answer me here" (sends its words)."""
    share = KeyboardButton(text(lang, "btn_share_phone"), request_contact=True)
    return ReplyKeyboardMarkup([[share], [KeyboardButton(text(lang, "btn_no_phone"))]],
                               resize_keyboard=True, one_time_keyboard=True)


def when(lang: str) -> InlineKeyboardMarkup:
    """Common visit windows."""
    return InlineKeyboardMarkup([[Button(text(lang, f"when_{k}"), callback_data=f"intake:when:{k}")]
                                 for k in WHEN_KEYS])


def urgency(lang: str) -> InlineKeyboardMarkup:
    """Normal or urgent."""
    return InlineKeyboardMarkup([[Button(text(lang, f"urgency_{k}"),
                                         callback_data=f"intake:urg:{k}") for k in URGENCY_KEYS]])


def card(lang: str, problems: int = 1) -> InlineKeyboardMarkup:
    """Confirm, change one field, drop one of several problems, cancel."""
    edits = [Button(text(lang, f"btn_edit_{f}"), callback_data=f"intake:edit:{f}")
             for f in EDIT_FIELDS]
    confirm = text(lang, "btn_confirm_several", n=problems) if problems > 1 \
        else text(lang, "btn_confirm")
    drops = [Button(text(lang, "btn_drop_problem", n=NUMBERS[i]), callback_data=f"intake:rm:{i}")
             for i in range(problems)] if problems > 1 else []
    rows = [[Button(confirm, callback_data="intake:ok")], edits[:3], edits[3:]]
    rows += [drops[i:i + 4] for i in range(0, len(drops), 4)]
    rows.append([Button(text(lang, "btn_cancel"), callback_data="intake:cancel")])
    return InlineKeyboardMarkup(rows)


NUMBERS = "①②③④⑤⑥⑦⑧⑨"


def join(lang: str) -> InlineKeyboardMarkup:
    """Join the open ticket, or report separately."""
    return InlineKeyboardMarkup([
        [Button(text(lang, "btn_join_yes"), callback_data="intake:join:yes")],
        [Button(text(lang, "btn_join_no"), callback_data="intake:join:no")]])


def resume(lang: str) -> InlineKeyboardMarkup:
    """Continue an idle draft, or drop it."""
    return InlineKeyboardMarkup([[Button(text(lang, "btn_resume"), callback_data="intake:resume"),
                                  Button(text(lang, "btn_drop"), callback_data="intake:drop")]])


def tickets(lang: str, items: list[tuple[int, str, bool]]) -> InlineKeyboardMarkup | None:
    """Per open ticket: add a note, add a photo, withdraw (own tickets only)."""
    rows = []
    for ticket_id, code, owned in items:
        short = code[-4:]
        row = [Button(text(lang, "btn_note", code=short), callback_data=f"tk:note:{ticket_id}"),
               Button(text(lang, "btn_photo", code=short), callback_data=f"tk:photo:{ticket_id}")]
        if owned:
            row.append(Button(text(lang, "btn_withdraw", code=short),
                              callback_data=f"tk:wd:{ticket_id}"))
        rows.append(row)
    return InlineKeyboardMarkup(rows) if rows else None


def photo_for(items: list[tuple[int, str, str]]) -> InlineKeyboardMarkup:
    """Which just-reported ticket the held photos go to: ``(id, code, problem name)``."""
    return InlineKeyboardMarkup([[Button(f"{code} · {name}", callback_data=f"tk:held:{tid}")]
                                 for tid, code, name in items])


def withdraw(lang: str, ticket_id: int) -> InlineKeyboardMarkup:
    """Confirm a withdrawal."""
    return InlineKeyboardMarkup([[
        Button(text(lang, "btn_withdraw_yes"), callback_data=f"tk:wdok:{ticket_id}"),
        Button(text(lang, "btn_withdraw_no"), callback_data=f"tk:keep:{ticket_id}")]])


# --- staff chat: ``staff:<verb>:<ticket id>[:<arg>]`` (verified on the server when pressed)
STAFF_VERBS = {"claim": "staff_btn_claim", "reply": "staff_btn_reply",
               "resolve": "staff_btn_resolve", "transfer": "staff_btn_transfer",
               "exclude": "staff_btn_exclude", "reopen": "staff_btn_reopen"}


def staff_card(lang: str, ticket_id: int, actions: list[str]) -> InlineKeyboardMarkup:
    """The card's buttons: the actions the ticket's state accepts, and its problem type."""
    row = [Button(text(lang, STAFF_VERBS[a]), callback_data=f"staff:{a}:{ticket_id}")
           for a in STAFF_VERBS if a in actions]
    row.append(Button(text(lang, "staff_btn_type"), callback_data=f"staff:type:{ticket_id}"))
    rows = [row[:3], row[3:]]
    return InlineKeyboardMarkup([r for r in rows if r])


TYPES_PER_PAGE = 8


def staff_types(lang: str, ticket_id: int, choices: list[tuple[int, str]], *, page: int | None,
                pages: int) -> InlineKeyboardMarkup:
    """Problem types to choose (index in the types file, plain name), two to a row.

    ``page=None`` is the short list, with a "more" button; a page of all types has
    previous/next buttons and a way back to the short list.
    """
    cells = [Button(name[:30], callback_data=f"staff:ts:{ticket_id}:{index}")
             for index, name in choices]
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if page is None:
        rows.append([Button(text(lang, "staff_type_more"),
                            callback_data=f"staff:tp:{ticket_id}:0")])
        return InlineKeyboardMarkup(rows)
    nav = [Button(text(lang, "staff_type_prev"), callback_data=f"staff:tp:{ticket_id}:{page - 1}")
           ] if page > 0 else []
    nav += [Button(text(lang, "staff_type_next"),
                   callback_data=f"staff:tp:{ticket_id}:{page + 1}")] if page + 1 < pages else []
    if nav:
        rows.append(nav)
    rows.append([Button(text(lang, "staff_type_short"), callback_data=f"staff:tl:{ticket_id}")])
    return InlineKeyboardMarkup(rows)


def staff_found(lang: str, found: list[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """One button per (ticket id, label) found by /search: it posts the ticket's card."""
    rows = [[Button(label[:60], callback_data=f"staff:show:{ticket_id}")]
            for ticket_id, label in found]
    return InlineKeyboardMarkup(rows) if rows else None


def staff_transfer(lang: str, ticket_id: int, workers: list[tuple[int, str]],
                   departments: list[str], units: list[tuple[int, str]] = (),
                   suggested: str | None = None) -> InlineKeyboardMarkup:
    """派件 to a unit (by id), transfer to a worker (by staff id) or a department label.

    A department label is given by its index in settings; the one the ticket's problem type
    goes to (``suggested``) comes first among them, marked.
    """
    rows = [[Button(text(lang, "staff_btn_dispatch_to", unit=name),
                    callback_data=f"staff:od:{ticket_id}:{unit_id}")]
            for unit_id, name in units[:20]]
    rows += [[Button(f"👤 {name}", callback_data=f"staff:tw:{ticket_id}:{staff_id}")]
             for staff_id, name in workers[:20]]
    labels = [[Button(text(lang, "staff_dept_suggested", name=name) if name == suggested
                      else f"🏢 {name}", callback_data=f"staff:td:{ticket_id}:{i}")]
             for i, name in enumerate(departments[:20])]
    labels.sort(key=lambda row: not row[0].text.startswith("⭐"))
    return InlineKeyboardMarkup(rows + labels)


def order_card(lang: str, order_id: int, status: str) -> InlineKeyboardMarkup | None:
    """A work order's buttons in its unit's group: take, done, send back (while live)."""
    verbs = {"open": ("take", "done", "back"), "claimed": ("done", "back")}.get(status, ())
    row = [Button(text(lang, f"order_btn_{v}"), callback_data=f"ord:{v}:{order_id}")
           for v in verbs]
    return InlineKeyboardMarkup([row]) if row else None


def order_decision(lang: str, order_id: int) -> InlineKeyboardMarkup:
    """The dispatcher's choice on an order sent back."""
    return InlineKeyboardMarkup([[
        Button(text(lang, f"order_btn_{v}"), callback_data=f"ord:{v}:{order_id}")
        for v in ("keep", "close", "redispatch")]])


def order_units(lang: str, order_id: int, units: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """Where an order sent back goes instead: ``ord:to:<order>:<unit>``."""
    return InlineKeyboardMarkup([[Button(text(lang, "staff_btn_dispatch_to", unit=name),
                                          callback_data=f"ord:to:{order_id}:{unit_id}")]
                                 for unit_id, name in units[:20]])


def escalation_card(lang: str, escalation_id: int) -> InlineKeyboardMarkup:
    """The street's card of an overdue order: 吹哨 (``esc:summon:<escalation>``)."""
    return InlineKeyboardMarkup([[Button(text(lang, "esc_btn_summon"),
                                         callback_data=f"esc:summon:{escalation_id}")]])


def summons(lang: str, escalation_id: int) -> InlineKeyboardMarkup:
    """The summons to a unit's head: 收到 · 报到 (``esc:ack:<escalation>``)."""
    return InlineKeyboardMarkup([[Button(text(lang, "esc_btn_ack"),
                                         callback_data=f"esc:ack:{escalation_id}")]])


def staff_end_handoff(lang: str, handoff_id: int) -> InlineKeyboardMarkup:
    """Ends a hand-off."""
    return InlineKeyboardMarkup([[Button(text(lang, "staff_btn_end_handoff"),
                                         callback_data=f"staff:end:{handoff_id}")]])


SURVEY_KEYS = {"s": ("y", "p", "n"), "r": ("n", "y"), "f": ("s", "b", "d"), "c": ("skip",)}


def survey(lang: str, survey_id: int, question: str) -> InlineKeyboardMarkup:
    """One survey question's answers, one per row: ``sv:<survey>:<question>:<answer>``."""
    return InlineKeyboardMarkup([
        [Button(text(lang, f"survey_btn_{question}_{key}"),
                callback_data=f"sv:{survey_id}:{question}:{key}")]
        for key in SURVEY_KEYS[question]])


def digest(lang: str, tickets: list[tuple[int, str]], more: str | None = None,
           per_row: int = 3) -> InlineKeyboardMarkup | None:
    """A digest's ticket codes (each opens its card) and, if anything was left out, "more"."""
    buttons = [Button(code, callback_data=f"dg:ticket:{ticket_id}") for ticket_id, code in tickets]
    rows = [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]
    if more:
        rows.append([Button(text(lang, "btn_digest_more"), callback_data=more)])
    return InlineKeyboardMarkup(rows) if rows else None


def kpi_details(lang: str, period: str) -> InlineKeyboardMarkup:
    """Under /kpi's summary: every line by category, building and worker; the unit ranking."""
    return InlineKeyboardMarkup([[Button(text(lang, "btn_kpi_details"),
                                         callback_data=f"kpi:details:{period}"),
                                  Button(text(lang, "btn_kpi_units"),
                                         callback_data=f"kpi:units:{period}")]])


def broadcast(lang: str, notice_id: int, topic: str,
              emergency: bool = False) -> InlineKeyboardMarkup:
    """Under a notice: report a problem it is about, or stop this topic.

    Never "stop" under an emergency: it reaches residents whatever their subscriptions.
    """
    rows = [[Button(text(lang, "broadcast_btn_report"), callback_data=f"nt:report:{notice_id}")]]
    if not emergency:
        rows.append([Button(text(lang, "broadcast_btn_stop"), callback_data=f"nt:stop:{topic}")])
    return InlineKeyboardMarkup(rows)


def notice_topics(lang: str, states: list[tuple[str, bool]]) -> InlineKeyboardMarkup:
    """One on/off button per notice topic (``nt:sub:<topic>`` toggles it), two a row."""
    buttons = [Button(text(lang, "notices_on" if on else "notices_off",
                           name=text(lang, f"topic_{key}")), callback_data=f"nt:sub:{key}")
               for key, on in states]
    return InlineKeyboardMarkup([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def notice_settings(lang: str) -> InlineKeyboardMarkup:
    """One button that opens the notice settings (after "stop")."""
    return InlineKeyboardMarkup([[Button(text(lang, "btn_notice_settings"),
                                         callback_data="nt:open")]])


# --- /mydata: ``md:<verb>`` (acts on the presser's own data only)
def mydata(lang: str) -> InlineKeyboardMarkup:
    """Export a copy, or erase."""
    return InlineKeyboardMarkup([[
        Button(text(lang, "btn_mydata_export"), callback_data="md:export"),
        Button(text(lang, "btn_mydata_erase"), callback_data="md:erase")]])


def mydata_confirm(lang: str) -> InlineKeyboardMarkup:
    """Confirm the erasure, or keep the data."""
    return InlineKeyboardMarkup([[
        Button(text(lang, "btn_mydata_erase_yes"), callback_data="md:erase_yes"),
        Button(text(lang, "btn_mydata_keep"), callback_data="md:keep")]])
