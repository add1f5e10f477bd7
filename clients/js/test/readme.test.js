// The README's JavaScript example is examples/quickstart.mjs, verbatim, and it works as documented.
// (test/reconnect.test.js runs the same example through connections that are cut.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { baseUrl, password, rest, newUser } from "../support/chat-client.js";
import { examplePath, runExample } from "../support/example-process.js";

const readme = fileURLToPath(new URL("../../../README.md", import.meta.url));
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("the README shows examples/quickstart.mjs verbatim", async () => {
  const [code, doc] = await Promise.all([readFile(examplePath, "utf8"), readFile(readme, "utf8")]);
  const blocks = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

  assert.ok(blocks.includes(code), "README.md has no ```js block equal to clients/js/examples/quickstart.mjs");
});

test("the quickstart resumes its feed from seq 0, sends with a client_id, and shows every event live", async () => {
  const me = await newUser("Quick");
  const friend = await newUser("friend");
  const early = await rest("POST", `/message/${me.id}`, { token: friend.token, body: { body: "sent before you connected" } });
  assert.equal(early.status, 201);

  const example = runExample({ CHATAPP_URL: baseUrl, CHATAPP_USER: me.username, CHATAPP_PASSWORD: password, CHATAPP_SEND_TO: friend.username });
  try {
    await example.waitFor(/^listening for events; Ctrl\+C to stop$/);
    const sentLine = example.lines[await example.waitFor(/^sent message \d+ at /)];
    const [, id, at] = /^sent message (\d+) at (.*)$/.exec(sentLine);
    assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await example.waitFor((line) => line.startsWith("event 2 "));

    const reply = await rest("POST", `/add_message/${me.username}`, { token: friend.token, body: { body: "hi back" } });
    assert.equal(reply.status, 201);
    await example.waitFor((line) => line.startsWith("event 3 "));

    assert.deepEqual(example.lines.filter((line) => line.startsWith("event ")), [
      `event 1 message.created: message ${early.json.id} from user ${friend.id} to user ${me.id}: sent before you connected`,
      `event 2 message.created: message ${id} from user ${me.id} to user ${friend.id}: hello from the hub`,
      `event 3 message.created: message ${reply.json.id} from user ${friend.id} to user ${me.id}: hi back`,
    ]);
    assert.deepEqual(example.lines.filter((line) => !line.startsWith("event ")).sort(), [
      "echo: you have been connected",
      "listening for events; Ctrl+C to stop",
      "resuming after seq 0",
      sentLine,
    ].sort());
    const history = await rest("GET", `/message/${friend.id}`, { token: me.token });
    const hello = history.json.find((m) => m.body === "hello from the hub");
    assert.equal(hello.id, Number(id));
    assert.match(hello.client_id, uuid);
  } finally {
    assert.deepEqual(await example.stop(), { code: 0, signal: null });
  }
  assert.equal(example.errors(), "");
});

test("the quickstart stops once its session is ended (the token is refused with 401), and exits by itself", async () => {
  const me = await newUser("Ended");
  const friend = await newUser("friend");
  const example = runExample({ CHATAPP_URL: baseUrl, CHATAPP_USER: me.username, CHATAPP_PASSWORD: password, CHATAPP_SEND_TO: friend.username });
  try {
    await example.waitFor(/^listening for events; Ctrl\+C to stop$/);
    const sessions = await rest("GET", "/sessions", { token: me.token });
    const theirs = sessions.json.filter((s) => !s.current);
    assert.equal(theirs.length, 1);

    assert.equal((await rest("DELETE", `/sessions/${theirs[0].id}`, { token: me.token })).status, 204);

    const closed = await example.waitFor(/^connection (lost; reconnecting|closed; starting again)$/);
    await example.waitFor(/^token refused: log in again$/, { from: closed, timeout: 30_000 });
    assert.deepEqual(await example.exit(), { code: 0, signal: null });
  } finally {
    await example.stop();
  }
});
