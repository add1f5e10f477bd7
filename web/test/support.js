// Helpers for driving the web client: people with their own browser context, and a watch on every
// page for console errors, page errors, failed requests, unexpected HTTP errors and dialogs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE = process.env.CHATAPP_URL || 'http://127.0.0.1:5000';
export const SHOTS = process.env.CHATAPP_SHOTS || '/tmp/chatapp-web-shots';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUN = Date.now().toString(36).slice(-5);
let serial = 0;

export async function launch() {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: the check installs Debian's chromium`);
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

// "STATUS METHOD URL" lines every page may see: 404s of routes this server does not have yet.
export const tolerated = [];

// Routes still being built: a server without one answers 404 for it, which pages then tolerate
// (and the tests that need one skip, saying so).
export async function missingRoutes() {
  const missing = new Set();
  for (const path of ['/users?q=a', '/blocks', '/sessions', '/user/export']) {
    const res = await fetch(BASE + path);
    if (res.status === 404) {
      missing.add(path.split('?')[0]);
      tolerated.push(new RegExp(`^404 [A-Z]+ ${BASE.replace(/[.]/g, '\\.')}${path.split('?')[0]}([/?]|$)`));
    }
  }
  return missing;
}

export function uniqueName(prefix) { return `${prefix}${RUN}${++serial}`; }

export async function waitUntil(check, what, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) { last = err; }
    if (Date.now() > end) assert.fail(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class Person {
  constructor(browser, name, { viewport = { width: 1200, height: 800 }, colorScheme = 'light', allow = [] } = {}) {
    this.browser = browser;
    this.name = name;
    this.password = `pw-${name}-secret`;
    this.options = { viewport, colorScheme };
    this.issues = [];
    this.allow = allow;       // [RegExp] of "STATUS METHOD URL" lines this person may see
    this.offline = false;
  }

  async open() {
    this.context = await this.browser.newContext(this.options);
    this.context.setDefaultTimeout(10000);
    this.page = await this.context.newPage();
    const p = this.page;
    // "Failed to load resource: … status of N" repeats a response the 'response' watch below already judged.
    p.on('console', (m) => {
      if (m.type() === 'error' && !this.quiet() && !/^Failed to load resource: the server responded/.test(m.text())) this.issues.push(`console: ${m.text()}`);
    });
    p.on('pageerror', (e) => this.issues.push(`page error: ${e.message}`));
    p.on('requestfailed', (r) => { if (!this.quiet()) this.issues.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`); });
    p.on('response', (r) => {
      const line = `${r.status()} ${r.request().method()} ${r.url()}`;
      if (r.status() >= 400 && ![...this.allow, ...tolerated].some((re) => re.test(line))) this.issues.push(line);
    });
    p.on('dialog', (d) => { this.issues.push(`dialog: ${d.type()} ${d.message()}`); d.dismiss().catch(() => {}); });
    await p.goto(`${BASE}/app`);
    return this;
  }

  quiet() { return this.offline || this.closing; }

  async signUp() {
    await this.open();
    const p = this.page;
    await p.click('#to-signup');
    await p.fill('#signup-username', this.name);
    await p.fill('#signup-password', this.password);
    await p.click('#signup-form button[type=submit]');
    await p.locator('#chat-view').waitFor({ state: 'visible' });
    await this.connected();
    return this;
  }

  // The status line is empty once the hub connection has resumed the feed.
  async connected() {
    await waitUntil(async () => (await this.page.getAttribute('body', 'data-feed')) === 'live', `${this.name} to be connected`);
  }

  token() { return this.page.evaluate(() => localStorage.getItem('chatapp.token')); }

  async openChatWith(other) {
    const p = this.page;
    const row = p.locator('#chat-list .chat-row', { has: p.locator('.name', { hasText: other.name }) });
    if (await row.count()) { await row.click(); } else {
      await p.fill('#search', other.name);
      await p.locator('#search-results button', { hasText: other.name }).first().click();
    }
    await waitUntil(async () => (await p.textContent('#peer-name')) === other.name, `${this.name}'s conversation with ${other.name}`);
  }

  async send(text) {
    await this.page.fill('#compose', text);
    await this.page.press('#compose', 'Enter');
  }

  bubbles() { return this.page.locator('#messages li.msg .bubble').allTextContents(); }

  async sees(text, what = `${this.name} to see "${text}"`) {
    return waitUntil(async () => (await this.bubbles()).includes(text), what);
  }

  async setOffline(offline) {
    if (offline) this.offline = true;
    await this.context.setOffline(offline);
    if (!offline) {
      await this.connected();
      this.offline = false;
    }
  }

  async screenshot(name) {
    await this.page.screenshot({ path: `${SHOTS}/${name}.png` });
  }

  async close() {
    if (!this.context) return;
    this.closing = true;
    await this.context.close();
  }

  assertClean() { assert.deepEqual(this.issues, [], `${this.name}'s page reported problems`); }
}

// Two people who have signed up, and a way to end the test cleanly.
export async function pair(browser, options = {}) {
  const a = await new Person(browser, uniqueName('ann'), options).signUp();
  const b = await new Person(browser, uniqueName('bob'), options).signUp();
  return [a, b];
}
