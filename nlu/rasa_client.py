"""The Rasa engine: asks a Rasa 3.6 server's ``/model/parse`` over HTTP.

Rasa answers the conversational intent; the category comes from Rasa's ResponseSelector
for the retrieval intent ``report_problem/<slug>``, whose response text in ``domain.yml``
is the taxonomy path (see ``docs/rasa.md``). Entities come from the same deterministic
extractors the embedded engine uses, plus whatever a Rasa extractor may add.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import httpx
import yaml

from nlu.categories import display_name, first_level
from nlu.embedded.engine import CATEGORY_INTENTS, FALLBACK, MAX_MESSAGE
from nlu.entities import extract_entities
from nlu.problem_guess import type_extras
from nlu.types import Alternative, Entity, ParseResult

RETRIEVAL_INTENT = "report_problem"
DOMAIN = Path(__file__).with_name("domain.yml")


class RasaError(RuntimeError):
    """The Rasa server did not give a usable answer (down, slow, refused, malformed)."""


class RasaAuthError(RasaError):
    """The Rasa server refused the auth token."""


class RasaEngine:
    """NLU by a Rasa server; raises :class:`RasaError` when the server fails.

    Args:
        url: the server's base URL, e.g. ``http://127.0.0.1:5005``.
        token: the server's ``--auth-token`` (sent as ``?token=``), if any.
        timeout: seconds for the whole request.
        connect_timeout: seconds to open the connection.
        domain: ``domain.yml`` that maps ``report_problem/<slug>`` to a taxonomy path.
        tz: time zone that relative dates in entities are resolved in.
    """

    name = "rasa"

    def __init__(self, url: str, token: str | None = None, *, timeout: float = 2.0,
                 connect_timeout: float = 0.5, domain: Path | None = DOMAIN,
                 tz: tzinfo | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.tz = tz
        self._params = {"token": token} if token else {}
        self._timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self._client: httpx.AsyncClient | None = None
        self.categories = read_categories(domain) if domain and domain.exists() else {}

    async def parse(self, text: str) -> ParseResult:
        """Parses one message with Rasa; raises :class:`RasaError` if the server fails."""
        text = text if isinstance(text, str) else ""
        body = await self._post({"text": text[:MAX_MESSAGE]})
        return self.to_result(text, body)

    async def aclose(self) -> None:
        """Closes the HTTP connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _post(self, payload: dict[str, str]) -> dict[str, Any]:
        """POSTs to ``/model/parse`` within the time limit and returns the JSON body."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        where = f"{self.url}/model/parse"
        try:
            async with asyncio.timeout(self.timeout):
                response = await self._client.post(where, params=self._params, json=payload)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise RasaError(f"Rasa at {self.url} did not answer within {self.timeout}s "
                            f"({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise RasaError(f"Rasa at {self.url} is unreachable: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            raise RasaAuthError(f"Rasa at {self.url} refused the auth token "
                                f"(HTTP {response.status_code}); check FRONTDOOR_RASA_TOKEN")
        if response.status_code != 200:
            raise RasaError(f"Rasa at {self.url} answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise RasaError(f"Rasa at {self.url} sent a body that is not JSON") from exc
        if not isinstance(body, dict) or "intent" not in body:
            raise RasaError(f"Rasa at {self.url} sent no intent; is an NLU model loaded?")
        return body

    def to_result(self, text: str, body: dict[str, Any]) -> ParseResult:
        """Maps a ``/model/parse`` body to a :class:`ParseResult`."""
        intent = body.get("intent") or {}
        name, confidence = intent.get("name") or FALLBACK, float(intent.get("confidence") or 0)
        ranking = tuple(Alternative(r["name"], round(float(r["confidence"]), 4))
                        for r in body.get("intent_ranking") or [] if r.get("name"))
        raw = next((a.name for a in ranking if a.name != FALLBACK), name)
        reason = None if name != FALLBACK else "low_confidence"
        if len(text) > MAX_MESSAGE:
            name, reason, confidence = FALLBACK, "too_long", min(confidence, 0.25)
        category, cat_conf, cat_alts, key = None, 0.0, (), None
        if raw in CATEGORY_INTENTS:
            category, cat_conf, cat_alts, key = self._category(body)
        return ParseResult(
            text=text, intent=name, confidence=round(confidence, 4),
            category=category, category_confidence=cat_conf,
            entities=self._entities(text, body.get("entities") or []),
            intent_alternatives=ranking, category_alternatives=cat_alts, engine=self.name,
            extras={"raw_intent": raw, "fallback_reason": reason, "retrieval_key": key,
                    "first_level": first_level(category) if category else None,
                    "category_display": display_name(category) if category else None,
                    **(type_extras(text, category) if category
                       else {"problem_type": None, "problem_types": []})},
        )

    def _category(self, body: dict[str, Any]) -> tuple[str | None, float, tuple, str | None]:
        """Category path, confidence, alternatives and key from the ResponseSelector."""
        selected = (body.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
        response = selected.get("response") or {}
        key = response.get("intent_response_key")
        if not key:
            return None, 0.0, (), None
        texts = [r.get("text") for r in response.get("responses") or [] if r.get("text")]
        path = texts[0] if texts else self.categories.get(key)
        alternatives = tuple(
            Alternative(self.categories.get(r["intent_response_key"], r["intent_response_key"]),
                        round(float(r["confidence"]), 4))
            for r in (selected.get("ranking") or [])[:5] if r.get("intent_response_key"))
        return path, round(float(response.get("confidence") or 0), 4), alternatives, key

    def _entities(self, text: str, found: list[dict[str, Any]]) -> tuple[Entity, ...]:
        """Deterministic entities, plus Rasa's where they overlap none of them."""
        now = datetime.now(self.tz).astimezone(self.tz)
        entities = list(extract_entities(text, now))
        for item in found:
            start, end = int(item.get("start", 0)), int(item.get("end", 0))
            if all(end <= e.start or start >= e.end for e in entities):
                entities.append(Entity(type=str(item.get("entity")), value=text[start:end],
                                       start=start, end=end, normalized=item.get("value")))
        return tuple(sorted(entities, key=lambda e: e.start))


def read_categories(domain: Path) -> dict[str, str]:
    """``report_problem/<slug>`` → taxonomy path, from ``utter_report_problem/<slug>``."""
    doc = yaml.safe_load(domain.read_text(encoding="utf-8")) or {}
    prefix = f"utter_{RETRIEVAL_INTENT}/"
    return {name.removeprefix("utter_"): variants[0]["text"]
            for name, variants in (doc.get("responses") or {}).items()
            if name.startswith(prefix) and variants and variants[0].get("text")}
