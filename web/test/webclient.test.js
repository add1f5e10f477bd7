// The built-in web client at /app, in a real Chromium, against the real server (CHATAPP_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { BASE, SHOTS, launch, missingRoutes, pair, Person, uniqueName, waitUntil } from './support.js';

let browser;
let missing = new Set();
const people = [];

before(async () => {
  browser = await launch();
  missing = await missingRoutes();
  if (missing.size) console.log(`# this server lacks ${[...missing].join(', ')}: tests that need them skip`);
});
after(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
});

async function twoPeople(options) {
  const both = await pair(browser, options);
  people.push(...both);
  return both;
}

// Each test ends with no console error, failed request, unexpected HTTP error or dialog on any page.
async function done(...ps) {
  for (const p of ps) { p.assertClean(); await p.close(); }
}

function skipIfMissing(t, ...routes) {
  const lacking = routes.filter((r) => missing.has(r));
  if (lacking.length) { t.skip(`this server has no ${lacking.join(', ')} yet`); return true; }
  return false;
}

test('GET /app is small, compressed, cached by hash and locked down by its CSP', async () => {
  const page = await fetch(`${BASE}/app`, { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const csp = page.headers.get('content-security-policy');
  for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) assert.ok(csp.includes(d), `${d} in ${csp}`);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  const html = await page.text();
  assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)|\son[a-z]+=|style=/i, 'no inline script, handler or style');
  const assets = [...html.matchAll(/(?:src|href)="(\/app\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.length >= 3, `assets named in the page: ${assets}`);

  // First load: what a browser downloads for an empty cache, compressed as Chromium asks (br).
  let bytes = 0;
  const lines = [];
  const measure = async (path) => {
    const raw = await fetch(BASE + path, { headers: { 'Accept-Encoding': 'br' } });
    const again = await fetch(BASE + path, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': raw.headers.get('etag') } });
    assert.equal(again.status, 304, `${path} revalidates with its ETag`);
    // fetch decodes the body; the wire size is the Content-Length of the encoded representation.
    const size = Number(raw.headers.get('content-length'));
    await raw.arrayBuffer();
    bytes += size;
    lines.push(`${size}\t${raw.headers.get('content-encoding') || 'identity'}\t${raw.headers.get('cache-control')}\t${path}`);
    return raw;
  };
  await measure('/app');
  for (const a of assets) {
    const res = await measure(a);
    assert.match(a, /\?v=[0-9a-f]{16}$/, 'every asset is named by its content hash');
    assert.match(res.headers.get('cache-control'), /immutable/);
  }
  writeFileSync(`${SHOTS}/first-load.txt`, `${lines.join('\n')}\n${bytes}\tfirst load, compressed\n`);
  console.log(`# first load: ${bytes} bytes compressed (${assets.length + 1} files)`);
  assert.ok(bytes <= 150 * 1024, `first load ${bytes} bytes is over 150 KB`);

  const unknown = await fetch(`${BASE}/app/no-such-file.js`);
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get('content-type'), /application\/problem\+json/);
});

test('two people chat both ways; an unread badge, then "Seen" once the other opens it', async () => {
  const [ann, bob] = await twoPeople();
  await ann.openChatWith(bob);
  await ann.send('hello bob');
  await ann.sees('hello bob');

  const badge = bob.page.locator('#chat-list .chat-row', { hasText: ann.name }).locator('[data-testid=unread]');
  await waitUntil(async () => (await badge.textContent()) === '1', 'an unread badge of 1 on bob\'s side');
  await bob.screenshot('desktop-unread');
  await waitUntil(async () => (await ann.page.textContent('[data-testid=receipt]')) === 'Sent', '"Sent" on ann\'s side');

  await bob.openChatWith(ann);
  await bob.sees('hello bob');
  await waitUntil(async () => (await badge.count()) === 0, 'the badge to go once bob opened the conversation');
  await waitUntil(async () => (await ann.page.textContent('[data-testid=receipt]')) === 'Seen', '"Seen" on ann\'s side');

  await bob.send('hi ann, got it');
  await ann.sees('hi ann, got it');
  assert.deepEqual(await ann.bubbles(), ['hello bob', 'hi ann, got it']);
  assert.deepEqual(await bob.bubbles(), ['hello bob', 'hi ann, got it']);
  await done(ann, bob);
});

test('offline while the other sends five: back online shows all five once, in order', async () => {
  const [ann, bob] = await twoPeople();
  await ann.openChatWith(bob);
  await ann.send('first');
  await bob.openChatWith(ann);
  await bob.sees('first');

  await bob.setOffline(true);
  const five = ['one', 'two', 'three', 'four', 'five'];
  for (const text of five) { await ann.send(text); await ann.sees(text); }
  await waitUntil(async () => (await ann.page.locator('#messages .pending').count()) === 0, 'ann\'s five sends confirmed');
  await bob.setOffline(false);

  await waitUntil(async () => (await bob.bubbles()).length === 6, 'all five on bob\'s side');
  await new Promise((r) => setTimeout(r, 500)); // nothing more may arrive
  assert.deepEqual(await bob.bubbles(), ['first', ...five]);
  await done(ann, bob);
});

test('a message sent while offline shows at once as pending and is delivered once when back', async () => {
  const [ann, bob] = await twoPeople();
  await ann.openChatWith(bob);
  await ann.send('before');
  await bob.openChatWith(ann);
  await bob.sees('before');

  await ann.setOffline(true);
  await ann.send('written offline');
  await ann.sees('written offline');
  assert.equal(await ann.page.locator('#messages .pending [data-testid=receipt]').textContent(), 'Sending…');
  await new Promise((r) => setTimeout(r, 300));
  await ann.setOffline(false);

  await bob.sees('written offline');
  await waitUntil(async () => (await ann.page.locator('#messages .pending').count()) === 0, 'ann\'s send confirmed');
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await bob.bubbles(), ['before', 'written offline']);
  assert.deepEqual(await ann.bubbles(), ['before', 'written offline']);
  await done(ann, bob);
});

test('edit and delete show on both sides', async () => {
  const [ann, bob] = await twoPeople();
  await ann.openChatWith(bob);
  await ann.send('a typo hre');
  await ann.send('to be deleted');
  await bob.openChatWith(ann);
  await bob.sees('to be deleted');

  const first = ann.page.locator('#messages li.msg', { hasText: 'a typo hre' });
  await first.hover();
  await first.getByRole('button', { name: 'Edit message' }).click();
  const box = ann.page.getByRole('textbox', { name: 'Edit message' });
  await box.fill('a typo here');
  await box.press('Enter');
  await bob.sees('a typo here');
  await waitUntil(async () => (await bob.page.locator('#messages li.msg', { hasText: 'a typo here' }).locator('.edited').count()) === 1, '"edited" on bob\'s side');

  const second = ann.page.locator('#messages li.msg', { hasText: 'to be deleted' });
  await second.hover();
  await second.getByRole('button', { name: 'Delete message' }).click();
  await second.getByRole('button', { name: 'Delete message' }).click(); // "Really delete?"
  await bob.sees('This message was deleted');
  await ann.sees('This message was deleted');
  assert.ok(!(await bob.bubbles()).includes('to be deleted'));
  const rowPreview = await bob.page.locator('#chat-list .chat-row', { hasText: ann.name }).locator('.preview').textContent();
  assert.equal(rowPreview, 'Message deleted');
  await done(ann, bob);
});

test('message text is only ever text: HTML stays visible, javascript: is no link, http(s) links are', async () => {
  const [ann, bob] = await twoPeople();
  const hostile = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', 'javascript:alert(3)', 'see https://example.com/a?b=1 and ftp://x'];
  await ann.openChatWith(bob);
  for (const text of hostile) await ann.send(text);
  await bob.openChatWith(ann);
  for (const text of hostile) await bob.sees(text);
  for (const p of [ann, bob]) {
    assert.equal(await p.page.locator('#messages img, #messages script').count(), 0);
    const links = await p.page.locator('#messages a').evaluateAll((as) => as.map((a) => a.href));
    assert.deepEqual(links, ['https://example.com/a?b=1']);
  }
  // The conversation list's preview is text too.
  assert.equal(await bob.page.locator('#chat-list img').count(), 0);
  await done(ann, bob); // done() fails on any dialog (alert) that opened
});

test('keyboard only: find a person, open the conversation, send with Enter, Shift+Enter for a new line', async () => {
  const [ann, bob] = await twoPeople();
  const k = ann.page.keyboard;
  await ann.page.locator('#search').focus();
  await k.type(bob.name);
  await ann.page.locator('#search-results button').first().waitFor();
  await k.press('ArrowDown');
  await k.press('Enter');
  await waitUntil(async () => (await ann.page.evaluate(() => document.activeElement.id)) === 'compose', 'focus in the composer');
  await k.type('line one');
  await k.press('Shift+Enter');
  await k.type('line two');
  await k.press('Enter');
  await bob.openChatWith(ann);
  await bob.sees('line one\nline two');
  // Tab reaches the send button, and the focused control shows a visible focus ring.
  await ann.page.locator('#compose').focus();
  await k.press('Tab');
  const outline = await ann.page.evaluate(() => [document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]);
  assert.deepEqual(outline, ['Send', 'solid']);
  await done(ann, bob);
});

test('typing indicator and presence', async () => {
  const [ann, bob] = await twoPeople();
  await ann.openChatWith(bob);
  await ann.send('are you there?');
  await bob.openChatWith(ann);
  await waitUntil(async () => (await ann.page.textContent('#peer-status')) === 'online', 'bob online in ann\'s header');
  await bob.page.locator('#compose').pressSequentially('typing', { delay: 20 });
  await waitUntil(async () => (await ann.page.textContent('#typing')) === `${bob.name} is typing…`, 'the typing indicator');
  await done(ann, bob);
});

test('401 from an ended session goes back to the login screen with a reason', async () => {
  const ann = await new Person(browser, uniqueName('ann'), { allow: [/^401 /] }).signUp();
  const bob = await new Person(browser, uniqueName('bob')).signUp();
  people.push(ann, bob);
  await ann.openChatWith(bob);
  // The token ends elsewhere (GET /logout from another program revokes it).
  const res = await fetch(`${BASE}/logout`, { headers: { Authorization: `Bearer ${await ann.token()}` } });
  assert.equal(res.status, 200);
  await ann.send('after logout');
  await ann.page.locator('#login-form').waitFor({ state: 'visible' });
  assert.equal(await ann.page.textContent('#login-reason'), 'Your session has ended. Please log in again.');
  // And logging in again works.
  await ann.page.fill('#login-username', ann.name);
  await ann.page.fill('#login-password', ann.password);
  await ann.page.press('#login-password', 'Enter');
  await ann.connected();
  await done(ann, bob);
});

test('429 says how long to wait, and the send goes through after it', async () => {
  const [ann, bob] = await twoPeople();
  ann.allow.push(/^429 POST .*\/(add_)?message\//);
  let refused = 0;
  await ann.page.route(/\/(add_)?message\/[^/?]+$/, async (route) => {
    if (route.request().method() === 'POST' && refused++ === 0) {
      await route.fulfill({ status: 429, headers: { 'Retry-After': '1', 'Content-Type': 'application/problem+json' }, body: '{"status":429,"title":"Too Many Requests","detail":"slow down"}' });
    } else await route.continue();
  });
  await ann.openChatWith(bob);
  await ann.send('patience');
  await waitUntil(async () => (await ann.page.textContent('#notice')) === 'Too many requests. Please wait 1 seconds and try again.', 'the 429 notice');
  await bob.openChatWith(ann);
  await bob.sees('patience');
  assert.deepEqual(await bob.bubbles(), ['patience']);
  await done(ann, bob);
});

test('settings: block → 403 shown to the other → unblock; sessions; privacy switches', async (t) => {
  if (skipIfMissing(t, '/blocks', '/sessions', '/users')) return;
  const [ann, bob] = await twoPeople();
  bob.allow.push(/^403 POST .*\/(add_)?message\//);
  await ann.openChatWith(bob);
  await ann.send('hello');
  await ann.page.click('#block-btn');
  await waitUntil(async () => (await ann.page.textContent('#peer-status')) === 'blocked', 'blocked in the header');
  await bob.openChatWith(ann);
  await bob.send('can you hear me');
  await waitUntil(async () => /blocked/.test(await bob.page.textContent('#messages .failed [data-testid=receipt]')), 'bob\'s send refused as blocked');

  await ann.page.click('#settings-btn');
  await ann.page.locator('#blocks li', { hasText: bob.name }).getByRole('button', { name: 'Unblock' }).click();
  await waitUntil(async () => (await ann.page.locator('#blocks li', { hasText: bob.name }).count()) === 0, 'bob unblocked');
  await waitUntil(async () => (await ann.page.locator('#sessions li').count()) >= 1, 'the session list');
  const receipts = ann.page.getByLabel('Let people see when I have read their messages');
  assert.equal(await receipts.isChecked(), true);
  await receipts.uncheck();
  const token = await ann.token();
  const stored = () => fetch(`${BASE}/user/settings`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
  await waitUntil(async () => (await stored()).share_read_receipts === false, 'the switch saved on the server');
  await done(ann, bob);
});

test('settings: "Download all my data" saves the export as a JSON file', async (t) => {
  if (skipIfMissing(t, '/user/export')) return;
  const ann = await new Person(browser, uniqueName('ann')).signUp();
  people.push(ann);
  await ann.page.click('#settings-btn');
  const download = ann.page.waitForEvent('download', { timeout: 5000 });
  await ann.page.click('#export-btn');
  const saved = await download.catch(async () => assert.fail(`no download; the page says: ${await ann.page.textContent('#export-error')}; ${ann.issues.join('; ')}`));
  assert.match(saved.suggestedFilename(), /\.json$/);
  const exported = JSON.parse(await new Response((await saved.createReadStream())).text());
  assert.equal(exported.user.username, ann.name);
  await done(ann);
});

test('screenshots of the main screens at desktop and 375 px wide', async () => {
  for (const [label, viewport, colorScheme] of [['desktop', { width: 1200, height: 760 }, 'light'], ['phone', { width: 375, height: 740 }, 'light'], ['desktop-dark', { width: 1200, height: 760 }, 'dark']]) {
    const login = await new Person(browser, 'x', { viewport, colorScheme }).open();
    await login.page.locator('#login-form').waitFor();
    await login.screenshot(`${label}-login`);
    await done(login);
    const [ann, bob] = await twoPeople({ viewport, colorScheme });
    await ann.openChatWith(bob);
    await ann.send('Hi! Did you see the plan at https://example.com/plan?');
    await bob.openChatWith(ann);
    await bob.sees('Hi! Did you see the plan at https://example.com/plan?');
    await bob.send('Yes, looks good.\nShall we start on Monday?');
    await ann.sees('Yes, looks good.\nShall we start on Monday?');
    await ann.send('Monday works <b>for me</b>');
    await new Promise((r) => setTimeout(r, 2100)); // the server forwards one typing signal per 2 s
    await bob.page.locator('#compose').pressSequentially('Great', { delay: 10 });
    await waitUntil(async () => (await ann.page.textContent('#typing')) !== '', 'the typing line');
    await ann.screenshot(`${label}-conversation`);
    if (label === 'phone') {
      await ann.page.click('#back-btn');
      await ann.screenshot(`${label}-list`);
    }
    await ann.page.click('#settings-btn');
    await ann.page.locator('#settings').waitFor();
    await ann.screenshot(`${label}-settings`);
    await done(ann, bob);
  }
});
