// The README's example (examples/quickstart.mjs) against a server whose connections are cut mid-stream:
// it talks to the server only through a proxy (support/cut-proxy.js) that closes every connection at
// chosen moments (mid-frame, mid-replay, with FIN or RST), holds or refuses new ones, or drops one
// event, while another user keeps sending over REST straight to the server. At each step the events
// the example printed must be exactly its user's feed as GET /sync gives it: seq 1..N in order, none
// missing, none twice. The tests run in order and share one example process.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, password, rest, newUser } from "../support/chat-client.js";
import { startCutProxy } from "../support/cut-proxy.js";
import { runExample } from "../support/example-process.js";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let ada, bob, proxy, example;

before(async () => {
  ada = await newUser("Ada");
  bob = await newUser("bob");
  proxy = await startCutProxy(baseUrl);
});

after(async () => {
  if (example) {
    const exit = await example.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, `the example did not exit cleanly on Ctrl+C; stderr: ${example.errors()}`);
  }
  await proxy?.close();
});

/** ada's whole feed, straight from the server (not through the proxy). */
async function feed() {
  const events = [];
  for (let since = 0, more = true, pages = 0; more; pages++) {
    assert.ok(pages < 1000, "GET /sync did not end");
    const page = await rest("GET", `/sync?since=${since}&limit=1000`, { token: ada.token });
    assert.equal(page.status, 200, JSON.stringify(page.json));
    events.push(...page.json.events);
    assert.equal(page.json.next, events.length ? events.at(-1).seq : since);
    more = page.json.has_more;
    since = page.json.next;
  }
  return events;
}

/** The line the example prints for an event. */
function line(event) {
  const m = event.message;
  return `event ${event.seq} ${event.type}${m ? `: message ${m.id} from user ${m.from} to user ${m.to}: ${m.body}` : ""}`;
}

/** bob sends `count` messages to ada over REST, `concurrency` at a time; bodies are `${label} ${i}`. */
async function bobSends(count, label, concurrency = 8) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const sent = await rest("POST", `/message/${ada.id}`, { token: bob.token, body: { body: `${label} ${i}` } });
      assert.equal(sent.status, 201, JSON.stringify(sent.json));
    }
  }));
}

/** Waits until the example has printed ada's newest event, then holds its output to the whole feed. */
async function caughtUp(timeout = 30_000) {
  const events = await feed();
  const newest = events.at(-1).seq;
  await example.waitFor((l) => l.startsWith(`event ${newest} `), { timeout, what: `event ${newest}` });
  const printed = example.lines.filter((l) => l.startsWith("event "));
  assert.deepEqual(events.map((e) => e.seq), Array.from({ length: newest }, (_, i) => i + 1), "ada's feed is not 1..N");
  if (printed.length !== events.length) {
    const seqs = printed.map((l) => Number(l.split(" ")[1]));
    const twice = seqs.filter((s, i) => seqs.indexOf(s) !== i);
    const missing = events.map((e) => e.seq).filter((s) => !seqs.includes(s));
    assert.fail(`printed ${printed.length} events for a feed of ${events.length}: twice ${twice.slice(0, 10)}, missing ${missing.slice(0, 10)}`);
  }
  assert.deepEqual(printed, events.map(line));
  return newest;
}

/** Bounded wait for a promise the proxy resolves when an armed cut fires. */
function fired(promise, what, timeout = 30_000) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} never happened in ${timeout} ms`)), timeout); }),
  ]).finally(() => clearTimeout(timer));
}

const reconnects = (from) => example.lines.slice(from).filter((l) => l === "connection lost; reconnecting").length;

test("a Send whose answer is cut off is retried with its client_id and stored once", async () => {
  const cut = proxy.cutWhen("hello from the hub", { reset: true });
  example = runExample({ CHATAPP_URL: proxy.url, CHATAPP_USER: ada.username, CHATAPP_PASSWORD: password, CHATAPP_SEND_TO: bob.username });

  await fired(cut, "the cut on the sent message");
  const lost = await example.waitFor(/^connection lost; reconnecting$/);
  const sent = example.lines[await example.waitFor(/^sent message \d+ at /, { from: lost })];
  await example.waitFor(/^listening for events/);

  const id = Number(/^sent message (\d+)/.exec(sent)[1]);
  const history = await rest("GET", `/message/${bob.id}`, { token: ada.token });
  const hellos = history.json.filter((m) => m.body === "hello from the hub");
  assert.equal(hellos.length, 1, "the retried Send stored a second message");
  assert.equal(hellos[0].id, id);
  assert.match(hellos[0].client_id, uuid);
  assert.equal(await caughtUp(), 1);
});

test("two cuts mid-stream (FIN inside a frame, then RST) while bob sends 200 messages", async () => {
  const from = example.lines.length;
  const first = proxy.cutWhen('"chat:event"', { count: 40, keep: 12 });
  const sending = bobSends(200, "live");
  await fired(first, "the first cut");
  const second = proxy.cutWhen('"chat:event"', { count: 60, reset: true });
  await fired(second, "the second cut");
  await sending;

  assert.equal(await caughtUp(), 201);
  assert.ok(reconnects(from) >= 2, `reconnected ${reconnects(from)} times`);
});

test("an event the client never gets (a skipped seq) is fetched with GET /sync", async () => {
  const from = example.lines.length;
  const skipped = (await feed()).at(-1).seq + 10;
  proxy.dropEvents((seq) => seq === skipped);
  await bobSends(30, "gap", 1);

  const newest = await caughtUp();
  proxy.dropEvents(null);
  assert.equal(newest, skipped + 20);
  assert.ok(proxy.connections.some((c) => c.seqs.includes(skipped)), `the server never sent seq ${skipped}`);
  await example.waitFor((l) => /^caught up to seq \d+ with GET \/sync$/.test(l), { from, timeout: 1000 });
});

test("1,000 events missed while the network is down, then two cuts while Resume is replaying them", async (t) => {
  const from = example.lines.length;
  const before = (await feed()).at(-1).seq;
  proxy.hold();
  proxy.cut({ reset: true });
  await example.waitFor(/^connection lost; reconnecting$/, { from });
  await bobSends(1000, "missed");
  const first = proxy.connections.length;
  // Cut inside the message that holds the 100th replayed event: the client never gets that message.
  const inside = proxy.cutWhen('"chat:event"', { count: 100, keep: 25 });
  proxy.open();
  await fired(inside, "the cut inside the replay");
  // Cut (FIN: an RST can discard what the client has not read yet) right after the message that
  // holds the next 100th: the client has part of the replay (the server sends it in several messages).
  const after = proxy.cutWhen('"chat:event"', { count: 100, whole: true });
  await fired(after, "the cut after part of the replay");

  assert.equal(await caughtUp(), before + 1000);
  const replays = proxy.connections.slice(first).filter((c) => c.seqs.length > 0);
  assert.equal(replays[0].seqs[0], before + 1, "the first replay did not start right after the last event shown");
  assert.ok(replays[0].seqs.length >= 100 && replays[0].seqs.at(-1) < before + 1000, "the first cut was not inside the replay");
  const resumed = example.lines.slice(from).map((l) => /^resuming after seq (\d+)$/.exec(l)?.[1]).filter(Boolean).map(Number);
  t.diagnostic(`resumed after seq ${resumed.join(", ")}; the server sent ${replays.map((c) => c.seqs.length).join(", ")} events on these connections`);
  assert.ok(resumed.some((seq) => seq > before && seq < before + 1000), "no Resume started from the middle of the replay");
});

test("an outage longer than every reconnect attempt: onclose starts again with backoff and catches up", async () => {
  const from = example.lines.length;
  const before = (await feed()).at(-1).seq;
  proxy.refuse();
  proxy.cut();
  await bobSends(50, "outage");
  await example.waitFor(/^connection closed; starting again$/, { from, timeout: 20_000 });
  proxy.open();

  assert.equal(await caughtUp(), before + 50);
});

test("10,050 events missed: a refused Resume is caught up with GET /sync, then resumed", { timeout: 300_000 }, async (t) => {
  const from = example.lines.length;
  const before = (await feed()).at(-1).seq;
  proxy.hold();
  proxy.cut({ reset: true });
  await example.waitFor(/^connection lost; reconnecting$/, { from });
  const started = Date.now();
  await bobSends(10_050, "many", 16);
  t.diagnostic(`sent 10,050 messages in ${Date.now() - started} ms`);
  proxy.open();

  assert.equal(await caughtUp(120_000), before + 10_050);
  // The server may refuse a Resume over 10,000 events behind ("may" in docs/API.md); if it did, the
  // example says it caught up with GET /sync (nothing else makes it do so here: no event is dropped).
  const refused = await example.waitFor(/^caught up to seq \d+ with GET \/sync$/, { from, timeout: 2000 }).then(() => true, () => false);
  t.diagnostic(refused ? "Resume was refused; the example caught up with GET /sync" : "Resume replayed all 10,050 events");
});

test("every hub connection the server streamed to had no gap and no duplicate", (t) => {
  const streams = proxy.connections.filter((c) => c.seqs.length > 0);
  assert.ok(streams.length >= 5, `${streams.length} connections carried events`);
  for (const { id, seqs } of streams) {
    const bad = seqs.findIndex((s, i) => i > 0 && s !== seqs[i - 1] + 1);
    assert.equal(bad, -1, `connection ${id}: after seq ${seqs[bad - 1]} the server sent ${seqs[bad]} (${JSON.stringify(seqs.slice(Math.max(0, bad - 3), bad + 3))})`);
  }
  assert.ok(proxy.cuts >= 6, `${proxy.cuts} cuts`);
  const events = streams.reduce((n, c) => n + c.seqs.length, 0);
  t.diagnostic(`${proxy.cuts} cuts; ${streams.length} hub connections carried ${events} events, each stream consecutive`);
});
