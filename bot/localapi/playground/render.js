/* Rendering helpers of the playground: control calls, DOM building, text entities. */
"use strict";

const TAGS = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code",
  pre: "pre", blockquote: "blockquote", spoiler: "span", bot_command: "span" };

async function control(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(`/control/${path}`, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function toast(text, alert) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.className = alert ? "alert" : "";
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, alert ? 5000 : 2500);
}

function renderText(text, entities) {
  const frag = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const e of entities || []) {
    cuts.add(e.offset);
    cuts.add(Math.min(text.length, e.offset + e.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(a, b));
    for (const e of (entities || []).filter((x) => x.offset <= a && x.offset + x.length >= b)) {
      const wrapper = e.type === "text_link" || e.type === "url" ? el("a") : el(TAGS[e.type] || "span");
      if (wrapper.tagName === "A") {
        wrapper.href = e.url || text.slice(a, b);
        wrapper.target = "_blank";
        wrapper.rel = "noopener";
      }
      wrapper.classList.add(`ent-${e.type}`);
      wrapper.append(node);
      node = wrapper;
    }
    frag.append(node);
  }
  return frag;
}

function describeService(m) {
  if (m.forum_topic_created) return `Topic created: ${m.forum_topic_created.name}`;
  if (m.forum_topic_edited) return `Topic renamed: ${m.forum_topic_edited.name || ""}`;
  if (m.forum_topic_closed) return "Topic closed";
  if (m.forum_topic_reopened) return "Topic reopened";
  return "service message";
}

function messageBody(m) {
  const body = el("div", "body");
  if (m.photo) {
    const img = el("img", "photo");
    img.src = `/control/file/${encodeURIComponent(m.photo[m.photo.length - 1].file_id)}`;
    img.alt = "photo";
    body.append(img);
  }
  if (m.contact) body.append(el("div", "contact", `📇 ${m.contact.first_name} ${m.contact.phone_number}`));
  if (m.location) body.append(el("div", "location", `📍 ${m.location.latitude}, ${m.location.longitude}`));
  if (m.sticker) body.append(el("div", "sticker", m.sticker.emoji || "🖼"));
  if (m.voice) body.append(el("div", "voice", `🎤 voice ${m.voice.duration}s`));
  if (m.document) {
    const link = el("a", "document", `📄 ${m.document.file_name}`);
    link.href = `/control/file/${encodeURIComponent(m.document.file_id)}`;
    link.download = m.document.file_name;
    body.append(link);
  }
  const text = m.text ?? m.caption;
  if (text) {
    const span = el("div", "text");
    span.append(renderText(text, m.text ? m.entities : m.caption_entities));
    body.append(span);
  }
  return body;
}

