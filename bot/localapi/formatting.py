"""Turns text with parse_mode into plain text plus entities, as Telegram does (or refuses)."""

from __future__ import annotations

from html.parser import HTMLParser

from bot.localapi.errors import ApiError, bad_request

HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "code": "code", "pre": "pre",
    "a": "text_link", "blockquote": "blockquote", "span": "spoiler", "tg-emoji": "custom_emoji",
}
MD_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough",
              "||": "spoiler", "`": "code", "```": "pre"}
MD_RESERVED = set("_*[]()~`>#+-=|{}.!")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def _cannot_parse(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def parse(text: str, parse_mode: str | None) -> tuple[str, list[dict]]:
    """Returns the plain text and entities for ``text`` in ``parse_mode`` (None: as is)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _HtmlParser(text).result()
    if mode == "markdownv2":
        return _parse_markdown(text, strict=True)
    if mode == "markdown":
        return _parse_markdown(text, strict=False)
    if mode:
        raise bad_request(f"unsupported parse_mode {parse_mode}")
    return text, []


class _HtmlParser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines = source.split("\n")
        self.out: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, dict]] = []
        self.entities: list[dict] = []

    def result(self) -> tuple[str, list[dict]]:
        self.feed(self.source)
        self.close()
        if self.stack:
            raise _cannot_parse(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def _byte_offset(self) -> int:
        line, col = self.getpos()
        before = "\n".join(self.lines[: line - 1]) + ("\n" if line > 1 else "")
        return len((before + self.lines[line - 1][:col]).encode())

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        kind = HTML_TAGS.get(tag)
        if kind is None or (tag == "span" and attrs.get("class") != "tg-spoiler"):
            raise _cannot_parse(
                f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}'
            )
        entity = {"type": kind, "offset": self.length}
        if tag == "a":
            href = attrs.get("href") or ""
            if href.startswith("tg://user?id="):
                entity = {"type": "text_mention", "offset": self.length,
                          "user": {"id": int(href.split("=", 1)[1]), "is_bot": False,
                                   "first_name": ""}}
            else:
                entity["url"] = href
        elif tag == "code" and self.stack and self.stack[-1][0] == "pre":
            language = (attrs.get("class") or "").removeprefix("language-")
            if language:
                self.stack[-1][1]["language"] = language
            entity = {"type": "_ignored", "offset": self.length}
        self.stack.append((tag, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            expected = f'"</{self.stack[-1][0]}>"' if self.stack else "no end tag"
            raise _cannot_parse(
                f"Unmatched end tag at byte offset {self._byte_offset()}, "
                f'expected {expected}, found "</{tag}>"'
            )
        _, entity = self.stack.pop()
        entity["length"] = self.length - entity["offset"]
        if entity["type"] != "_ignored" and entity["length"] > 0:
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.out.append(data)
        self.length += utf16_len(data)


def _parse_markdown(source: str, strict: bool) -> tuple[str, list[dict]]:
    """MarkdownV2 (``strict``) or legacy Markdown: markers, escapes and [text](url) links."""
    out: list[str] = []
    length = 0
    stack: list[dict] = []
    entities: list[dict] = []
    i = 0
    quote: int | None = None
    markers = MD_MARKERS if strict else {"*": "bold", "_": "italic", "`": "code",
                                         "```": "pre"}
    while i < len(source):
        char = source[i]
        in_code = bool(stack) and stack[-1]["type"] in ("code", "pre")
        if strict and char == ">" and not in_code and (i == 0 or source[i - 1] == "\n"):
            quote = length if quote is None else quote
            i += 1
            continue
        if char == "\n" and quote is not None and not source.startswith(">", i + 1):
            entities.append({"type": "blockquote", "offset": quote, "length": length - quote})
            quote = None
        if char == "\\" and strict and i + 1 < len(source):
            out.append(source[i + 1])
            length += utf16_len(source[i + 1])
            i += 2
            continue
        marker = next((m for m in ("```", "||", "__", "*", "_", "~", "`")
                       if m in markers and source.startswith(m, i)), None)
        if in_code and marker not in (stack[-1]["marker"],):
            marker = None
        if marker:
            if stack and stack[-1]["marker"] == marker:
                entity = stack.pop()
                entity.pop("marker")
                entity["length"] = length - entity["offset"]
                if entity["length"] > 0:
                    entities.append(entity)
            else:
                stack.append({"type": markers[marker], "offset": length, "marker": marker})
                if marker == "```" and "\n" in source[i + 3:]:
                    first_line = source[i + 3:source.index("\n", i + 3)]
                    if first_line and first_line.isidentifier():
                        stack[-1]["language"] = first_line
                        i += len(first_line) + 1
            i += len(marker)
            continue
        if char == "[" and not in_code:
            stack.append({"type": "text_link", "offset": length, "marker": "]"})
            i += 1
            continue
        if char == "]" and stack and stack[-1]["marker"] == "]":
            close = source.find(")", i)
            if not source.startswith("(", i + 1) or close < 0:
                raise _cannot_parse(f"Can't find end of a url at byte offset {i}")
            entity = stack.pop()
            entity.pop("marker")
            entity.update(length=length - entity["offset"], url=source[i + 2:close])
            entities.append(entity)
            i = close + 1
            continue
        if strict and not in_code and char in MD_RESERVED:
            raise _cannot_parse(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(char)
        length += utf16_len(char)
        i += 1
    if quote is not None:
        entities.append({"type": "blockquote", "offset": quote, "length": length - quote})
    if stack:
        name = stack[-1]["type"].replace("_", " ").title().replace(" ", "")
        raise _cannot_parse(f"Can't find end of {name} entity at byte offset {len(source)}")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
