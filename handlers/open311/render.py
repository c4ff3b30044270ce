"""GeoReport bodies as JSON or XML, and GeoReport error lists."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

ITEM = {"services": "service", "service_requests": "request", "errors": "error",
        "attributes": "attribute", "values": "value"}
"""The element name of each list's items, as the spec's XML examples name them."""


def respond(fmt: str, root: str, body: Any, status: int = 200,
            headers: dict[str, str] | None = None) -> web.Response:
    """``body`` in the asked format; ``root`` names the XML document element."""
    if fmt == "xml":
        text = '<?xml version="1.0" encoding="utf-8"?>' + _xml(root, body)
        return web.Response(text=text, status=status, content_type="text/xml",
                            charset="utf-8", headers=headers)
    return web.Response(text=json.dumps(body, ensure_ascii=False), status=status,
                        content_type="application/json", charset="utf-8", headers=headers)


def error(fmt: str, status: int, description: str,
          headers: dict[str, str] | None = None) -> web.Response:
    """A GeoReport error list: ``[{"code": status, "description": ...}]``."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status,
                   headers)


def _xml(name: str, value: Any) -> str:
    if isinstance(value, list):
        item = ITEM.get(name, "item")
        inner = "".join(_xml(item, v) for v in value)
    elif isinstance(value, dict):
        inner = "".join(_xml(k, v) for k, v in value.items())
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    elif value is None:
        return f"<{name}/>"
    else:
        inner = escape(str(value))
    return f"<{name}>{inner}</{name}>"
