"""English texts (second language)."""

TEXTS: dict[str, str] = {
    "start": (
        "Hello, {name}! I am the community service assistant.\n"
        "Tell me what needs fixing in your community, for example:\n"
        "\"No heating in building 3, unit 2\"\n\n"
        "Send /help to see what I can do."
    ),
    "help": (
        "I can help you:\n"
        "• Report a problem: just describe it; I will ask where and how to reach you, "
        "then pass it to a community worker\n"
        "• /status to follow your requests\n"
        "• /notices to subscribe to community notices\n"
        "• /area to set your building (notices about it)\n"
        "• /mydata to see or erase your personal data\n"
        "• /cancel to stop what you are doing at any time\n\n"
        "Emergencies (gas leak, fire, someone trapped): call 119 / 110 / 120 now."
    ),
    "error_generic": (
        "Sorry, we could not handle your last message just now. It is saved and staff "
        "will look at it; no need to send it again."
    ),
    "inbox_delayed": (
        "The system is busy for a moment. Your last message is saved and will be handled "
        "as soon as it recovers; no need to send it again."
    ),
    "staff_error_generic": (
        "⚠️ This action could not be carried out; it is recorded "
        "(frontdoor inbox list --parked). Please try again later."
    ),
    "staff_inbox_delayed": (
        "⏳ The system is busy; this action is saved and will run when it recovers. "
        "No need to repeat it."
    ),
    "staff_error_notice": (
        "⚠️ The bot hit an error while handling a"
        " message ({error}); see the log."
    ),
    "staff_error_notice_more": (
        "⚠️ The bot hit errors while handling messages ({error}); {count} more since the"
        " last notice, see the log. Messages not handled: frontdoor inbox list --parked"
    ),
    "cmd_start": "Start",
    "cmd_help": "Help",
    "cmd_mydata": "My personal data",
    "cmd_report": "Report a problem",
    "cmd_status": "My requests",
    "cmd_cancel": "Cancel",
    "cmd_notices": "Notice settings",
    "area_is": (
        "Your notices are for {place}. Send /area 5-1 to change it, /area clear to clear it."
    ),
    "area_none": (
        "You have not set a building yet. Send /area 3-2 (building 3, unit 2) to get notices "
        "about water, power and heating in your building."
    ),
    "area_set": "Done: your notices are for {place}.",
    "area_cleared": "Cleared. Notices about a building follow the addresses of your reports.",
    "area_bad": "I could not read a building. Write it like /area 3-2 or /area 3号楼2单元.",
    "area_building": "building {building}",
    "area_building_unit": "building {building}, unit {unit}",
    "cmd_area": "My building",
    "notices_title": (
        "📢 Community notices\nTap to turn a topic on or off (✅ on / ⬜ off). "
        "Send /unsubscribe to turn them all off."
    ),
    "notices_on": "✅ {name}",
    "notices_off": "⬜ {name}",
    "notices_toggled_on": "On: {name}",
    "notices_toggled_off": "Off: {name}",
    "notices_stopped": (
        "Done: all community notices are off and none will be sent to you. To get them "
        "again, tap the button below or send /notices."
    ),
    "notices_stopped_topic": "Done: no more \"{name}\" notices. Send /notices to turn them on.",
    "notices_onboard": (
        "🔔 You will get community notices for your building (water, power, heating …). "
        "Send /notices to change them at any time."
    ),
    "btn_notice_settings": "⚙️ Notice settings",
    "topic_heating": "Heating",
    "topic_water": "Water supply",
    "topic_drainage": "Drainage and flooding",
    "topic_power": "Power supply",
    "topic_lifts": "Lifts",
    "topic_fire_safety": "Fire safety",
    "topic_snow_ice": "Snow and ice",
    "topic_catkins": "Catkins (poplar and willow fluff)",
    "topic_festivals": "Festivals and events",
    "topic_works": "Building works",
    "btn_report": "📝 Report",
    "ask_what": "What is the problem? Just type it; you can also send a photo.",
    "ask_category": "I understand this is about: {category}. Is that right?",
    "ask_category_other": "Please pick the closest one, or say in a few words what is wrong:",
    "btn_cat_yes": "✅ Yes",
    "btn_cat_other": "Other",
    "ask_where": (
        "Where is it? Tell me building, unit and "
        "room (e.g. 5号楼2单元301), or tap the button"
        " to send your location; for a public pla"
        "ce, just describe it."
    ),
    "btn_location": "📍 Send my location",
    "ask_phone": (
        "How can we reach you? Tap the button to share your number, or type a phone numbe"
        "r."
    ),
    "btn_share_phone": "📱 Share my number",
    "phone_invalid": (
        "That number does not look right. Please type an 11-digit mobile number or a land"
        "line with area code."
    ),
    "ask_when": "When can a worker visit?",
    "when_anytime": "Any time",
    "when_today": "Today",
    "when_tomorrow_am": "Tomorrow morning",
    "when_tomorrow_pm": "Tomorrow afternoon",
    "when_evening": "Evening",
    "ask_urgency": "Is it urgent?",
    "urgency_normal": "Not urgent",
    "urgency_urgent": "Urgent",
    "urgency_emergency": "Emergency",
    "card_level": "{level}{why} | contact within {respond}, solved within {resolve}",
    "card_why": " ({reasons})",
    "card_no_phone": "no phone: reply to me here in the chat",
    "btn_no_phone": "No phone, reply to me here",
    "card_several": (
        "Please check ({n} problems, each registered on its own):\n"
        "{problems}\n"
        "Place: {place}\n"
        "Phone: {phone}\n"
        "Visit: {when}\n"
        "Photos: {photos}"
    ),
    "card_problem": "{n} {description}\n   Category: {category}\n   Urgency: {level}",
    "btn_confirm_several": "✅ Confirm these {n}",
    "btn_drop_problem": "✖ Drop {n}",
    "problem_dropped": "OK, dropped.",
    "several_problems": (
        "You told me about {n} problems; I will register each on its own, so each gets "
        "handled faster. First one first:"
    ),
    "corrected_problem": "OK, changed to: {problem}",
    "noted_change": "OK, noted: {changes}.",
    "changed_address": "place {value}",
    "changed_phone": "phone {value}",
    "changed_when": "visit time {value}",
    "list_sep": ", ",
    "review_which": (
        "OK, not sent yet. What should change? Tap its button below; tap Cancel to drop "
        "the report."
    ),
    "review_not_understood": "Tap Confirm, or reply \"yes\"; tap a button below to change a field.",
    "join_not_understood": "Join it? Reply \"yes\" or \"no\", or tap a button below.",
    "opened_several": "{n} tickets registered:\n{lines}\nSend /status at any time to follow them.",
    "opened_line": "• {code}: contact within {respond}, solved within {resolve}",
    "emergency_header": "⚠️ Emergency: get safe first!",
    "emergency_numbers": "• Fire: 119; injuries: 120; crime: 110",
    "urgent_header": "⚠️ This is urgent. First:",
    "rule_gas": "gas leak",
    "rule_fire": "fire or smoke",
    "rule_trapped": "someone trapped",
    "rule_water_on_electrics": "water on electrics",
    "rule_flooding": "flooding indoors",
    "rule_burst_pipe": "burst pipe",
    "rule_cold_vulnerable": "no heating for the elderly or children",
    "rule_no_water": "no water",
    "rule_no_power": "power cut",
    "rule_sewage": "sewage backing up",
    "rule_ceiling_leak": "leak from upstairs",
    "rule_lift_vulnerable": "lift down, elderly stuck upstairs",
    "advice_gas": (
        "• Do not touch switches, flames or phones inside; open windows, leave, and call "
        "the gas company 96777 from outside"
    ),
    "advice_fire": "• Leave now and call 119; do not take the lift; cover nose and mouth, stay low",
    "advice_trapped": (
        "• Call 119 or the lift's rescue number; whoever is inside: press the alarm, "
        "do not force the doors"
    ),
    "advice_water_on_electrics": (
        "• Water on lights and sockets can kill: do not touch switches or appliances; if "
        "you can reach the fuse box safely, switch off the mains, otherwise keep away"
    ),
    "advice_flooding": (
        "• Turn off the main water valve and the power; lift appliances and valuables; "
        "get out of the water"
    ),
    "advice_burst_pipe": (
        "• Turn off the main water valve first (usually by the meter in the kitchen or "
        "bathroom); if water reaches electrics, switch off the power"
    ),
    "advice_cold_vulnerable": (
        "• Keep the elderly and children warm with more layers; keep electric heaters "
        "away from bedding and curtains"
    ),
    "advice_no_water": "• Keep some drinking water; we will find out whether it is planned",
    "advice_no_power": (
        "• Check whether your own breaker tripped; careful with candles; keep the fridge "
        "closed"
    ),
    "advice_sewage": "• Do not use the drains for now; cover the floor drain; keep away from it",
    "advice_ceiling_leak": (
        "• Catch the water in a bowl and move appliances away; if it drips on a light, "
        "do not switch it on"
    ),
    "advice_lift_vulnerable": (
        "• The elderly should not take the stairs alone; reply here if they need help "
        "going up or down"
    ),
    "staff_no_phone": "none given: reply in the topic (relayed to the resident)",
    "card": (
        "Please check:\n"
        "Problem: {description}\n"
        "Category: {category}{clarify}\n"
        "Place: {place}\n"
        "Phone: {phone}\n"
        "Visit: {when}\n"
        "Urgency: {level}\n"
        "Photos: {photos}"
    ),
    "card_clarify": " ({answer})",
    "card_location": "location sent",
    "card_none": "—",
    "btn_confirm": "✅ Confirm",
    "btn_edit_what": "✏️ Problem",
    "btn_edit_category": "✏️ Category",
    "btn_edit_where": "✏️ Place",
    "btn_edit_phone": "✏️ Phone",
    "btn_edit_when": "✏️ Visit",
    "btn_edit_urgency": "✏️ Urgency",
    "btn_cancel": "❌ Cancel",
    "opened": (
        "Registered as {code}.\n"
        "A community worker will contact you within {respond} and solve it within {resolv"
        "e}.\n"
        "Send /status at any time to follow it."
    ),
    "dur_minutes": "{n} minutes",
    "dur_hours": "{n} hours",
    "dur_hour": "{n} hour",
    "dur_days": "{n} days",
    "join_offer": (
        "A neighbour in the same building already reported this ({code}) and it is being "
        "handled. Join it and follow its progress?"
    ),
    "btn_join_yes": "👥 Join it",
    "btn_join_no": "🆕 Report separately",
    "joined": "Done: you joined {code} and will get its updates too.",
    "emergency_advice": (
        "• Gas smell: do not touch switches or flames, open windows, leave, call the gas "
        "company 96777\n"
        "• Fire or smoke: call 119\n"
        "• Someone trapped in a lift: call 119 or the lift's rescue number; do not force "
        "the doors\n"
        "• Injuries: call 120; crime: call 110\n"
        "• Water flooding in: turn off the main water valve and the power"
    ),
    "emergency_opened": (
        "An urgent ticket {code} is open too; the duty worker will contact you within {re"
        "spond}."
    ),
    "cancelled": "OK, cancelled. Write any time.",
    "nothing_to_cancel": "There is nothing in progress.",
    "too_long": "Your message was too long; I kept the first {limit} characters.",
    "not_understood": "Sorry, I did not get that.",
    "mydata_none": "We keep no personal data of yours.",
    "mydata_empty": "(none)",
    "mydata_view": (
        "What we keep about you:\n"
        "Name: {name}\nLanguage: {language}\nPhone: {phone}\nAddress: {address}\n"
        "Notices: {topics}\nRequests ({count}):\n{tickets}\nSurvey answers: {answers}\n\n"
        "You can export a copy or erase your personal data."
    ),
    "mydata_ticket": "• {code} {category} ({state}) {words}",
    "btn_mydata_export": "📄 Export a copy",
    "btn_mydata_erase": "🗑 Erase my data",
    "btn_mydata_erase_yes": "Yes, erase",
    "btn_mydata_keep": "Keep it",
    "mydata_export_caption": "Everything we keep about you (a JSON file).",
    "mydata_erase_confirm": (
        "If you erase:\n"
        "• requests still open are withdrawn first, and staff are told;\n"
        "• your phone, name, address, what you wrote, notes, photos and messages are deleted;\n"
        "• closed requests keep only category, building, dates and survey results, for the "
        "statistics, nothing personal;\n"
        "• this cannot be undone. A later message starts afresh.\n\n"
        "Erase now?"
    ),
    "mydata_erased": (
        "Your personal data is erased: {tickets} requests no longer hold anything personal, "
        "{withdrawn} open ones were withdrawn. Of your messages copied to the staff group, "
        "{removed} were deleted and {kept} could not be (the bot cannot delete group messages "
        "older than 48 hours); phone numbers in them are masked. Messages staff wrote "
        "themselves cannot be deleted."
    ),
    "mydata_kept": "All right, nothing was changed.",
    "staff_resident_erased": (
        "ℹ️ The resident erased their data; ticket {code} is withdrawn, no visit needed."
    ),
    "stale_button": "This button is no longer valid; please use the latest message.",
    "already_submitted": "Already submitted as {code}.",
    "hint_media_in_report": (
        "Sorry, I can't read that kind of message (text or photos work). Let's go on:"
    ),
    "edit_not_read": (
        "I don't read edited messages; I already have the original one. To correct "
        "something, please send a new message, e.g. 'no, it is building 8, entrance 3'."
    ),
    "unknown_command": "I don't know that command.",
    "staff_command_in_private": (
        "That command is for staff, in the staff group; it doesn't work here. Just tell "
        "me what the problem is, or send /help to see what I can do."
    ),
    "excluded_to_resident": (
        "About your request {code}: it is on record with the community. It is handled by "
        "another office or body, because: {reason}\nA community worker will tell you whom to "
        "contact; you can reply here with any question."
    ),
    "staff_ticket_withdrawn": "The resident withdrew this ticket at {at}; nothing more to do.",
    "staff_topic_withdrawn": "↩️ The resident withdrew ticket {code} at {at}.",
    "staff_assignee_withdrawn": (
        "↩️ The resident withdrew ticket {code}, which you had claimed, at {at}: no visit needed."
    ),
    "staff_topic_note": "📝 The resident added a note ({code}):\n{text}",
    "staff_topic_photo": "📷 A photo the resident added ({code})",
    "staff_topic_joined": "👥 Another household reports the same problem ({code}): {place}",
    "survey_typed_reply": (
        "Thank you, your words went to the staff. To answer the follow-up question, please "
        "press a button in the message above; for a new problem, send /report."
    ),
    "handoff_staff_said": "What the resident wrote:\n{text}",
    "handoff_staff_category": "The problem type the bot read: {category}",
    "relayed_to_staff": (
        "Passed on to the community staff; they will answer you here. Your next messages "
        "go to them directly too."
    ),
    "staff_card_more": (
        "\n📎 {photos} photo(s) | {notes} note(s) from the resident | {followers} more household(s)"
    ),
    "staff_topic_intake_photo": "📷 A photo sent with the report ({code})",
    "hint_media": (
        "Sorry, I can only read text, photos, locations and contacts. Please describe the"
        " problem in words; photos are welcome."
    ),
    "hint_idle": (
        "Tell me what needs fixing, e.g. \"the lift in building 5 is broken\", or tap the"
        " button below."
    ),
    "hint_status": "Send /status to see your requests.",
    "thanks_reply": "You are welcome! Write any time.",
    "photo_added": "📷 Photo received ({n} in total).",
    "remind": "You have an unfinished report: \"{description}\". Continue?",
    "btn_resume": "▶️ Continue",
    "btn_drop": "🗑 Drop it",
    "status_none": "You have not reported anything yet. Just tell me the problem.",
    "status_header": "Your requests:",
    "status_line": "{code} · {category}\nState: {state}{next}",
    "state_new": "received, waiting for a worker",
    "state_claimed": "a worker is on it",
    "state_resolved": "done, follow-up call pending",
    "state_closed": "closed",
    "state_reopened": "being handled again",
    "state_withdrawn": "withdrawn",
    "next_respond": "\nNext: someone contacts you by {due}",
    "next_resolve": "\nNext: expected to be solved by {due}",
    "btn_note": "📝 Add note {code}",
    "btn_photo": "📷 {code}",
    "btn_withdraw": "↩️ Withdraw {code}",
    "ask_note": "Type what you want to add (ticket {code}):",
    "ask_ticket_photo": "Send the photo (ticket {code}):",
    "note_added": "Added to {code}.",
    "ticket_photo_added": "Photo added to {code}.",
    "photo_which_ticket": ("You just reported {count} problems. Which one is the photo for? "
                           "Tap its ticket:"),
    "ticket_photos_added": "{n} photos added to {code}.",
    "withdraw_confirm": "Withdraw ticket {code}?",
    "btn_withdraw_yes": "Yes, withdraw",
    "btn_withdraw_no": "No, keep it",
    "withdrawn": "Ticket {code} is withdrawn.",
    "withdraw_kept": "OK, the ticket stays open.",
    "not_your_ticket": "This ticket cannot be changed from here.",
    "invalid_transition": "This ticket can no longer be withdrawn.",
    "ticket_gone": "That ticket is already closed; I will register yours separately.",
    "clarify_heating": "Is the whole building cold, or only your flat?",
    "clarify_heating_whole_building": "Whole building",
    "clarify_heating_my_flat": "Only my flat",
    "clarify_water": "What exactly?",
    "clarify_water_no_water": "No water",
    "clarify_water_leak": "A leak",
    "clarify_water_dirty": "Dirty water",
    "clarify_power": "Is the whole building without power, or only your flat?",
    "clarify_power_whole_building": "Whole building",
    "clarify_power_my_flat": "Only my flat",
    "open311_notice": ("Received. The resident can send /link {code} to this bot on Telegram "
                       "to follow it and answer the callbacks."),
    "link_usage": "Send /link and the 8-letter code you were given, e.g. /link ABCD2345.",
    "link_unknown": "That code is wrong or was used already. Please check it and send it again.",
    "link_done": ("Linked to ticket {code}. Progress and callbacks will come here; "
                  "/status shows it any time."),
    # --- staff chat (issue 5) ---
    "staff_dept_suggested": "⭐ {name} (suggested for this problem)",
    "staff_type_of": "{type} ({category})",
    "staff_card": (
        "{icon} {code}\nCategory: {category}\nState: {state} | {urgency}\n"
        "Place: {place}\nPhone: {phone}\nVisit: {window}\nProblem: {description}\n"
        "Respond by: {respond}\nResolve by: {resolve}\nAssignee: {assignee} "
        "| Department: {department}"
    ),
    "staff_card_note": "\nWhat was done: {note}",
    "staff_card_excluded": "\n⚠️ Excluded from the rates. Reason: {reason}",
    "staff_state_new": "unclaimed",
    "staff_state_claimed": "in progress",
    "staff_state_resolved": "resolved, callback pending",
    "staff_state_closed": "closed",
    "staff_state_reopened": "reopened",
    "staff_state_withdrawn": "withdrawn by the resident",
    "staff_urgency_normal": "normal",
    "staff_urgency_urgent": "urgent",
    "staff_urgency_emergency": "EMERGENCY",
    "staff_topic_name": "{code} {category}",
    "staff_btn_claim": "🙋 Claim",
    "staff_btn_reply": "💬 Reply",
    "staff_btn_resolve": "✅ Resolve",
    "staff_btn_transfer": "↪️ Transfer",
    "staff_btn_exclude": "🚫 Exclude",
    "staff_btn_reopen": "🔄 Reopen",
    "staff_btn_end_handoff": "End hand-off",
    "staff_btn_type": "🏷 Change type",
    "staff_type_choose": "Ticket {code} is now: {current}. Choose the right type:",
    "staff_type_more": "More types…",
    "staff_type_prev": "◀ Previous",
    "staff_type_next": "Next ▶",
    "staff_type_short": "Common types",
    "staff_type_changed": "{name} changed the type of ticket {code} from \"{old}\" to \"{new}\".",
    "staff_type_changed_level": "{name} changed the type of ticket {code} from \"{old}\" "
                                "to \"{new}\"; urgency is now {level}, deadlines recomputed.",
    "staff_bad_type": "No such type; please open the list of types again.",
    "staff_type_none": "not set",
    "staff_ask_resolve": "{name}, please write what was done for ticket {code}:",
    "staff_ask_exclude": "{name}, please give the reason for excluding ticket {code} (required):",
    "staff_ask_reply": (
        "{name}, write your reply; the resident gets it signed \"Community "
        "worker {name}\" (ticket {code}):"
    ),
    "staff_transfer_choose": "Transfer ticket {code} to:",
    "staff_done": "OK",
    "staff_contact": (
        "Contact for ticket {code} (do not share):\nPhone: {phone}\nPlace: "
        "{place}\nVisit: {window}"
    ),
    "staff_dm_failed": (
        "{name}, please send /start to the bot in a private chat to receive "
        "residents' full contacts."
    ),
    "staff_transferred_to_you": "Ticket {code} was transferred to you.",
    "staff_not_staff": "You are not staff; this is not allowed.",
    "staff_not_allowed": "Your role does not allow this.",
    "staff_bad_role": "The role must be worker, supervisor or admin.",
    "staff_no_ticket": "No such ticket.",
    "staff_reason_required": (
        "An exclusion needs a reason; nothing was excluded. Press Exclude "
        "again and give the reason."
    ),
    "staff_note_required": "Resolving needs a note of what was done; the ticket was not resolved.",
    "staff_busy": "The ticket was just changed by someone else; please try again.",
    "staff_bad_target": "No such worker or department.",
    "staff_no_thread": "This message is not in a ticket's topic; it was not sent to anyone.",
    "staff_no_handoff": "There is no open hand-off here.",
    "staff_stale": "This button is out of date or the ticket's state does not allow it.",
    "relay_to_resident": (
        "Community worker {name}: {text}\n(Ticket {code}; reply to this "
        "message to answer.)"
    ),
    "relay_to_resident_unit": ("{name} of {unit}: {text}\n(ticket {code}; reply to this "
                               "message to keep in touch)"),
    "relay_to_resident_plain": "Community worker {name}: {text}",
    "relay_to_staff": "💬 Resident: {text}",
    "handoff_started": (
        "You are now connected to community staff. Just write here; they "
        "will answer in this chat."
    ),
    "handoff_staff_notice": (
        "🙋 A resident asks for a person ({reason}). Reply in this topic "
        "to talk to them; press the button below when done."
    ),
    "handoff_topic": "Hand-off #{id}",
    "handoff_reason_ask_human": "asked for a person",
    "handoff_reason_not_understood": "the bot did not understand twice",
    "handoff_ended": "The conversation with staff has ended. Write to me any time.",
    "handoff_ended_staff": "Hand-off ended ({name}).",
    "staff_remind_soon": "⏰ Ticket {code}: the {what} deadline {due} is near.",
    "staff_remind_overdue": "🚨 Ticket {code} is past its {what} deadline ({due}).",
    "staff_what_respond": "response",
    "staff_what_resolve": "resolution",
    "staff_help": (
        "Staff commands:\n/open open tickets\n/mine my tickets\n/overdue "
        "overdue tickets\n/ticket CODE one ticket\n"
        "/search CODE|PHONE TAIL|BUILDING|WORDS find tickets\n/export [MONTH] tickets as CSV\n"
        "/web (in a private chat with the bot) a login link to the web view\n"
        "/digest daily|weekly|monthly [PERIOD] a digest now\n"
        "/notice write a notice to residents (sent once a supervisor approves)\n"
        "/drafts draft notices waiting for approval\n"
        "/end end this topic's "
        "hand-off\n/staff_list staff\n/staff_add USER_ID ROLE [NAME] (admins)\n"
        "/staff_remove USER_ID (admins)\nMessages in a ticket's topic "
        "reach the resident signed \"Community worker NAME\"; messages "
        "starting with // stay in the group."
    ),
    "staff_list_header": "Staff:",
    "staff_list_line": "{name} ({role}) id {user_id}",
    "staff_added": "Added {name} ({role}).",
    "staff_removed": "Removed.",
    "staff_not_found": "No such staff member.",
    "staff_add_usage": "Usage: /staff_add USER_ID worker|supervisor|admin [NAME]",
    "staff_remove_usage": "Usage: /staff_remove USER_ID",
    "staff_ticket_usage": "Usage: /ticket CODE",
    "staff_none": "No tickets.",
    "staff_line": "{code} | {state} | {category} | {place} | {assignee}",
    "staff_open_header": "Open tickets:",
    "staff_mine_header": "My tickets:",
    "staff_overdue_header": "Overdue tickets:",
    # /search, /export and `frontdoor report tickets` (issue 25, item 7)
    "search_usage": (
        "Usage: /search WHAT\nFor example: /search JS-20261123-0042 (a ticket code), "
        "/search 5678 (a phone's last four digits), /search 5号楼 (a building), "
        "/search heating cold (words of the description)"),
    "search_none": "No ticket matches \"{query}\".",
    "search_header": "Tickets matching \"{query}\" ({count}, newest first, at most {limit}):",
    "search_button": "{code} | {state} | {place}",
    "export_caption": "Tickets of {month} ({count}); opens in Excel.",
    "export_usage": (
        "Export tickets: /export this month; /export 2026-11 a month.\nOr on the server: "
        "frontdoor report tickets --from 2026-11-01 --to 2026-11-30 --format csv > tickets.csv"),
    "export_col_code": "code",
    "export_col_created": "opened",
    "export_col_status": "status",
    "export_col_urgency": "urgency",
    "export_col_category": "category",
    "export_col_building": "building",
    "export_col_place": "place",
    "export_col_phone": "phone (masked)",
    "export_col_description": "description",
    "export_col_assignee": "assignee",
    "export_col_department": "department",
    "export_col_respond_due": "respond by",
    "export_col_resolve_due": "resolve by",
    "export_col_resolved": "resolved",
    "export_col_excluded": "excluded because",
    "staff_role_worker": "community worker",
    "staff_role_supervisor": "supervisor",
    "staff_role_admin": "admin",
    # callback surveys and the three rates (issue 6)
    "survey_notice": (
        "📋 Follow-up: the problem you reported (ticket {code}) has be"
        "en handled.\nWhat was done: {note}\n\nIs it solved?"
    ),
    "survey_recurrence": "📋 Follow-up on ticket {code} from last week: has the problem come back?",
    "survey_q_f": "Are you satisfied?",
    "survey_q_c": "Anything else to tell us? Just write it; or tap \"Skip\".",
    "survey_reminder": (
        "⏰ Reminder: you have not answered the follow-up on ticket {c"
        "ode} yet; just tap a button below."
    ),
    "survey_btn_s_y": "✅ Solved",
    "survey_btn_s_p": "🟡 Partly solved",
    "survey_btn_s_n": "❌ Not solved",
    "survey_btn_r_n": "✅ It has not come back",
    "survey_btn_r_y": "❌ It came back",
    "survey_btn_f_s": "😊 Satisfied",
    "survey_btn_f_b": "🙂 Basically satisfied",
    "survey_btn_f_d": "😞 Dissatisfied",
    "survey_btn_c_skip": "Skip",
    "survey_answer_s_yes": "solved",
    "survey_answer_s_partly": "partly solved",
    "survey_answer_s_no": "not solved",
    "survey_answer_r_no": "it has not come back",
    "survey_answer_r_yes": "it came back",
    "survey_answer_f_satisfied": "satisfied",
    "survey_answer_f_basic": "basically satisfied",
    "survey_answer_f_dissatisfied": "dissatisfied",
    "survey_answer_c_skip": "skipped",
    "survey_you_said": "Your answer: {answer}",
    "survey_reopened": "We have reopened ticket {code}; staff will keep working on it.",
    "survey_thanks": "Thank you for your feedback!",
    "survey_comment_thanks": "Got it, thank you! Your words went to the staff.",
    "survey_refused": "This is not your survey; you cannot answer it.",
    "survey_closed": "This question was already answered or the survey has ended.",
    "staff_survey_reopened": (
        "🔄 Ticket {code} follow-up (round {round}): the resident answ"
        "ered \"{answer}\"; reopened, please continue."
    ),
    "staff_survey_comment": "💬 Ticket {code} follow-up comment (resident's own words): {text}",
    "staff_outbox_uncertain": (
        "⚠️ A message to a resident ({kind}) was interrupted while sending; it may not "
        "have arrived and will not be resent.{code}"
    ),
    "outbox_kind_reply": "a reply",
    "outbox_kind_notice": "a reminder",
    "outbox_kind_survey": "a follow-up",
    "outbox_kind_survey_reminder": "a follow-up reminder",
    "staff_outbox_uncertain_code": " Ticket: {code}",
    "staff_survey_uncertain": (
        "⚠️ The follow-up of ticket {code} (round {round}) was interr"
        "upted while sending; it may not have arrived and will not be"
        " resent. Please call the resident."
    ),
    "staff_kpi_usage": "Usage: /kpi [2026-11 or 2026-W47]",
    "digest_ranking": "🏆 Units ranked (the rank before in brackets):",
    "btn_kpi_units": "🏆 Unit ranking",
    "kpi_rank_title": ("🏆 Units ranked ({start} to {end}) | score = 20% response + 40% "
                       "resolution + 40% satisfaction"),
    "kpi_rank_line": ("{rank}. {name} ({last}) {n} tickets | response {resp} | resolution {res}"
                      " | satisfaction {sat} | score {score}"),
    "kpi_rank_last": "#{rank} before",
    "kpi_rank_new": "not ranked before",
    "kpi_rank_none": "No unit handled a ticket in this period.",
    "kpi_rank_excluded": "{n} excluded (counted for no unit).",
    "kpi_header": "📊 Three rates {label} ({start} to {end}) | basic-satisfaction weight {weight}",
    "kpi_header_partial": ("📊 Three rates {label} (from {start}, up to {until}, still running) | "
                           "basic-satisfaction weight {weight}"),
    "kpi_total": "Total {n} | response {resp} | resolution {res} | satisfaction {sat}",
    "kpi_basis": ("Answered callbacks {answered}, confirmed solved {solved} | no answer {none} | "
                  "uncertain {unsure}"),
    "kpi_weakest": "Needs attention (lowest rates):",
    "kpi_weak_line": ("• {dim} {name} ({n}): response {resp} | resolution {res} | "
                      "satisfaction {sat}"),
    "kpi_excluded_count": ("Excluded {n} (not in the rates). The button below shows every "
                           "category, building and worker."),
    "kpi_details_title": "📋 Details: {header}",
    "btn_kpi_details": "📋 Details",
    "kpi_line": (
        "{dim} {name}: tickets {n} | response {resp} | resolution {res} | "
        "satisfaction {sat} | answered {answered} | no answer {none} | uncertain {unsure}"
    ),
    "kpi_dim_total": "Total",
    "kpi_dim_category": "Category",
    "kpi_dim_building": "Building",
    "kpi_dim_worker": "Worker",
    "kpi_excluded": "Excluded tickets: {n} (not in the rates):",
    "kpi_pending": (
        "Of these, {n} are still within their response time and not counted in the response rate"
    ),
    "cmd_kpi": "the three rates",
    "cmd_digest": "daily/weekly/monthly digest",
    "digest_usage": (
        "Usage: /digest daily|weekly|monthly [period]\n"
        "e.g. /digest daily 2026-11-23, /digest weekly 2026-W47, /digest monthly 2026-10"
    ),
    "digest_gone": "This digest no longer exists.",
    "digest_late": " (late)",
    "digest_title_daily": "📋 Daily sign-off {label}{late}",
    "digest_title_weekly": "🗓 Weekly review {label} ({start} to {end}){late}",
    "digest_title_monthly": "📈 Monthly analysis {label}{late}",
    "digest_partial": " (running: up to {day}, {days} days, compared with the same {days} days)",
    "digest_counts": (
        "New {new} | resolved {closed} | due today {due_today} | overdue {overdue} | "
        "reopened {reopened} | emergencies {emergencies}"
    ),
    "digest_sec_emergencies": "🚨 Emergencies {n}",
    "digest_sec_overdue": "⏰ Overdue {n}",
    "digest_sec_due_today": "📅 Due today {n}",
    "digest_sec_reopened": "🔄 Reopened {n}",
    "digest_sec_new": "🆕 New {n}",
    "digest_sec_closed": "✅ Resolved {n}",
    "digest_sec_stuck": "🐢 Open longer than 7 days {n}",
    "digest_sec_unhappy": "😞 Opened this week, not confirmed solved / dissatisfied {n}",
    "digest_item": "• {code} {category} bldg {building} | {holder}{due}",
    "digest_item_nobuilding": "• {code} {category} | {holder}{due}",
    "digest_unassigned": "unclaimed",
    "digest_due": " | due {time}",
    "digest_unhappy_item": "• {code} {category}: {answers}",
    "digest_answer_not_solved": "not confirmed solved",
    "digest_answer_dissatisfied": "dissatisfied",
    "digest_section_more": "  … and {n} more",
    "digest_more_hint": "… {n} more lines: press \"More\" for the full list",
    "digest_quiet": "Nothing new, due, overdue or reopened today.",
    "digest_rates_header": "📊 The three rates (tickets opened this week / last week)",
    "digest_rate_line": "  {name} {this} (last week {last})",
    "digest_rate_line_partial": "  {name} {this} (same days last week {last})",
    "digest_rate_basis": ("  Opened this week {n}, answered callbacks {answered}, "
                          "confirmed solved {solved}"),
    "digest_rate_response": "Response",
    "digest_rate_resolution": "Resolution",
    "digest_rate_satisfaction": "Satisfaction",
    "digest_workers": "👷 Workers: open / resolved this week / overdue",
    "digest_worker_line": "• {name}: {open} / {closed} / {overdue}",
    "digest_monthly_total": "Requests: {n} (last month {last}, a year ago {year})",
    "digest_monthly_total_partial": ("Requests: {n} (same days last month {last}, "
                                     "a year ago {year})"),
    "digest_monthly_rates": (
        "Rates: response {resp} | resolution {res} | satisfaction {sat} | no answer {none} | "
        "excluded {excluded}"
    ),
    "digest_monthly_topic": (
        "📌 Topic of the month: building {building}, {category} ({n} this month)"
    ),
    "digest_monthly_no_topic": "📌 Topic of the month: nothing came back again and again",
    "digest_monthly_proposal": "📌 {heading}\n{evidence}",
    "digest_monthly_line": "{rank}. {category} {n} (vs last month {change}, vs a year ago {yoy})",
    "digest_monthly_hot": "🔥 Hot spot: building {building}, {category}: {n}",
    "digest_monthly_excluded": "Excluded",
    "digest_more_title": "📄 Full list: {title}",
    "btn_digest_more": "📄 More",
    "bad_month": "Please write the month like 2026-10.",
    # the monthly report as HTML (frontdoor report month --format html)
    "rpt_title": "Monthly report {month}",
    "rpt_period": "Period: {start} 00:00 to {end} ({zone} local time)",
    "rpt_period_partial": ("Period: {start} 00:00 to {end}, month still running, {days} days "
                           "({zone} local time)"),
    "rpt_made": "Made: {at} ({zone})",
    "rpt_overview": "Overview",
    "rpt_requests": ("Requests this month: {n}; last month {last} ({change}), the same month "
                     "last year {year} ({yoy})."),
    "rpt_requests_partial": ("Requests so far: {n}; the same days last month {last} ({change}), "
                             "a year ago {year} ({yoy})."),
    "rpt_basis": ("Answered callbacks {answered}, confirmed solved {solved}; no answer {none}, "
                  "uncertain sends {unsure} (neither in the rates); excluded {excluded}. "
                  "\"Basically satisfied\" counts as {weight}."),
    "rpt_topic": "Topic of the month",
    "rpt_charts": "Charts",
    "rpt_by_category": "Requests by category (top {n})",
    "rpt_rates": "The three rates by category, building and worker",
    "rpt_hot_spots": "Hot spots (one kind of problem 3+ times in one building)",
    "rpt_excluded": "Excluded tickets ({n}, not in the rates)",
    "rpt_volume": "Requests per month by category (12 months)",
    "rpt_trend": "The three rates per month (12 months)",
    "rpt_none": "None",
    "rpt_all": "All",
    "rpt_col_category": "Category",
    "rpt_col_tickets": "Tickets",
    "rpt_col_last_month": "Last month",
    "rpt_col_same_days_last_month": "Same days last month",
    "rpt_col_change": "Change",
    "rpt_col_last_year": "A year ago",
    "rpt_col_change_year": "Year on year",
    "rpt_col_dimension": "By",
    "rpt_col_name": "Name",
    "rpt_col_answered": "Answered",
    "rpt_col_no_answer": "No answer",
    "rpt_col_uncertain": "Uncertain",
    "rpt_col_building": "Building",
    "rpt_col_code": "Ticket",
    "rpt_col_reason": "Reason",
    "rpt_col_excluded_by": "Excluded by",
    "rpt_col_month": "Month",
    "rpt_ranking": ("Units ranked (score = 20% response + 40% resolution + 40% satisfaction), "
                    "last month beside"),
    "rpt_col_rank": "Rank",
    "rpt_col_last_rank": "Last month",
    "rpt_col_unit": "Unit",
    "rpt_col_score": "Score",
    "rpt_col_last_score": "Last month's score",
    "chart_volume_title": "Requests per month by category",
    "chart_trend_title": "The three rates, last 12 months",
    "chart_other": "Other",
    "chart_tickets": "Requests",
    "chart_response": "Response",
    "chart_resolution": "Resolution",
    "chart_satisfaction": "Satisfaction",
    "broadcast_btn_report": "Still a problem? Report it",
    "broadcast_btn_stop": "Stop these",
    # notices: staff /notice flow
    "nx_effect": (
        "📈 Effect of notice #{id} ({category}, {start} to {end})\n"
        "Targeted buildings ({t_buildings}): {t_rate} per building, a year before {t_before}\n"
        "Other buildings ({o_buildings}): {o_rate} per building, a year before {o_before}\n"
        "Difference in differences: {diff} per building (negative: fewer than the other "
        "buildings suggest; with few tickets a hint, not proof)"
    ),
    "nx_draft_calendar": "🗓 Seasonal draft: a supervisor sends it with one tap on \"Send now\".",
    "nx_draft_proposal": (
        "📌 {heading}\n{evidence}\n"
        "A supervisor sends it to these buildings with one tap on \"Send now\"."
    ),
    "nx_draft_overlap": ("⚠️ Notice #{id} on the same topic ({status}) also reaches {n} of "
                         "these residents: approve only one, or cancel the other."),
    "nx_overlap_draft": "draft",
    "nx_overlap_approved": "approved",
    "nx_overlap_scheduled": "scheduled",
    "nx_overlap_running": "sending",
    "nx_overlap_paused": "paused",
    "nx_overlap_done": "sent in the last 30 days",
    "nx_draft_incomplete": (
        "{intro}\nDraft notice #{id} still lacks a topic or an audience and cannot be sent yet."
    ),
    "nx_stale": "This button has expired, or the notice's state does not allow it.",
    "nx_incomplete": "The notice is not complete: it needs a text, a topic and an audience.",
    "nx_bad_audience": ("Sorry, I could not read that. Buildings: \"3,5,7\"; units: \"3-2\"; "
                        "a category: \"冬季采暖 6\" (category and months)."),
    "nx_time_passed": "That time has passed; please give a time in the future.",
    "nx_bad_time": ("Sorry, I could not read the time. Write \"明天 09:00\" or "
                    "\"2026-11-24 09:00\"."),
    "nx_start": "📢 New notice #{id}: write it, or use a template?",
    "nx_btn_write": "✏️ Write it",
    "nx_tpl_water_cut": "Template: water cut",
    "nx_tpl_heating_check": "Template: heating check",
    "nx_tpl_lift_maintenance": "Template: lift maintenance",
    "nx_btn_drop": "🗑 Drop the draft",
    "nx_btn_skip_en": "No English",
    "nx_btn_aud_all": "Everyone subscribed to the topic",
    "nx_btn_aud_place": "Some buildings or units",
    "nx_btn_aud_cat": "Who reported a kind of problem lately",
    "nx_btn_ordinary": "Ordinary",
    "nx_btn_emergency": "🚨 Emergency",
    "nx_btn_now": "✅ Approve, send now",
    "nx_btn_at": "🕘 Approve, send at a time",
    "nx_btn_pause": "⏸ Pause",
    "nx_btn_resume": "▶️ Resume",
    "nx_btn_cancel": "⛔ Cancel",
    # changing a draft before approval, and /drafts (issue 25, item 4)
    "nx_btn_edit": "✏️ Edit",
    "nx_btn_edit_zh": "Chinese text",
    "nx_btn_edit_en": "English text",
    "nx_btn_edit_when": "🕘 Time",
    "nx_btn_edit_place": "📍 Place",
    "nx_btn_back": "↩️ Back to the preview",
    "nx_edit_menu": "Edit draft notice #{id}: what to change?",
    "nx_ask_edit_zh": "Notice #{id}: send the new Chinese text (next message). Now:\n{current}",
    "nx_ask_edit_en": ("Notice #{id}: send the new English text (next message), or \"-\" for "
                       "none. Now:\n{current}"),
    "nx_ask_edit_when": ("Notice #{id}: send the new time, e.g. \"12月9日 8:00–12:00\"; add the "
                         "English after \"|\", e.g. \"12月9日 8:00–12:00 | Dec 9, 8:00–12:00\". "
                         "Now: {current}"),
    "nx_ask_edit_place": ("Notice #{id}: send the new place, e.g. \"5号楼\"; add the English "
                          "after \"|\", e.g. \"5号楼 | Building 5\". Now: {current}"),
    "nx_edited": "✏️ Changed; please check:",
    "nx_no_slots": ("The text was rewritten and is no longer a template's: change the time "
                    "and place in the Chinese text itself."),
    "nx_no_drafts": "No draft notice is waiting for approval.",
    "nx_drafts_header": "{count} draft notices wait for approval; the newest {shown}:",
    "nx_cancelled_step": "Stopped typing the notice (the draft is kept).",
    "nx_nothing": "No notice is being written.",
    "nx_ask_zh": "Notice #{id}: send the Chinese text (your next message).",
    "nx_ask_en": "Send the English text (your next message), or press \"No English\".",
    "nx_ask_topic": "Pick the notice's topic:",
    "nx_template_used": "Template used:\n{text}\n\nSuggested topic: {topic}. Pick the topic:",
    "nx_ask_audience": "Topic: {topic}. Who should get it?",
    "nx_ask_emergency": "Is it an emergency? Emergencies are sent during quiet hours too.",
    "nx_ask_place": "Send the buildings or units, e.g. \"3,5,7\" or \"3-2\".",
    "nx_ask_category": ("Send a problem category and months, e.g. \"冬季采暖 6\" (residents "
                        "who reported heating problems in the last 6 months)."),
    "nx_ask_when": "Notice #{id}: send the time, e.g. \"明天 09:00\" or \"2026-11-24 09:00\".",
    "nx_scheduled": "🕘 Notice #{id} approved; it will be sent at {at}.",
    "nx_aud_all": "everyone subscribed to the topic",
    "nx_aud_place": "buildings/units: {places}",
    "nx_aud_category": "residents who reported \"{category}\" in the last {months} months",
    "nx_preview": ("📋 Notice preview #{id}\nTopic: {topic}\nAudience: {audience}\n"
                   "Emergency: {emergency}\nRecipients: {count} residents\n——\n{text_zh}\n——\n"
                   "{text_en}\n\nA supervisor or an admin must approve it before it is sent."),
    "nx_yes": "yes",
    "nx_no": "no",
    "nx_preview_opted_out": (" ({count} of the recipients opted out of ordinary notices; "
                             "an emergency reaches them all the same)"),
    "nx_approved_now": "✅ Notice #{id} approved; sending.",
    "nx_dropped": "🗑 Notice draft #{id} dropped.",
    "nx_cancelled_before": "Notice #{id}: {state}.",
    "nx_progress_head": "📢 Notice #{id} · {topic} · {state}",
    "nx_state_draft": "draft",
    "nx_state_approved": "approved",
    "nx_state_scheduled": "scheduled",
    "nx_state_running": "sending",
    "nx_state_paused": "paused",
    "nx_state_done": "done",
    "nx_state_cancelled": "cancelled",
    "nx_progress_counts": ("sent {sent} · failed {failed} · blocked {blocked} · "
                           "waiting {waiting} · left {left}"),
    "nx_progress_eta": "about {minutes} min {seconds} s to go",
    "nx_progress_wake": "Waiting messages go out at {at} (quiet hours or a retry).",
    "nx_progress_eta_hours": "about {hours} h {minutes} min to go (the wait included)",
    "nx_progress_released": "🌙 A supervisor chose to send it during quiet hours.",
    "nx_btn_anyway": "🌙 Send now anyway",
    "nx_summary_counts": ("{total} in all: sent {sent}, failed {failed}, blocked {blocked}, "
                          "not sent (cancelled) {cancelled}"),
    "nx_summary_reasons": "Reasons:",
    "nx_summary_reason": "· {status}: {reason} × {count}",
    "nx_dstate_failed": "failed",
    "nx_dstate_blocked": "blocked",
    "nx_dstate_uncertain": "may not have arrived",
    # notices: calendar and 每月一题
    "cal_proposal_heading": "Topic of the month {month}: {category}",
    "cal_proposal_evidence": ("Last year ({ref}): {category} {count} tickets, "
                              "{index:.1f}× the monthly mean"),
    "cal_proposal_places": "; buildings {buildings} had {share}%",
    "cal_proposal_change": ("; the last 3 months ({first} to {last}) vs a year before "
                            "{change:+d}% ({recent} against {before})"),
    "cal_proposal_change_new": ("; the last 3 months ({first} to {last}) {recent}, "
                                "a year before none"),
    "cal_proposal_hot": "; so far this month {spots}",
    "cal_proposal_hot_one": "building {building} has {n}",
    "cal_proposal_expect": (". Expected in {month}: about {expected} "
                            "(usually about {mean} a month)."),
    "cal_proposal_none": "{month}: nothing rose clearly in the same month before; no proposal.",
    "cal_notice_places": "in buildings {buildings} ",
    "cal_notice_text": ("[Topic of the month] In past years this time brought many "
                        "\"{category}\" problems {places}and we are checking ahead. If you "
                        "meet one, press the button below to report it."),
    # --- work orders across units (issue 21, docs/units.md) ---
    "staff_card_orders": "\nWork orders:",
    "staff_card_order_line": "\n· {unit}: {state}{who}{reason}",
    "staff_card_order_who": " ({name})",
    "staff_card_order_reason": ", sent back: {reason}",
    "order_state_open": "waiting to be taken",
    "order_state_claimed": "in progress",
    "order_state_done": "done",
    "order_state_returned": "sent back, awaiting a decision",
    "order_state_cancelled": "cancelled",
    "staff_btn_dispatch_to": "📨 Dispatch to {unit}",
    "order_card": (
        "📨 Work order {code}\nFrom: {home}\nCategory: {category}\nPlace: {place}\n"
        "Description: {description}\nState: {state}\nRespond by: {respond}\n"
        "Resolve by: {resolve}\nAssignee: {assignee}"
    ),
    "order_card_result": "\nResult: {result}",
    "order_card_reason": "\nSent back: {reason}",
    "order_topic_name": "{code} order",
    "order_btn_take": "🙋 Take",
    "order_btn_done": "✅ Done",
    "order_btn_back": "↩️ Send back",
    "order_ask_done": "{name}, please reply with what was done (order {code}):",
    "order_ask_back": "{name}, please write why you send it back (order {code}):",
    "order_dispatched": "📨 Dispatched to {unit} ({code})",
    "order_returned_notice": "↩️ {unit} sent back the order ({code}): {reason}\nPlease decide:",
    "order_done_notice": "✅ {unit} finished the order ({code}): {result}",
    "order_btn_keep": "Keep it with that unit",
    "order_btn_close": "No order needed",
    "order_btn_redispatch": "Dispatch elsewhere",
    "order_redispatch_choose": "Dispatch order {code} instead to:",
    "order_refused": "This order cannot take that action now.",
    "unit_not_member": "You do not work in this unit; you cannot act on its orders.",
    # the web view (handlers/web): supervisors and street leaders, read-only
    "web_cmd_link": (
        "🔗 Your web view login link (valid {minutes} minutes, once; do not forward it):\n{url}"
    ),
    "web_cmd_not_staff": "The web view is for community staff only.",
    "web_cmd_off": "The web view is off (the HTTP port FRONTDOOR_OPEN311_PORT is 0).",
    "web_cmd_group": "Send /web to the bot in a private chat: the link is for you alone.",
    "web_brand": "Community service desk",
    "web_nav_overview": "Overview",
    "web_nav_tickets": "Tickets",
    "web_nav_analysis": "Monthly analysis",
    "web_nav_buildings": "Buildings",
    "web_logout": "Log out",
    "web_lang_other": "中文",
    "web_login_title": "Log in to the web view",
    "web_login_intro": "Press the button to log in. This link works once, for {minutes} minutes.",
    "web_login_button": "Log in",
    "web_link_refused": (
        "This login link no longer works (used, expired or unknown). "
        "Send /web to the bot in Telegram for a new one."
    ),
    "web_login_needed": "Please log in: send /web to the bot in Telegram and open the link.",
    "web_session_ended": "Your session expired or you logged out. Send /web to log in again.",
    "web_logged_out": "Logged out. Send /web to the bot when you need the web view again.",
    "web_csrf": "This form has expired. Go back, reload the page and try again.",
    "web_not_found": "No such ticket, or not one you may see.",
    "web_page_missing": "No such page.",
    "web_tickets_title": "Tickets",
    "web_filter_state": "State",
    "web_filter_type": "Problem",
    "web_filter_building": "Building",
    "web_filter_unit": "Unit",
    "web_filter_worker": "Staff id",
    "web_filter_period": "When (month 2026-11 or a day)",
    "web_filter_urgency": "Urgency",
    "web_filter_reopened": "Reopened only",
    "web_filter_excluded": "Excluded from the rates only",
    "web_filter_any": "Any",
    "web_filter_apply": "Filter",
    "web_filter_clear": "Clear filters",
    "web_state_open": "Open",
    "web_state_overdue": "Overdue",
    "web_count": "{n} tickets",
    "web_count_capped": "More than {n} tickets",
    "web_next": "Next page →",
    "web_first": "← First page",
    "web_ignored": "These filters made no sense and were ignored: {names}",
    "web_none": "No ticket matches.",
    "web_col_code": "Code",
    "web_col_created": "Opened",
    "web_col_problem": "Problem",
    "web_col_building": "Bldg",
    "web_col_status": "State",
    "web_col_urgency": "Urgency",
    "web_col_unit": "Unit",
    "web_col_worker": "Worker",
    "web_overdue": "overdue",
    "web_reopened": "reopened {n}×",
    "web_excluded": "excluded",
    "web_ticket_facts": "Facts",
    "web_ticket_problem": "Problem",
    "web_ticket_description": "Description",
    "web_ticket_address": "Address",
    "web_ticket_phone": "Phone",
    "web_ticket_show_phone": "Show the full number (this is recorded)",
    "web_ticket_phone_logged": "Your view of the full contact was recorded.",
    "web_ticket_due": "Deadlines",
    "web_ticket_due_line": "respond {respond} · resolve {resolve}",
    "web_ticket_unit": "Unit",
    "web_ticket_worker": "Worker",
    "web_ticket_photos": "{n} photos (see them in the Telegram staff group)",
    "web_ticket_orders": "Work orders",
    "web_ticket_no_orders": "No work orders.",
    "web_order_line": "{unit} · {status} · dispatched {dispatched}",
    "web_ticket_surveys": "Callback surveys",
    "web_ticket_no_surveys": "No survey yet.",
    "web_survey_line": "Survey round {round} · {status}",
    "web_survey_answer": "solved: {solved} · satisfied: {satisfaction}",
    "web_ticket_timeline": "Timeline",
    "web_actor_resident": "Resident",
    "web_actor_staff": "Staff",
    "web_actor_system": "System",
    "web_back": "← Back to the list",
    "web_ev_opened": "reported",
    "web_ev_joined": "another resident joined",
    "web_ev_claimed": "claimed",
    "web_ev_staff_replied": "replied to the resident",
    "web_ev_resident_message": "resident wrote",
    "web_ev_resident_note": "resident added a note",
    "web_ev_resident_photo": "resident added a photo",
    "web_ev_transferred": "transferred",
    "web_ev_resolved": "resolved",
    "web_ev_closed": "closed",
    "web_ev_reopened": "reopened",
    "web_ev_withdrawn": "withdrawn by the resident",
    "web_ev_excluded": "excluded from the rates",
    "web_ev_dispatched": "dispatched",
    "web_ev_order_taken": "order taken",
    "web_ev_order_done": "order done",
    "web_ev_order_returned": "order sent back",
    "web_ev_order_decided": "send-back decided",
    "web_ev_survey_sent": "survey sent",
    "web_ev_survey_answer": "survey answered",
    "web_ev_survey_comment": "survey comment",
    "web_ev_survey_expired": "survey expired",
    "web_ev_survey_uncertain": "survey delivery uncertain",
    "web_ev_survey_reminder": "survey reminder",
    "web_ev_reminder_sent": "deadline reminder",
    "web_ev_contact_shown": "full contact viewed",
    "web_ev_handoff_started": "handed to a person",
    "web_ev_handoff_ended": "person-to-person chat ended",
    "web_ev_linked": "resident linked the request",
    "web_ev_resident_erased": "resident erased their data",
    "web_ev_problem_type_changed": "problem type changed",
    "web_ev_photo": "photo",
    "esc_reminder": "⏰ Order {code} is past its {what} deadline ({due}) by {late}. "
                    "Please act now.",
    "esc_card": (
        "🚨 Overdue work order · street escalation\nTicket: {code}\nUnit: {unit}\n"
        "Past its {what} deadline ({due})\nLate by: {late}"
    ),
    "esc_btn_summon": "🔔 Summon the unit's head",
    "esc_card_summoned": "\n🔔 {name} summoned the unit's head at {at}",
    "esc_summons": (
        "🔔 Summons: {name} calls the head of {unit}. Order {code} is past its {what} "
        "deadline by {late}.\nHead of unit: tap \"Report in\" and act now."
    ),
    "esc_btn_ack": "✅ Report in",
    "esc_acked": "✅ The head of {unit}, {name}, reported in (order {code}).",
    "esc_ack_done": "Reported in.",
    "esc_summoned_already": "The unit's head has been summoned already.",
    "esc_second": (
        "🚨🚨 Second level: order {code} ({unit}): nobody reported in {within} after the "
        "summons; past its {what} deadline by {late}. Street leader, please step in."
    ),
    "escalation_not_street": "Only a street supervisor or the street leader may summon.",
    "escalation_not_head": "Only the head of this unit reports in.",
    "escalation_stale": "This escalation is no longer current.",
    "relayed_to_ticket": (
        "I passed your message to the staff handling {code}; you will hear back here. "
        "To report a new problem, just describe it."
    ),
    "web_unavailable": (
        "The data cannot be read right now (the database is recovering). Reload in a moment."
    ),
    "web_failed": (
        "Something went wrong and was logged. Try again later, or work in the Telegram group."
    ),
    # web view pages (handlers/web/pages)
    "web_overview_title": "Overview",
    "web_today": "Today ({day})",
    "web_today_new": "New today",
    "web_today_open": "Open",
    "web_today_overdue": "Overdue",
    "web_today_emergency": "Emergencies (open)",
    "web_rates_title": "The three rates: this month, last month, a year ago",
    "web_rates_street": "The whole street",
    "web_col_this_month": "This month {month} (so far)",
    "web_col_last_month": "Last month {month}",
    "web_col_last_year": "Same month last year {month}",
    "web_row_tickets": "Tickets opened",
    "web_ranking_title": ("Unit ranking {month} (score = response 20% + resolution 40% + "
                          "satisfaction 40%)"),
    "web_col_rank": "Rank",
    "web_col_last_rank": "Last month",
    "web_col_tickets": "Tickets",
    "web_col_score": "Score",
    "web_waiting_title": "Waiting for a decision in Telegram",
    "web_sent_back": "Orders sent back, waiting for the dispatcher: {n}",
    "web_col_ticket": "Ticket",
    "web_col_reason": "Reason given",
    "web_drafts": "Notice drafts waiting for approval: {n} (approve them in Telegram: /drafts)",
    "web_nothing_waiting": "Nothing waits for a decision.",
    "web_more": "{n} more not listed.",
    "web_analysis_title": "Monthly analysis {month}",
    "web_previous_month": "← Previous month {month}",
    "web_next_month": "Next month {month} →",
    "web_analysis_street_only": ("The monthly analysis counts the whole street's requests: "
                                 "only those who see the whole street may open it."),
    "web_bad_month": "Write the month as YYYY-MM, e.g. 2026-10.",
    "web_no_cjk_font": ("The server has no Chinese font to draw the charts with "
                        "(apt-get install fonts-noto-cjk)."),
    "web_buildings_title": "Requests by building {month}",
    "web_buildings_legend": "Legend (requests this month)",
    "web_buildings_none": "No building is known yet.",
    "web_building_cell": "Building {building}: {n} requests",
    "web_legend_zero": "none",
    "web_legend_range": "{low}–{high}",
    "web_escalations": "Escalated overdue orders: {n}",
    "web_escalation_level_1": "level 1: the street",
    "web_escalation_level_2": "level 2: the street leader",
    "web_escalation_summoned": "head summoned",
    "web_escalation_not_summoned": "not summoned",
    "web_col_level": "Level",
    "web_col_whistle": "Summoned (吹哨)",
    "web_col_since": "Since",
    "web_ranking_none": (
        "Nothing to rank this month yet; last month's ranking is in the monthly analysis."
    ),
    "question_several_open": (
        "You have {n} requests in progress. To write to the staff of one, send /status and "
        'press its "📝 Add note". To report a new problem, just describe it.'
    ),
}
