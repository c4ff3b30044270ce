"""Reads a Bot API request's parameters from a query string, a form, multipart or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from aiohttp import web

from bot.localapi.errors import bad_request


@dataclass
class Upload:
    """A file sent in a multipart request."""

    filename: str
    content_type: str
    data: bytes


async def read_params(request: web.Request) -> Params:
    """Collects the parameters of ``request`` whatever way the client sent them."""
    values: dict = dict(request.query)
    files: dict[str, Upload] = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as exc:
                raise bad_request("can't parse JSON object") from exc
            if not isinstance(body, dict):
                raise bad_request("can't parse JSON object")
            values.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = Upload(value.filename or key, value.content_type,
                                        value.file.read())
                else:
                    values[key] = value
    return Params(values, files)


class Params:
    """Typed access to parameters: form values arrive as strings or JSON-encoded strings."""

    def __init__(self, values: dict, files: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.files = files or {}

    def has(self, name: str) -> bool:
        """True when the parameter was sent (and is not null)."""
        return self.values.get(name) is not None or name in self.files

    def str(self, name: str, default: str | None = None) -> str | None:
        """A string parameter."""
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def int(self, name: str, default: int | None = None, required: bool = False) -> int | None:
        """An integer parameter; 400 ``<name> is empty`` when required and absent."""
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return default
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def float(self, name: str, default: float | None = None) -> float | None:
        """A number parameter."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def bool(self, name: str, default: bool = False) -> bool:
        """A boolean parameter ("true"/"false", 1/0 or a JSON boolean)."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def json(self, name: str, what: str = "JSON object"):
        """An object or array parameter, decoded when it arrived as a JSON string."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value) if value else None
            except ValueError as exc:
                raise bad_request(f"can't parse {what}") from exc
        return value

    def chat_id(self, name: str = "chat_id") -> int:
        """The chat id (required); ``@username`` strings are not known here."""
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request("chat not found") from exc

    def file(self, name: str) -> Upload | str | None:
        """A file parameter: an upload (direct or ``attach://``), or a file_id/URL string."""
        if name in self.files:
            return self.files[name]
        value = self.str(name)
        if value and value.startswith("attach://"):
            upload = self.files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"can't find attached file {value}")
            return upload
        return value
