// End to end against a running server (CHATAPP_URL), with @microsoft/signalr used as a frontend uses it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { baseUrl, rest, newUser, hubConnection, inbox, closed } from "../support/chat-client.js";

const messageFields = ["id", "to", "from", "date_created", "body", "client_id", "edited_at", "deleted"];
const utcMilliseconds = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let ada, bob, adaHub, bobHub, adaEcho, bobEcho, adaInbox, bobInbox;

before(async () => {
  // Mixed case on purpose: a user's event is their username exactly as registered.
  ada = await newUser("Ada");
  bob = await newUser("bob");
  adaHub = hubConnection(ada.token);
  bobHub = hubConnection(bob.token);
  adaEcho = inbox(adaHub, "echo");
  bobEcho = inbox(bobHub, "echo");
  adaInbox = inbox(adaHub, ada.username);
  bobInbox = inbox(bobHub, bob.username);
  await Promise.all([adaHub.start(), bobHub.start()]);
});

after(async () => {
  await Promise.all([adaHub?.stop(), bobHub?.stop()]);
});

function assertMessage(message, { from, to, body }) {
  assert.deepEqual(Object.keys(message), messageFields);
  assert.equal(message.from, from.id);
  assert.equal(message.to, to.id);
  assert.equal(message.body, body);
  assert.ok(Number.isInteger(message.id) && message.id > 0);
  assert.match(message.date_created, utcMilliseconds);
}

test("both users connect over WebSockets and are greeted on echo", async () => {
  assert.equal(adaHub.state, signalR.HubConnectionState.Connected);
  assert.equal(bobHub.state, signalR.HubConnectionState.Connected);
  assert.equal(await adaEcho.next(), "you have been connected");
  assert.equal(await bobEcho.next(), "you have been connected");
});

test("a message sent through REST reaches both users on their own username events", async () => {
  const sent = await rest("POST", `/message/${bob.id}`, { token: ada.token, body: { body: "hello over REST" } });

  assert.equal(sent.status, 201);
  assertMessage(sent.json, { from: ada, to: bob, body: "hello over REST" });
  assert.deepEqual(await adaInbox.next(), sent.json);
  assert.deepEqual(await bobInbox.next(), sent.json);
});

test("a message sent with invoke('SendMessage') returns the stored message and reaches both users", async () => {
  const sent = await adaHub.invoke("SendMessage", bob.id, "hello over the hub");

  assertMessage(sent, { from: ada, to: bob, body: "hello over the hub" });
  assert.deepEqual(await adaInbox.next(), sent);
  assert.deepEqual(await bobInbox.next(), sent);
});

test("invoke('SendMessageTo') takes the username in any case", async () => {
  const sent = await bobHub.invoke("SendMessageTo", ada.username.toUpperCase(), "  hi Ada  ");

  assertMessage(sent, { from: bob, to: ada, body: "  hi Ada  " });
  assert.deepEqual(await bobInbox.next(), sent);
  assert.deepEqual(await adaInbox.next(), sent);
});

test("the history over REST holds REST and hub messages alike, newest first", async () => {
  const history = await rest("GET", `/message/${bob.id}`, { token: ada.token });

  assert.equal(history.status, 200);
  assert.deepEqual(history.json.map((m) => m.body), ["  hi Ada  ", "hello over the hub", "hello over REST"]);
  for (const message of history.json) assert.deepEqual(Object.keys(message), messageFields);
});

test("a bad invoke rejects with the reason and the connection keeps working", async () => {
  await assert.rejects(adaHub.invoke("SendMessage", 2_000_000_000, "anyone?"), /HubException: user 2000000000 does not exist/);
  await assert.rejects(adaHub.invoke("SendMessageTo", bob.username, "   "), /HubException: body must not be empty/);
  await assert.rejects(adaHub.invoke("SendMessage", "not a number", "hi"), /Error binding arguments/);

  assert.equal(adaHub.state, signalR.HubConnectionState.Connected);
  const sent = await adaHub.invoke("SendMessage", bob.id, "still connected");
  assert.deepEqual(await bobInbox.next(), sent);
  assert.deepEqual(await adaInbox.next(), sent);
});

test("a connection without a token is refused with 401", async () => {
  const anonymous = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/chat`)
    .configureLogging(signalR.LogLevel.None)
    .build();

  await assert.rejects(anonymous.start(), /Status code '401'/);
});

test("a browser's negotiate with access_token in the query is accepted; REST ignores that query", async () => {
  const negotiate = await rest("POST", `/hubs/chat/negotiate?negotiateVersion=1&access_token=${encodeURIComponent(ada.token)}`);
  const user = await rest("GET", `/user?access_token=${encodeURIComponent(ada.token)}`);

  assert.equal(negotiate.status, 200);
  assert.ok(negotiate.json.availableTransports.some((t) => t.transport === "WebSockets"));
  assert.equal(user.status, 401);
});

test("SOCKETIO_CORS lets exactly its origins in, with credentials", { skip: !process.env.CHATAPP_CORS_ORIGIN && "CHATAPP_CORS_ORIGIN is not set" }, async () => {
  const allowed = process.env.CHATAPP_CORS_ORIGIN;
  const preflight = (origin) => rest("OPTIONS", "/hubs/chat/negotiate?negotiateVersion=1", {
    headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,x-signalr-user-agent" },
  });

  const yes = await preflight(allowed);
  const no = await preflight("http://not-listed.example");
  const get = await rest("GET", "/user", { token: ada.token, headers: { Origin: allowed } });

  assert.equal(yes.headers.get("access-control-allow-origin"), allowed);
  assert.equal(yes.headers.get("access-control-allow-credentials"), "true");
  assert.equal(no.headers.get("access-control-allow-origin"), null);
  assert.equal(get.status, 200);
  assert.equal(get.headers.get("access-control-allow-origin"), allowed);
});

test("logging out closes the connection opened with that token, and only that one", async () => {
  const adaClosed = closed(adaHub);

  const logout = await rest("GET", "/logout", { token: ada.token });

  assert.equal(logout.status, 200);
  await adaClosed;
  assert.equal(adaHub.state, signalR.HubConnectionState.Disconnected);
  assert.equal(bobHub.state, signalR.HubConnectionState.Connected);
  const again = hubConnection(ada.token);
  await assert.rejects(again.start(), /access token has been revoked.*Status code '401'/);
  const sent = await bobHub.invoke("SendMessage", bob.id, "bob is still here");
  assert.deepEqual(await bobInbox.next(), sent);
});
