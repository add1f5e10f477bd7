// What a frontend does around the hub: REST sign-up and login, then a SignalR connection whose
// events are queued so a test can wait for the next one.
import * as signalR from "@microsoft/signalr";

export const baseUrl = process.env.CHATAPP_URL ?? "http://localhost:5000";
export const password = "correct horse battery";
const patienceMs = 10_000;

export function uniqueName(prefix) {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export async function rest(method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** Signs up and logs in; returns the user as the server stored it, and a token. */
export async function newUser(prefix) {
  const username = uniqueName(prefix);
  const created = await rest("POST", "/user", { body: { username, password } });
  if (created.status !== 201) throw new Error(`sign-up ${username}: ${created.status} ${JSON.stringify(created.json)}`);
  const login = await rest("POST", "/login", { body: { username, password } });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.json)}`);
  return { ...created.json, token: login.json.access_token };
}

/** The README's connection code, forcing WebSockets so a fallback cannot hide a WebSocket problem. */
export function hubConnection(token) {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/chat`, {
      accessTokenFactory: () => token,
      transport: signalR.HttpTransportType.WebSockets,
    })
    .configureLogging(signalR.LogLevel.None)
    .build();
}

/** Queues every argument received on `eventName`; `next()` waits for the following one. */
export function inbox(connection, eventName) {
  const items = [];
  const waiters = [];
  connection.on(eventName, (argument) => {
    const waiter = waiters.shift();
    if (waiter) waiter(argument);
    else items.push(argument);
  });
  return {
    get pending() { return items.length; },
    next() {
      if (items.length > 0) return Promise.resolve(items.shift());
      return withTimeout(new Promise((resolve) => waiters.push(resolve)), `an '${eventName}' event`);
    },
  };
}

/** Resolves with the error (or undefined) when the connection closes. */
export function closed(connection) {
  return withTimeout(new Promise((resolve) => connection.onclose(resolve)), "the connection to close");
}

export function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${patienceMs} ms for ${what}`)), patienceMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
