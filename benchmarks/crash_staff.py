"""The staff side of ``benchmarks.crash``: cards posted under the kills, and a worker claiming.

- ``Desk.register``: the admin (the bot's ``first_admin_id``, ``ADMIN``) adds 王
  (``WORKER``) with ``/staff_add`` in the staff group, before any resident starts.
- ``Desk.run``: 王 reads the staff chat every 0.3 s and presses ``staff:claim:<id>`` once on
  every new card message that offers it (a card posted twice is pressed twice; the second
  press is refused, which is fine). ``Desk.quiet``: nothing left to press, and the local API
  holds no update the bot has not fetched and confirmed.
- ``Desk.measure``: the cards, topics and claims, from the staff chat, the worker's private
  chat and the database (the figures are in ``benchmarks.crash``); with anything missing or
  lost, the evidence (tickets, ``uncertain`` outbox rows, his chat) goes to a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import Counter
from pathlib import Path

import httpx

from benchmarks.intake_procs import STAFF_CHAT_ID
from bot.localapi.client import ControlClient, ControlError
from handlers.texts import zh

ADMIN, WORKER = 9001, 9002
CARD = re.compile(r"^\S+ (\S+)\n类别：")  # "{icon} {code}\n类别：…" (staff_card in texts/zh.py)
CLAIM = re.compile(r"^staff:claim:(\d+)$")
CONTACT = re.compile(r"^工单 (\S+) 的联系方式")  # staff_contact, in the worker's private chat
LATER = ("claimed", "resolved", "closed", "reopened")  # a claim was applied
KEY_OF = {v: k for k, v in zh.TEXTS.items()}  # an answer's text -> its catalogue key


def claim_of(message: dict) -> int | None:
    """The ticket id of the card's claim button, or None (not a card, or no such button)."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    for button in (b for row in rows for b in row):
        found = CLAIM.match(button.get("callback_data") or "")
        if found:
            return int(found[1])
    return None


class Desk:
    """王 in the staff group, with a control client of his own."""

    def __init__(self, url: str) -> None:
        self.control = ControlClient(url, timeout=20)
        self.presses: list[tuple[int, int, str]] = []  # (ticket id, update id, query id)
        self.seen = 0  # the newest staff chat message looked at
        self.failed = 0  # presses the local API refused (should not happen)
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        """Closes the client."""
        await self.control.aclose()

    async def register(self) -> None:
        """The admin adds the worker; waits for the bot's answer."""
        await self.control.create_user(ADMIN, "管理员", staff_role="administrator")
        await self.control.create_user(WORKER, "王", staff_role="member")
        sent = await self.control.send_text(ADMIN, f"/staff_add {WORKER} worker 王",
                                            chat_id=STAFF_CHAT_ID)
        said = await self.control.wait_for_bot_messages(
            STAFF_CHAT_ID, after=sent["message"]["message_id"], timeout=30)
        if not any("王" in (m.get("text") or "") for m in said):
            raise RuntimeError(f"/staff_add was not accepted: {[m.get('text') for m in said]}")

    async def look(self) -> int:
        """Presses claim once on every card posted since the last look; how many."""
        async with self._lock:
            pressed = 0
            for m in await self.control.messages(STAFF_CHAT_ID, after=self.seen):
                self.seen = max(self.seen, m["message_id"])
                ticket = claim_of(m) if m.get("from_bot") else None
                if ticket is None:
                    continue
                try:
                    got = await self.control.press(WORKER, m["message_id"],
                                                   f"staff:claim:{ticket}", chat_id=STAFF_CHAT_ID)
                except ControlError:
                    self.failed += 1
                    continue
                self.presses.append((ticket, got["update_id"], got["callback_query_id"]))
                pressed += 1
            return pressed

    async def run(self, stop: asyncio.Event) -> None:
        """Looks every 0.3 s until ``stop``."""
        while not stop.is_set():
            with contextlib.suppress(ControlError, httpx.HTTPError):
                await self.look()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.3)

    async def quiet(self) -> bool:
        """No card left to press and no update waiting in the local API."""
        return await self.look() == 0 and (await self.control.stats())["pending_updates"] == 0

    async def measure(self, watch, evidence: Path) -> dict:
        """The card and claim figures of ``benchmarks.crash``; evidence of trouble to a file."""
        history = await self.control.history(STAFF_CHAT_ID)
        cards, answers = Counter(), {}
        for m in history["messages"]:
            found = CARD.match(m.get("text") or "") if m.get("from_bot") else None
            if found:
                cards[found[1]] += 1
            answers.update((a["callback_query_id"], a) for a in m.get("callback_answers", []))
        topics = Counter(t["name"].split(" ")[0] for t in history["topics"])
        dm = await self.control.messages(WORKER)
        contacts = Counter(found[1] for m in dm
                           if m.get("from_bot") and (found := CONTACT.match(m.get("text") or "")))
        rows = await watch.rows("SELECT id, code, status, assignee_id FROM tickets "
                                "WHERE code NOT LIKE 'CR-%'")  # CR-: the seeded survey tickets
        applied = {i for i, _, status, assignee in rows if status in LATER or assignee}
        stored = dict(await watch.rows("SELECT update_id, status FROM inbox_updates"))
        lost = [p for p in self.presses if p[1] in stored and p[0] not in applied]
        refusals = Counter(KEY_OF.get(a["text"], a["text"]) for _, _, q in self.presses
                           if (a := answers.get(q)) is not None and a.get("text"))
        codes = [code for _, code, _, _ in rows]
        odd = [c for i, c, _, _ in rows if not cards[c] or (i in applied and not contacts[c])]
        if odd or lost:
            await _dump(watch, evidence, odd, lost, dm)
        return {
            "tickets": len(rows), "cards_missing": sum(not cards[c] for c in codes),
            "cards_doubled": sum(cards[c] > 1 for c in codes),
            "topics_doubled": sum(topics[c] > 1 for c in codes),
            "claims_pressed": len(self.presses), "claims_applied": len(applied),
            "claims_lost": len(lost), "claims_lost_silent": sum(
                not (answers.get(q) or {}).get("text") for _, _, q in lost),
            "claims_unstored": sum(u not in stored for _, u, _ in self.presses),
            "claims_unanswered": sum(q not in answers for _, _, q in self.presses),
            "claims_refused": sum(refusals.values()),
            "refusals": ",".join(f"{k}:{v}" for k, v in sorted(refusals.items())) or "-",
            "press_failed": self.failed,
            "contacts_missing": sum(not contacts[c] for i, c, _, _ in rows if i in applied),
            "claim_updates": ",".join(f"{k}:{v}" for k, v in sorted(Counter(
                stored[u] for _, u, _ in self.presses if u in stored).items())) or "-",
        }


async def _dump(watch, evidence: Path, odd: list[str], lost: list, dm: list[dict]) -> None:
    """Tickets with no card or contact, claims lost, uncertain rows, the worker's chat."""
    lines = [f"odd tickets: {odd}", f"lost presses (ticket, update, query): {lost}"]
    lines += [repr(r) for r in await watch.rows(
        "SELECT id, code, status, assignee_id, staff_thread_id, staff_chat_message_id, "
        "claimed_at FROM tickets WHERE code NOT LIKE 'CR-%' ORDER BY id")]
    lines += [repr(r) for r in await watch.rows(
        "SELECT id, kind, status, attempts, ticket_id, error, created_at "
        "FROM outbox WHERE status = 'uncertain' ORDER BY id")]
    lines += [f"dm {m['message_id']}: {(m.get('text') or '')[:40]!r}" for m in dm]
    evidence.write_text("\n".join(lines) + "\n")
