/* Playground for the local Bot API: plays a resident and a staff member via /control/. */
"use strict";

const BEIJING = { latitude: 39.9042, longitude: 116.4074 };
const STAFF_ROLES = ["creator", "administrator", "member"];
const world = { info: null, users: [], seq: 0, answers: new Set() };

class Pane {
  constructor(role) {
    this.role = role;
    this.replyTo = null;
    this.rendered = "";
    this.$ = (name) => document.getElementById(`${role}-${name}`);
    this.$("composer").addEventListener("submit", (ev) => { ev.preventDefault(); this.sendText(); });
    this.$("photo").addEventListener("click", () => this.send({ photo: true }));
    this.$("location").addEventListener("click", () => this.send({ location: BEIJING }));
    this.$("new-toggle").addEventListener("click", () => { this.$("new").hidden = !this.$("new").hidden; });
    this.$("new").addEventListener("submit", (ev) => { ev.preventDefault(); this.createPerson(); });
    this.$("select").addEventListener("change", () => {
      localStorage.setItem(`playground-${role}`, this.$("select").value);
      this.refresh();
    });
    this.$("reply-to").addEventListener("click", () => this.setReply(null));
    if (role === "staff") document.getElementById("staff-topic").addEventListener("change", () => this.refresh(true));
  }

  get userId() { return Number(this.$("select").value); }
  get chatId() { return this.role === "resident" ? this.userId : staffGroup(); }
  get topic() { return this.role === "staff" ? Number(document.getElementById("staff-topic").value) || null : null; }

  people() {
    const staff = (u) => STAFF_ROLES.includes(u.staff_role);
    return world.users.filter((u) => (this.role === "staff" ? staff(u) : !staff(u)));
  }

  fillPeople() {
    const select = this.$("select");
    const chosen = select.value || localStorage.getItem(`playground-${this.role}`);
    const people = this.people();
    select.replaceChildren(...people.map((u) => {
      const option = el("option", null, `${u.first_name} (${u.id}${u.language_code ? ", " + u.language_code : ""})`);
      option.value = u.id;
      return option;
    }));
    if (people.some((u) => String(u.id) === String(chosen))) select.value = chosen;
  }

  async createPerson() {
    const id = this.$("id").value.trim();
    const body = { first_name: this.$("name").value.trim() || "User", language_code: this.$("lang").value };
    if (id) body.id = Number(id);
    if (this.role === "staff") body.staff_role = "administrator";
    const user = await control("POST", "users", body);
    localStorage.setItem(`playground-${this.role}`, user.id);
    this.$("new").hidden = true;
    await refreshAll();
    this.$("select").value = user.id;
    await this.refresh(true);
  }

  setReply(message) {
    this.replyTo = message ? message.message_id : null;
    const box = this.$("reply-to");
    box.hidden = !message;
    box.textContent = message ? `↩ replying to: ${(message.text || message.caption || "message").slice(0, 60)}  ✕` : "";
  }

  async send(content) {
    const body = { user_id: this.userId, chat_id: this.chatId, ...content };
    if (this.topic) body.message_thread_id = this.topic;
    if (this.replyTo) body.reply_to_message_id = this.replyTo;
    try {
      await control("POST", "send", body);
      this.setReply(null);
      await this.refresh();
    } catch (error) { toast(`⚠ ${error.message}`, true); }
  }

  async sendText() {
    const input = this.$("input");
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    await this.send({ text });
  }

  async press(message, data) {
    try {
      await control("POST", "press", { user_id: this.userId, chat_id: this.chatId,
        message_id: message.message_id, callback_data: data });
    } catch (error) { toast(`⚠ ${error.message}`, true); }
  }

  async refresh(force) {
    if (!this.$("select").value) return;
    const history = await control("GET", `history?chat_id=${this.chatId}`);
    const visible = history.messages.filter((m) => !m.deleted && (!this.topic || m.message_thread_id === this.topic));
    if (this.role === "staff") this.fillTopics(history.topics);
    const key = JSON.stringify([visible, history.reply_keyboard, this.userId]);
    if (key === this.rendered && !force) return;
    this.rendered = key;
    const list = this.$("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(...visible.map((m) => this.renderMessage(m, history.topics)));
    this.renderKeyboard(history.reply_keyboard);
    if (atBottom || force) list.scrollTop = list.scrollHeight;
    for (const m of visible) {
      for (const answer of m.callback_answers) {
        if (world.answers.has(answer.callback_query_id)) continue;
        world.answers.add(answer.callback_query_id);
        if (answer.text) toast(answer.text, answer.show_alert);
      }
    }
  }

  fillTopics(topics) {
    const select = document.getElementById("staff-topic");
    const chosen = select.value;
    const options = [el("option", null, "General · all")];
    options[0].value = "";
    for (const t of topics) {
      const option = el("option", null, `${t.closed ? "🔒 " : "# "}${t.name}`);
      option.value = t.message_thread_id;
      options.push(option);
    }
    select.replaceChildren(...options);
    select.value = topics.some((t) => String(t.message_thread_id) === chosen) ? chosen : "";
  }

  renderMessage(m, topics) {
    const mine = !m.from_bot && m.from && m.from.id === this.userId;
    const li = el("li", `msg ${m.from_bot ? "bot" : "user"}${mine ? " mine" : ""}${m.service ? " service" : ""}${m.edited ? " edited" : ""}`);
    li.dataset.messageId = m.message_id;
    if (m.message_thread_id) li.dataset.threadId = m.message_thread_id;
    if (m.service) { li.textContent = describeService(m); return li; }
    const meta = el("div", "meta");
    meta.append(el("span", "sender", m.from_bot ? world.info.bot.first_name : m.from.first_name));
    const topic = topics.find((t) => t.message_thread_id === m.message_thread_id);
    if (m.message_thread_id) meta.append(el("span", "topic", `# ${topic ? topic.name : m.message_thread_id}`));
    li.append(meta);
    const quoted = m.reply_to_message;
    if (quoted && !quoted.forum_topic_created) {
      li.append(el("blockquote", "quote", (quoted.text || quoted.caption || "…").slice(0, 80)));
    }
    li.append(messageBody(m));
    const rows = (m.reply_markup && m.reply_markup.inline_keyboard) || [];
    if (rows.length) {
      const kb = el("div", "inline-keyboard");
      for (const row of rows) {
        const line = el("div", "row");
        for (const b of row) {
          const button = el(b.url ? "a" : "button", "inline-btn", b.text);
          if (b.url) { button.href = b.url; button.target = "_blank"; button.rel = "noopener"; }
          else {
            button.type = "button";
            button.dataset.callback = b.callback_data || "";
            button.addEventListener("click", () => this.press(m, b.callback_data));
          }
          line.append(button);
        }
        kb.append(line);
      }
      li.append(kb);
    }
    const last = m.callback_answers[m.callback_answers.length - 1];
    if (last && last.text) li.append(el("div", "answer", `↳ ${last.text}`));
    const foot = el("div", "foot");
    if (m.edited) foot.append(el("span", "edited-flag", "edited"));
    foot.append(el("time", null, new Date(m.date * 1000).toLocaleTimeString()));
    const reply = el("button", "reply-link", "↩");
    reply.type = "button";
    reply.title = "reply to this message";
    reply.addEventListener("click", () => this.setReply(m));
    foot.append(reply);
    li.append(foot);
    return li;
  }

  renderKeyboard(markup) {
    const box = this.$("keyboard");
    box.replaceChildren();
    if (!markup || !markup.keyboard) return;
    for (const row of markup.keyboard) {
      const line = el("div", "row");
      for (const b of row) {
        const button = el("button", "reply-btn", b.text);
        button.type = "button";
        button.dataset.request = b.request_contact ? "contact" : b.request_location ? "location" : "text";
        button.addEventListener("click", () => this.pressReply(b));
        line.append(button);
      }
      box.append(line);
    }
  }

  pressReply(b) {
    if (b.request_contact) return this.send({ contact: { phone_number: `+86138${String(this.userId).padStart(8, "0").slice(-8)}` } });
    if (b.request_location) return this.send({ location: BEIJING });
    return this.send({ text: b.text });
  }
}

const panes = {};

/* The staff group shown: the configured one, or a unit's own group picked in the list. */
function staffGroup() {
  return Number(document.getElementById("staff-group").value) || world.info.staff_chat.id;
}

/* Several staff groups (units with groups of their own, e.g. after `frontdoor demo seed`): a list. */
function fillGroups() {
  const select = document.getElementById("staff-group");
  const groups = world.info.groups;
  select.replaceChildren(...groups.map((g) => {
    const option = el("option", null, g.title);
    option.value = g.id;
    return option;
  }));
  const chosen = localStorage.getItem("playground-group");
  select.value = groups.some((g) => String(g.id) === chosen) ? chosen : world.info.staff_chat.id;
  select.hidden = groups.length < 2;
  document.getElementById("staff-chat-title").hidden = groups.length >= 2;
  select.addEventListener("change", () => {
    localStorage.setItem("playground-group", select.value);
    document.getElementById("staff-topic").value = "";
    panes.staff.refresh(true);
  });
}

async function refreshAll() {
  world.users = await control("GET", "users");
  for (const pane of Object.values(panes)) {
    pane.fillPeople();
    await pane.refresh();
  }
}

function setStatus(state, text) {
  const status = document.getElementById("status");
  status.dataset.state = state;
  status.textContent = text;
}

async function ensurePeople() {
  const users = await control("GET", "users");
  if (!users.some((u) => !STAFF_ROLES.includes(u.staff_role))) {
    await control("POST", "users", { id: 100001, first_name: "张阿姨", language_code: "zh" });
  }
  if (!users.some((u) => STAFF_ROLES.includes(u.staff_role))) {
    await control("POST", "users", { id: 900001, first_name: "王师傅", language_code: "zh", staff_role: "administrator" });
  }
}

async function main() {
  world.info = await control("GET", "info");
  document.getElementById("bot-name").textContent = `@${world.info.bot.username}`;
  document.getElementById("staff-chat-title").textContent = world.info.staff_chat.title;
  fillGroups();
  panes.resident = new Pane("resident");
  panes.staff = new Pane("staff");
  await ensurePeople();
  await refreshAll();
  setStatus("live", "live");
  for (;;) {
    try {
      const changes = await control("GET", `changes?since=${world.seq}&timeout=25`);
      if (changes.seq !== world.seq) {
        world.seq = changes.seq;
        await refreshAll();
      }
      setStatus("live", "live");
    } catch (error) {
      setStatus("offline", "offline — retrying");
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

main().catch((error) => setStatus("offline", `error: ${error.message}`));
