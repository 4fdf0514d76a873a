// The chat page: calls the chat server's gRPC methods through /api/<Method> and receives through server-sent events.
"use strict";

const $ = id => document.getElementById(id);
let session = null;
let events = null;
const shown = new Set();

async function call(method, request) {
  const response = await fetch("/api/" + method, {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(request)
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

function status(text) {
  $("status").textContent = text;
}

// The same nickname gets the same colour on every client.
function colour(nickname) {
  let h = 0;
  for (const c of nickname) {
    h = (h * 31 + c.codePointAt(0)) % 360;
  }
  return "hsl(" + h + ", 65%, 38%)";
}

// Messages are kept in id order, whatever order they arrive in, so every client shows the room alike.
function show(message) {
  if (shown.has(message.id)) {
    return;
  }
  shown.add(message.id);
  const li = document.createElement("li");
  li.dataset.id = message.id;
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = new Date(Number(message.sentMillis)).toLocaleTimeString();
  const nick = document.createElement("span");
  nick.className = "nick";
  nick.style.color = colour(message.nickname);
  nick.textContent = message.nickname;
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = message.text;
  li.append(time, nick, text);
  const list = $("messages");
  let after = null;
  for (const other of list.children) {
    if (other.dataset.id > message.id) {
      after = other;
      break;
    }
  }
  list.insertBefore(li, after);
  list.scrollTop = list.scrollHeight;
}

function joined(reply) {
  session = reply.session;
  $("messages").replaceChildren();
  shown.clear();
  const history = reply.history || [];
  history.forEach(show);
  const after = history.length ? history[history.length - 1].id : "";
  const q = new URLSearchParams({room: session.room, nickname: session.nickname, token: session.token, after});
  events = new EventSource("/api/receive?" + q);
  events.addEventListener("message", e => show(JSON.parse(e.data).message));
  events.addEventListener("lost", e => ended(JSON.parse(e.data).nicknameLost.reason));
  events.addEventListener("failed", e => ended(e.data));
  setJoined(true);
  status("joined " + session.room + " as " + session.nickname);
}

function ended(reason) {
  if (events) {
    events.close();
    events = null;
  }
  session = null;
  setJoined(false);
  status(reason);
}

function setJoined(on) {
  $("text").disabled = !on;
  $("send-button").disabled = !on;
  $("leave").disabled = !on;
  $("join").disabled = on;
  $("create").disabled = on;
}

$("create").addEventListener("click", async () => {
  try {
    await call("CreateRoom", {room: $("room").value, password: $("password").value});
    status("room " + $("room").value + " created");
  } catch (e) {
    status(e.message);
  }
});

$("join").addEventListener("click", async () => {
  try {
    joined(await call("Join", {room: $("room").value, password: $("password").value, nickname: $("nickname").value}));
  } catch (e) {
    status(e.message);
  }
});

$("leave").addEventListener("click", async () => {
  const s = session;
  ended("left");
  try {
    await call("Leave", {session: s});
  } catch (e) {
    status(e.message);
  }
});

$("send").addEventListener("submit", async e => {
  e.preventDefault();
  const text = $("text").value;
  if (!session || !text) {
    return;
  }
  try {
    show((await call("Send", {session, text})).message);
    $("text").value = "";
  } catch (err) {
    status(err.message);
  }
});
