// The README's JavaScript snippet is examples/quickstart.mjs, verbatim, and it works as documented.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { baseUrl, password, rest, newUser, withTimeout } from "../support/chat-client.js";

const example = fileURLToPath(new URL("../examples/quickstart.mjs", import.meta.url));
const readme = fileURLToPath(new URL("../../../README.md", import.meta.url));

test("the README shows examples/quickstart.mjs verbatim", async () => {
  const [code, doc] = await Promise.all([readFile(example, "utf8"), readFile(readme, "utf8")]);
  const blocks = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

  assert.ok(blocks.includes(code), "README.md has no ```js block equal to clients/js/examples/quickstart.mjs");
});

test("the quickstart connects, is greeted, sends, and shows live messages", async () => {
  const me = await newUser("Quick");
  const friend = await newUser("friend");
  const child = spawn(process.execPath, [example], {
    env: { ...process.env, CHATAPP_URL: baseUrl, CHATAPP_USER: me.username, CHATAPP_PASSWORD: password, CHATAPP_SEND_TO: friend.username },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = lines(child);
  try {
    assert.equal(await output.next(), "echo: you have been connected");
    // Its own message comes back on its event; the order against invoke's answer is not fixed.
    const first = [await output.next(), await output.next()].sort();
    assert.match(first[0], /^message \d+ from user \d+ to user \d+: hello from the hub$/);
    assert.match(first[1], /^sent message \d+ at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(await output.next(), "listening for messages; Ctrl+C to stop");

    const reply = await rest("POST", `/add_message/${me.username}`, { token: friend.token, body: { body: "hi back" } });

    assert.equal(reply.status, 201);
    assert.equal(await output.next(), `message ${reply.json.id} from user ${friend.id} to user ${me.id}: hi back`);
  } finally {
    child.kill("SIGINT");
  }
  assert.equal(await withTimeout(new Promise((resolve) => child.on("exit", resolve)), "the quickstart to exit"), 0);
  assert.equal(output.errors(), "");
});

function lines(child) {
  const queue = [];
  const waiters = [];
  let buffered = "";
  let errors = "";
  child.stderr.on("data", (chunk) => { errors += chunk; });
  child.stdout.on("data", (chunk) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop();
    for (const line of parts) {
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else queue.push(line);
    }
  });
  return {
    next: () => queue.length > 0
      ? Promise.resolve(queue.shift())
      : withTimeout(new Promise((resolve) => waiters.push(resolve)), `a line from the quickstart (stderr: ${errors})`),
    errors: () => errors,
  };
}
