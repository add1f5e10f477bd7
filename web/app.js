// ChatApp web client: one page on ChatApp's public API (docs/API.md), no framework, no build step.
// Rules kept throughout: user data reaches the page only as text (textContent / Text nodes, never
// innerHTML); links are made only for http(s) URLs; every send carries a client_id, so retrying is safe.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const HUB = '/hubs/chat';
  const PAGE = 50;

  const state = {
    token: localStorage.getItem('chatapp.token'),
    me: null,
    chats: new Map(),      // other user's id → Chat row (docs/API.md), kept current by the feed
    blocks: new Set(),     // ids the caller blocked
    open: null,            // { id, username, msgs: Map(id → Message), hasOlder, loading } or null
    view: 'list',          // 'list' | 'chat' | 'settings'
    lastSeq: 0,            // newest feed seq applied; stored per user
    outbox: [],            // sends not yet confirmed: { client_id, to, to_username, body, state, error }
    conn: null,
    catching: null,        // the running /sync catch-up, if any
    buffered: [],          // live events that arrived during a catch-up
    typingTimer: 0,
    lastTypingSent: 0,
  };

  // ---------- small helpers ----------

  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat()) if (kid != null && kid !== false) el.append(kid); // strings become Text nodes
    return el;
  }

  function newClientId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // Pages served over plain http to another host are not a secure context: no randomUUID there.
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  const timeFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

  function shortTime(iso) {
    const d = new Date(iso), now = new Date();
    if (d.toDateString() === now.toDateString()) return timeFmt.format(d);
    if (d.getFullYear() === now.getFullYear()) return `${dayFmt.format(d)}, ${timeFmt.format(d)}`;
    return fullFmt.format(d);
  }

  function lastSeen(iso) {
    const s = Math.round((new Date(iso) - Date.now()) / 1000);
    if (s > -60) return 'last seen just now';
    for (const [unit, size] of [['minute', 60], ['hour', 3600], ['day', 86400]]) {
      const n = Math.round(s / size);
      if (unit === 'day' || Math.abs(n) < (unit === 'minute' ? 60 : 24)) return `last seen ${relFmt.format(n, unit)}`;
    }
    return '';
  }

  // Text with http(s) links: every piece is a Text node or an <a> whose href passed the URL parser.
  function bodyNodes(text) {
    const out = [];
    let last = 0;
    for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>"']+/gi)) {
      let url = m[0].replace(/[.,!?;:)\]]+$/, '');
      let href = null;
      try {
        const u = new URL(url);
        if (u.protocol === 'http:' || u.protocol === 'https:') href = u.href;
      } catch { /* not a URL: stays text */ }
      if (!href) continue;
      out.push(text.slice(last, m.index));
      out.push(h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, url));
      last = m.index + url.length;
    }
    out.push(text.slice(last));
    return out.filter((n) => n !== '');
  }

  let noticeTimer = 0;
  function notice(text) {
    const el = $('notice');
    el.textContent = text;
    el.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { el.hidden = true; }, 6000);
  }

  function announce(text) {
    const live = $('live');
    live.append(h('p', null, text));
    while (live.childNodes.length > 5) live.firstChild.remove();
  }

  // ---------- the API ----------

  class ApiError extends Error {
    constructor(status, message, problem, retryAfter) {
      super(message);
      this.status = status;
      this.problem = problem;
      this.retryAfter = retryAfter;
    }
  }

  function describe(status, problem, retryAfter) {
    const detail = problem && (problem.errors
      ? Object.values(problem.errors).flat().join(' ')
      : problem.detail);
    switch (status) {
      case 0: return 'You are offline or the server cannot be reached. Trying again when the connection is back.';
      case 401: return 'Your session has ended. Please log in again.';
      case 403: return detail ? `Not allowed: ${detail}` : 'You are not allowed to do that.';
      case 413: return 'That is too long to send.';
      case 429: return `Too many requests. Please wait ${retryAfter || 'a few'} seconds and try again.`;
      default:
        if (status >= 500) return `The server had a problem (${status}). Please try again.`;
        return detail || `The request failed (${status}).`;
    }
  }

  async function request(method, path, body, { auth = true, raw = false } = {}) {
    const headers = {};
    if (auth && state.token) headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, describe(0));
    }
    const json = (res.headers.get('Content-Type') || '').includes('json') && !(raw && res.ok) ? await res.json().catch(() => null) : null;
    if (!res.ok) {
      const retryAfter = Number(res.headers.get('Retry-After')) || 0;
      if (res.status === 401 && auth && state.token) sessionEnded();
      throw new ApiError(res.status, describe(res.status, json, retryAfter), json, retryAfter);
    }
    return { data: json, res };
  }
  const api = async (method, path, body, opts) => (await request(method, path, body, opts)).data;

  // ---------- log in, sign up, log out ----------

  function showAuth(reason) {
    $('chat-view').hidden = true;
    $('auth-view').hidden = false;
    $('signup-form').hidden = true;
    $('login-form').hidden = false;
    $('login-reason').hidden = !reason;
    $('login-reason').textContent = reason || '';
    document.title = 'ChatApp';
    $('login-username').focus();
  }

  async function logIn(username, password) {
    const token = await api('POST', '/login', { username, password }, { auth: false });
    state.token = token.access_token;
    localStorage.setItem('chatapp.token', state.token);
    await start();
  }

  function formValues(form) {
    return { username: form.username.value.trim(), password: form.password.value };
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const { username, password } = formValues(e.target);
    $('login-error').textContent = '';
    if (!username || !password) { $('login-error').textContent = 'Enter your username and password.'; return; }
    try {
      await logIn(username, password);
    } catch (err) {
      $('login-error').textContent = err.status === 401 ? 'Wrong username or password.' : err.message;
    }
  });

  $('signup-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const { username, password } = formValues(e.target);
    const error = $('signup-error');
    error.textContent = '';
    if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username)) { error.textContent = 'A username is 3–32 letters, digits, _ . or -.'; return; }
    if (password.length < 8 || password.length > 128) { error.textContent = 'A password is 8 to 128 characters.'; return; }
    try {
      await api('POST', '/user', { username, password }, { auth: false });
      await logIn(username, password);
    } catch (err) {
      error.textContent = err.status === 409 ? 'That username is taken. Try another.' : err.message;
    }
  });

  $('to-signup').addEventListener('click', () => { $('login-form').hidden = true; $('signup-form').hidden = false; $('signup-username').focus(); });
  $('to-login').addEventListener('click', () => { $('signup-form').hidden = true; $('login-form').hidden = false; $('login-username').focus(); });

  function forget() {
    const conn = state.conn;
    state.conn = null;
    if (conn) conn.stop().catch(() => {});
    state.token = null;
    state.me = null;
    state.open = null;
    state.chats.clear();
    localStorage.removeItem('chatapp.token');
  }

  function sessionEnded() {
    if (!state.token) return;
    forget();
    showAuth('Your session has ended. Please log in again.');
  }

  $('logout-btn').addEventListener('click', async () => {
    try { await api('GET', '/logout'); } catch { /* the token is dropped here either way */ }
    forget();
    showAuth('You are logged out.');
  });

  // ---------- start-up ----------

  const seqKey = () => `chatapp.seq.${state.me.id}`;
  const outboxKey = () => `chatapp.outbox.${state.me.id}`;

  function setSeq(seq) {
    state.lastSeq = seq;
    localStorage.setItem(seqKey(), String(seq));
  }

  function saveOutbox() {
    const keep = state.outbox.filter((o) => o.state !== 'failed')
      .map(({ client_id, to, to_username, body }) => ({ client_id, to, to_username, body }));
    localStorage.setItem(outboxKey(), JSON.stringify(keep));
  }

  // A new device starts at the feed's head: the rows and history it loads already hold everything before.
  async function feedHead(since = 0) {
    for (;;) {
      const page = await api('GET', `/sync?since=${since}&limit=1000`);
      since = page.next;
      if (!page.has_more) return since;
    }
  }

  async function start() {
    try {
      state.me = await api('GET', '/user');
    } catch (err) {
      if (err.status !== 401) showAuth(err.message);
      return;
    }
    connStatus('Connecting…');
    $('auth-view').hidden = true;
    $('chat-view').hidden = false;
    $('me-name').textContent = state.me.username;
    state.outbox = JSON.parse(localStorage.getItem(outboxKey()) || '[]').map((o) => ({ ...o, state: 'pending' }));
    const stored = localStorage.getItem(seqKey());
    try {
      setSeq(stored === null ? await feedHead() : Number(stored));
      await Promise.all([refreshChats(), loadBlocks()]);
    } catch (err) {
      notice(err.message);
    }
    showView('list');
    connect();
    flushOutbox();
  }

  // ---------- realtime: Resume, chat:event, catch-up ----------

  // body[data-feed] says whether live updates flow ('live') or not ('down'): styling hooks and tests read it.
  function connStatus(text) {
    $('conn-status').textContent = text;
    document.body.dataset.feed = text ? 'down' : 'live';
  }

  function connect() {
    const conn = new signalR.HubConnectionBuilder()
      .withUrl(HUB, { accessTokenFactory: () => state.token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(500 * 2 ** c.previousRetryCount, 10000) })
      .configureLogging(signalR.LogLevel.None)
      .build();
    state.conn = conn;
    conn.on('chat:event', onEvent);
    conn.on('chat:typing', onTyping);
    conn.on('chat:presence', onPresence);
    // Version-1 pushes reach a connection until it has resumed; the feed replays those same messages.
    conn.on('echo', () => {});
    conn.on(state.me.username, () => {});
    conn.onreconnecting(() => { connStatus(navigator.onLine ? 'Reconnecting…' : 'Offline. Messages will be sent when you are back.'); });
    conn.onreconnected(() => resume(conn));
    const attempt = async (delay) => {
      if (state.conn !== conn) return;
      try {
        connStatus('Connecting…');
        await conn.start();
        await resume(conn);
      } catch {
        if (state.conn !== conn) return;
        // A refused negotiate is most often an expired token: the API call says so (401 → log in).
        try { await api('GET', '/user'); } catch { /* offline, or the session ended */ }
        setTimeout(() => attempt(Math.min(delay * 2, 10000)), delay);
      }
    };
    attempt(500);
  }

  async function resume(conn) {
    if (state.conn !== conn) return;
    try {
      await conn.invoke('Resume', state.lastSeq);
      connStatus('');
    } catch (err) {
      const text = String(err && err.message);
      if (/sync/i.test(text)) {          // too many pending events: read them over HTTP first
        await catchUp();
        return resume(conn);
      }
      if (/newest/i.test(text)) {        // the server's feed is shorter than ours (a restored database)
        await resetFeed();
        return resume(conn);
      }
      connStatus('Reconnecting…');
      return;
    }
    flushOutbox();
  }

  async function resetFeed() {
    setSeq(await feedHead());
    await refreshChats();
    if (state.open) openChat(state.open.id, state.open.username);
  }

  function onEvent(e) {
    if (state.catching) { state.buffered.push(e); return; }
    if (e.seq <= state.lastSeq) return;                     // already applied
    if (e.seq > state.lastSeq + 1) { state.buffered.push(e); catchUp(); return; } // a gap: fill it first
    apply(e);
    setSeq(e.seq);
  }

  function catchUp() {
    if (state.catching) return state.catching;
    state.catching = (async () => {
      try {
        for (;;) {
          const page = await api('GET', `/sync?since=${state.lastSeq}&limit=500`);
          for (const e of page.events) if (e.seq > state.lastSeq) { apply(e); setSeq(e.seq); }
          if (!page.has_more) break;
        }
      } catch (err) {
        if (err.status === 400 && err.problem && err.problem.errors && err.problem.errors.since) await resetFeed();
      } finally {
        state.catching = null;
        const pending = state.buffered.sort((a, b) => a.seq - b.seq);
        state.buffered = [];
        for (const e of pending) onEvent(e);
      }
    })();
    return state.catching;
  }

  function apply(e) {
    switch (e.type) {
      case 'message.created':
      case 'message.edited':
      case 'message.deleted':
        upsertMessage(e.message, e.type === 'message.created');
        break;
      case 'chat.read':
        onRead(e);
        break;
      case 'user.deleted':
        refreshChats();
        break;
    }
  }

  // ---------- conversations list ----------

  async function refreshChats() {
    const rows = await api('GET', '/chats');
    state.chats = new Map(rows.map((c) => [c.id, c]));
    renderChats();
    const open = state.open;
    // A conversation opened by name (no GET /users on this server) takes its id once a message made it real.
    const named = open && open.id == null && rows.find((c) => c.username.toLowerCase() === open.username.toLowerCase());
    if (named) openChat(named.id, named.username);
    else if (open) renderPeer();
  }
  let refreshTimer = 0;
  const refreshSoon = () => { clearTimeout(refreshTimer); refreshTimer = setTimeout(() => refreshChats().catch(() => {}), 300); };

  async function loadBlocks() {
    try {
      const users = await api('GET', '/blocks');
      state.blocks = new Set(users.map((u) => u.id));
    } catch (err) {
      if (err.status === 401) throw err;
    }
  }

  function partnerOf(m) { return m.from === state.me.id ? m.to : m.from; }

  function preview(c) {
    const m = c.last_message;
    if (!m) return '';
    const text = m.deleted ? 'Message deleted' : m.body.replace(/\s+/g, ' ');
    return m.from === state.me.id ? `You: ${text}` : text;
  }

  const rowEls = new Map();
  function renderChats() {
    const list = $('chat-list');
    const rows = [...state.chats.values()].sort((a, b) => (b.last_message ? b.last_message.id : 0) - (a.last_message ? a.last_message.id : 0));
    for (const [id, el] of rowEls) if (!state.chats.has(id)) { el.remove(); rowEls.delete(id); }
    let total = 0;
    for (const c of rows) {
      let li = rowEls.get(c.id);
      if (!li) {
        li = h('li', null, h('button', { type: 'button', class: 'chat-row', onclick: () => openChat(c.id, state.chats.get(c.id).username) }));
        rowEls.set(c.id, li);
      }
      const btn = li.firstChild;
      const unread = c.unread_count || 0;
      total += unread;
      const status = c.online ? 'online' : c.last_seen ? lastSeen(c.last_seen) : '';
      btn.className = `chat-row${unread ? ' unread' : ''}`;
      btn.setAttribute('aria-current', state.open && state.open.id === c.id ? 'true' : 'false');
      btn.setAttribute('aria-label', [c.username, status, unread ? `${unread} unread` : '', preview(c)].filter(Boolean).join(', '));
      btn.replaceChildren(
        h('span', { class: `dot${c.online ? ' online' : ''}`, title: status || null }),
        h('span', { class: 'name' }, c.username),
        h('span', { class: 'when' }, c.last_message ? shortTime(c.last_message.date_created) : ''),
        h('span', { class: 'preview' }, preview(c)),
        unread ? h('span', { class: 'badge', 'data-testid': 'unread' }, String(unread)) : h('span'),
      );
      list.append(li); // re-appending moves the row: newest conversation first, focus kept
    }
    $('no-chats').hidden = rows.length > 0;
    document.title = total ? `(${total}) ChatApp` : 'ChatApp';
  }

  // ---------- views ----------

  function showView(view) {
    state.view = view;
    $('conversation').hidden = view !== 'chat';
    $('settings').hidden = view !== 'settings';
    $('empty').hidden = view !== 'list';
    $('chat-view').classList.toggle('in-pane', view !== 'list');
  }

  $('back-btn').addEventListener('click', () => closeChat());
  $('settings-back').addEventListener('click', () => { showView(state.open ? 'chat' : 'list'); $('settings-btn').focus(); });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.view === 'settings') $('settings-back').click();
  });

  function closeChat() {
    const id = state.open && state.open.id;
    state.open = null;
    showView('list');
    renderChats();
    const row = rowEls.get(id);
    (row ? row.firstChild : $('search')).focus();
  }

  // ---------- one conversation ----------

  async function openChat(id, username) {
    state.open = { id, username, msgs: new Map(), hasOlder: false, loading: false };
    $('messages').replaceChildren();
    $('typing').textContent = '';
    $('older-btn').hidden = true;
    renderPeer();
    renderChats();
    showView('chat');
    $('compose').focus();
    renderOutbox();
    if (id == null) return; // a new conversation with someone found by name: it gets an id with its first message
    const open = state.open;
    try {
      const { data, res } = await request('GET', `/message/${id}?limit=${PAGE}`);
      if (state.open !== open) return;
      for (const m of data) open.msgs.set(m.id, m);
      open.hasOlder = /rel="next"/.test(res.headers.get('Link') || '');
      renderMessages();
      scrollToEnd();
      markRead();
    } catch (err) {
      notice(err.message);
    }
  }

  async function loadOlder() {
    const open = state.open;
    if (!open || !open.hasOlder || open.loading) return;
    open.loading = true;
    const oldest = Math.min(...open.msgs.keys());
    const scroller = $('scroller');
    const fromEnd = scroller.scrollHeight - scroller.scrollTop;
    try {
      const { data, res } = await request('GET', `/message/${open.id}?limit=${PAGE}&before=${oldest}`);
      if (state.open !== open) return;
      for (const m of data) open.msgs.set(m.id, m);
      open.hasOlder = /rel="next"/.test(res.headers.get('Link') || '');
      renderMessages();
      scroller.scrollTop = scroller.scrollHeight - fromEnd;
    } catch (err) {
      notice(err.message);
    } finally {
      open.loading = false;
    }
  }
  $('older-btn').addEventListener('click', loadOlder);
  $('scroller').addEventListener('scroll', () => { if ($('scroller').scrollTop < 60) loadOlder(); }, { passive: true });

  function renderPeer() {
    const open = state.open;
    const c = state.chats.get(open.id) || {};
    const blocked = state.blocks.has(open.id);
    $('peer-name').textContent = open.username;
    const status = $('peer-status');
    status.textContent = blocked ? 'blocked' : c.online ? 'online' : c.last_seen ? lastSeen(c.last_seen) : '';
    status.className = `status${c.online && !blocked ? ' online' : ''}`;
    $('block-btn').textContent = blocked ? 'Unblock' : 'Block';
    $('block-btn').hidden = open.id == null || open.id === state.me.id;
    $('hide-btn').hidden = open.id == null;
    $('blocked-note').hidden = !blocked;
    $('blocked-note').textContent = blocked ? `You blocked ${open.username}. Unblock to send messages.` : '';
    $('compose').disabled = blocked;
  }

  function nearEnd() {
    const s = $('scroller');
    return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
  }
  function scrollToEnd() { const s = $('scroller'); s.scrollTop = s.scrollHeight; }

  // The whole list is rebuilt from the map: conversations are paged 50 at a time, so this stays cheap.
  function renderMessages() {
    const open = state.open;
    const chat = state.chats.get(open.id) || {};
    const sorted = [...open.msgs.values()].sort((a, b) => a.id - b.id);
    const lastMine = [...sorted].reverse().find((m) => m.from === state.me.id && !m.deleted);
    const editing = document.activeElement && document.activeElement.closest('.edit-form');
    if (editing) return; // never yank an open edit box away; the next render after it closes catches up
    const items = sorted.map((m) => messageItem(m, m === lastMine ? receipt(m, chat) : null));
    for (const o of state.outbox) if (o.to === open.id && (o.to != null || o.to_username === open.username)) items.push(pendingItem(o));
    $('messages').replaceChildren(...items);
    $('older-btn').hidden = !open.hasOlder;
  }

  function receipt(m, chat) {
    return chat.other_last_read_id != null && chat.other_last_read_id >= m.id ? 'Seen' : 'Sent';
  }

  function messageItem(m, stateText) {
    const mine = m.from === state.me.id;
    const li = h('li', { class: `msg ${mine ? 'mine' : 'theirs'}${m.deleted ? ' deleted' : ''}`, 'data-id': m.id });
    li.append(h('div', { class: 'bubble' }, m.deleted ? 'This message was deleted' : bodyNodes(m.body)));
    const meta = h('div', { class: 'meta' },
      h('time', { datetime: m.date_created, title: fullFmt.format(new Date(m.date_created)) }, shortTime(m.date_created)),
      m.edited_at && !m.deleted ? h('span', { class: 'edited' }, 'edited') : null,
      stateText ? h('span', { class: 'state', 'data-testid': 'receipt' }, stateText) : null);
    if (mine && !m.deleted) {
      meta.append(h('span', { class: 'actions' },
        h('button', { type: 'button', 'aria-label': 'Edit message', onclick: () => startEdit(li, m) }, 'Edit'),
        h('button', { type: 'button', 'aria-label': 'Delete message', onclick: (e) => confirmDelete(e.currentTarget, m) }, 'Delete')));
    }
    li.append(meta);
    return li;
  }

  function pendingItem(o) {
    const failed = o.state === 'failed';
    const li = h('li', { class: `msg mine ${failed ? 'failed' : 'pending'}`, 'data-client-id': o.client_id });
    li.append(h('div', { class: 'bubble' }, bodyNodes(o.body)));
    const meta = h('div', { class: 'meta' },
      h('span', { class: `state${failed ? ' failed' : ''}`, 'data-testid': 'receipt' }, failed ? `Not sent: ${o.error}` : 'Sending…'));
    if (failed) {
      meta.append(h('button', { type: 'button', onclick: () => { o.state = 'pending'; saveOutbox(); renderOutbox(); deliver(o); } }, 'Retry'),
        h('button', { type: 'button', onclick: () => { state.outbox = state.outbox.filter((x) => x !== o); saveOutbox(); renderOutbox(); } }, 'Discard'));
    }
    li.append(meta);
    return li;
  }

  function renderOutbox() { if (state.open) { const end = nearEnd(); renderMessages(); if (end) scrollToEnd(); } }

  function startEdit(li, m) {
    const box = h('textarea', { rows: 3, maxlength: 4000, 'aria-label': 'Edit message' });
    box.value = m.body;
    const form = h('form', { class: 'edit-form' }, box,
      h('div', null, h('button', { type: 'button', onclick: () => cancel() }, 'Cancel'), h('button', { type: 'submit', class: 'primary' }, 'Save')));
    const cancel = () => { form.remove(); renderMessages(); };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = box.value;
      if (!body.trim()) { notice('A message cannot be empty. Use Delete to remove it.'); return; }
      try {
        const updated = await api('PATCH', `/messages/${m.id}`, { body });
        form.remove();
        upsertMessage(updated, false);
        renderMessages();
      } catch (err) {
        notice(err.message);
      }
    });
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
      if (e.key === 'Escape') { e.stopPropagation(); cancel(); }
    });
    li.querySelector('.bubble').replaceWith(form);
    box.focus();
  }

  function confirmDelete(button, m) {
    if (button.dataset.confirm) return remove(m);
    button.dataset.confirm = '1';
    button.textContent = 'Really delete?';
    setTimeout(() => { if (button.isConnected) { delete button.dataset.confirm; button.textContent = 'Delete'; } }, 5000);
  }

  async function remove(m) {
    try {
      await api('DELETE', `/messages/${m.id}`);
      upsertMessage({ ...m, body: '', deleted: true }, false);
    } catch (err) {
      notice(err.message);
    }
  }

  // A message from any source (feed, send reply, edit reply) lands here; applying it twice changes nothing.
  function upsertMessage(m, created) {
    const other = partnerOf(m);
    let chat = state.chats.get(other);
    if (!chat) {
      // A conversation this page has not seen yet: its row (with the name) comes from /chats.
      chat = { id: other, username: '…', last_message: null, unread_count: 0, last_read_id: null, other_last_read_id: null, online: false, last_seen: null };
      state.chats.set(other, chat);
      refreshSoon();
    }
    const newest = !chat.last_message || m.id > chat.last_message.id;
    const open = state.open && state.open.id === other ? state.open : null;
    if (created && newest && m.from !== state.me.id && !m.deleted) {
      chat.unread_count = (chat.unread_count || 0) + 1;
      if (!open || document.visibilityState !== 'visible') announce(`New message from ${chat.username}: ${m.body}`);
      else announce(`${chat.username}: ${m.body}`);
      if (open && state.typingFrom === other) $('typing').textContent = '';
    }
    if (newest || chat.last_message.id === m.id) chat.last_message = m;
    if (m.from === state.me.id && m.client_id) {
      const before = state.outbox.length;
      state.outbox = state.outbox.filter((o) => o.client_id !== m.client_id);
      if (state.outbox.length !== before) saveOutbox();
    }
    if (open) {
      const end = nearEnd();
      if (open.msgs.has(m.id) || created || open.msgs.size === 0 || m.id > Math.min(...open.msgs.keys())) open.msgs.set(m.id, m);
      renderMessages();
      if (end || m.from === state.me.id) scrollToEnd();
      markRead();
    }
    renderChats();
  }

  function onRead(e) {
    const chat = state.chats.get(e.with);
    if (!chat) return;
    if (e.reader_id === state.me.id) {
      if ((chat.last_read_id || 0) < e.up_to) chat.last_read_id = e.up_to;
      if (chat.last_message && chat.last_message.id <= e.up_to) chat.unread_count = 0;
      else refreshSoon();
    } else {
      chat.other_last_read_id = Math.max(chat.other_last_read_id || 0, e.up_to);
      if (state.open && state.open.id === e.with) renderMessages();
    }
    renderChats();
  }

  let reading = false;
  async function markRead() {
    const open = state.open;
    if (!open || open.id == null || reading || document.visibilityState !== 'visible') return;
    const chat = state.chats.get(open.id);
    const theirs = [...open.msgs.values()].filter((m) => m.from === open.id);
    if (!chat || !theirs.length) return;
    const upTo = Math.max(...theirs.map((m) => m.id));
    if ((chat.last_read_id || 0) >= upTo && !chat.unread_count) return;
    reading = true;
    try {
      await api('POST', `/chats/${open.id}/read`, { up_to: upTo });
      chat.last_read_id = Math.max(chat.last_read_id || 0, upTo);
      if (!chat.last_message || chat.last_message.id <= upTo) chat.unread_count = 0;
      renderChats();
    } catch (err) {
      if (err.status !== 0) notice(err.message);
    } finally {
      reading = false;
    }
  }
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') markRead(); });

  // ---------- typing and presence ----------

  function onTyping(t) {
    if (!state.open || state.open.id !== t.from) return;
    state.typingFrom = t.from;
    $('typing').textContent = `${t.username} is typing…`;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { $('typing').textContent = ''; state.typingFrom = null; }, 6000);
  }

  function onPresence(p) {
    const chat = state.chats.get(p.user_id);
    if (!chat) return;
    chat.online = p.online;
    chat.last_seen = p.last_seen;
    renderChats();
    if (state.open && state.open.id === p.user_id) renderPeer();
  }

  // ---------- sending ----------

  const compose = $('compose');
  compose.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('composer').requestSubmit(); }
  });
  compose.addEventListener('input', () => {
    compose.rows = Math.min(6, compose.value.split('\n').length);
    const open = state.open;
    if (open && open.id != null && state.conn && state.conn.state === 'Connected' && Date.now() - state.lastTypingSent > 2000) {
      state.lastTypingSent = Date.now();
      state.conn.invoke('Typing', open.id).catch(() => {});
    }
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const body = compose.value;
    if (!body.trim() || !state.open) return;
    if (body.length > 4000) { notice('A message is at most 4000 characters.'); return; }
    const o = { client_id: newClientId(), to: state.open.id, to_username: state.open.username, body, state: 'pending' };
    state.outbox.push(o);
    saveOutbox();
    compose.value = '';
    compose.rows = 1;
    state.lastTypingSent = 0;
    renderOutbox();
    scrollToEnd();
    deliver(o);
  });

  // The same client_id on every attempt: the server stores the message once and replays its reply.
  async function deliver(o) {
    if (o.inflight || o.state === 'failed' || !state.me) return;
    o.inflight = true;
    try {
      const path = o.to != null ? `/message/${o.to}` : `/add_message/${encodeURIComponent(o.to_username)}`;
      const m = await api('POST', path, { body: o.body, client_id: o.client_id });
      if (o.to == null && state.open && state.open.id == null && state.open.username === o.to_username) {
        state.open.id = m.to;
        for (const x of state.outbox) if (x.to == null && x.to_username === o.to_username) x.to = m.to;
        renderPeer();
        refreshSoon();
      }
      upsertMessage(m, false);
    } catch (err) {
      if (err.status === 0) return; // offline: 'online', reconnect or the next start sends it
      if (err.status === 429) { setTimeout(() => deliver(o), (err.retryAfter || 2) * 1000); notice(err.message); return; }
      if (err.status === 401) return;
      o.state = 'failed';
      o.error = err.status === 403 ? 'you cannot message this person (blocked)' : err.message;
      saveOutbox();
      renderOutbox();
    } finally {
      o.inflight = false;
    }
  }

  function flushOutbox() { for (const o of state.outbox) if (o.state === 'pending') deliver(o); }

  window.addEventListener('online', () => {
    if (!state.me) return;
    flushOutbox();
    // The socket may have lived through a short outage: read what the feed holds, then say we are live.
    catchUp().then(() => { if (state.conn && state.conn.state === 'Connected') connStatus(''); });
  });
  window.addEventListener('offline', () => connStatus('Offline. Messages will be sent when you are back.'));

  // ---------- finding people ----------

  let searchTimer = 0;
  let searchSeq = 0;
  $('search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 200); });
  $('search').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { $('search').value = ''; $('search-results').hidden = true; }
    if (e.key === 'ArrowDown') { const first = $('search-results').querySelector('button'); if (first) { e.preventDefault(); first.focus(); } }
  });
  $('search-results').addEventListener('keydown', (e) => {
    const buttons = [...$('search-results').querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < buttons.length - 1) { e.preventDefault(); buttons[i + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? buttons[i - 1] : $('search')).focus(); }
  });

  async function search() {
    const q = $('search').value.trim();
    const results = $('search-results');
    if (!q) { results.hidden = true; return; }
    const mine = ++searchSeq;
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(q)) { showResults([], 'Usernames have only letters, digits, _ . and -'); return; }
    try {
      const users = await api('GET', `/users?q=${encodeURIComponent(q)}&limit=8`);
      if (mine === searchSeq) showResults(users, users.length ? '' : `Nobody is called “${q}…”`);
    } catch (err) {
      if (mine !== searchSeq) return;
      // A server older than GET /users cannot search: offer the name as typed (sent with /add_message).
      if (err.status === 404) showResults([{ id: null, username: q }], '', true);
      else showResults([], err.message);
    }
  }

  function showResults(users, empty, asTyped) {
    const results = $('search-results');
    results.replaceChildren(...users.map((u) => h('li', null,
      h('button', { type: 'button', onclick: () => pick(u) },
        asTyped ? `Message “${u.username}”` : u.id === state.me.id ? `${u.username} (you)` : u.username))));
    if (empty) results.append(h('li', { class: 'none' }, empty));
    results.hidden = false;
  }

  function pick(u) {
    $('search').value = '';
    $('search-results').hidden = true;
    const known = u.id == null && [...state.chats.values()].find((c) => c.username.toLowerCase() === u.username.toLowerCase());
    openChat(known ? known.id : u.id, known ? known.username : u.username);
  }

  // ---------- block, hide ----------

  $('block-btn').addEventListener('click', async () => {
    const open = state.open;
    const blocked = state.blocks.has(open.id);
    try {
      await api(blocked ? 'DELETE' : 'PUT', `/blocks/${open.id}`);
      if (blocked) state.blocks.delete(open.id); else state.blocks.add(open.id);
      notice(blocked ? `${open.username} is unblocked.` : `${open.username} is blocked. Neither of you can message the other.`);
      renderPeer();
    } catch (err) {
      notice(err.message);
    }
  });

  $('hide-btn').addEventListener('click', async () => {
    const open = state.open;
    try {
      await api('DELETE', `/chats/${open.id}`);
      state.chats.delete(open.id);
      closeChat();
      notice(`The conversation with ${open.username} is hidden until a new message arrives.`);
    } catch (err) {
      notice(err.message);
    }
  });

  // ---------- settings ----------

  $('settings-btn').addEventListener('click', async () => {
    showView('settings');
    $('settings-back').focus();
    const [settings] = await Promise.allSettled([loadSettings(), loadSessions(), renderBlocks()]);
    return settings;
  });

  async function loadSettings() {
    try {
      const s = await api('GET', '/user/settings');
      $('share-receipts').checked = s.share_read_receipts;
      $('share-presence').checked = s.share_presence;
      $('privacy-error').textContent = '';
    } catch (err) {
      $('privacy-error').textContent = err.message;
    }
  }

  for (const [box, field] of [['share-receipts', 'share_read_receipts'], ['share-presence', 'share_presence']]) {
    $(box).addEventListener('change', async (e) => {
      try {
        const s = await api('PATCH', '/user/settings', { [field]: e.target.checked });
        e.target.checked = s[field];
        $('privacy-error').textContent = '';
      } catch (err) {
        e.target.checked = !e.target.checked;
        $('privacy-error').textContent = err.message;
      }
    });
  }

  $('password-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const current = $('pw-current').value, next = $('pw-new').value;
    const error = $('password-error');
    error.textContent = '';
    if (next.length < 8 || next.length > 128) { error.textContent = 'A password is 8 to 128 characters.'; return; }
    try {
      await api('POST', '/user/password', { current_password: current, new_password: next });
      e.target.reset();
      notice('Password changed. Your other devices are logged out.');
      loadSessions();
    } catch (err) {
      error.textContent = err.status === 403 ? 'The current password is wrong.' : err.message;
    }
  });

  async function loadSessions() {
    try {
      const sessions = await api('GET', '/sessions');
      $('sessions').replaceChildren(...sessions.map((s) => h('li', null,
        h('span', null, `${s.current ? 'This device' : 'Logged in'} ${fullFmt.format(new Date(s.created_at))}`),
        s.current ? h('span', { class: 'hint' }, 'current') :
          h('button', { type: 'button', onclick: () => revoke(s) }, 'Log out'))));
      $('sessions-error').textContent = '';
    } catch (err) {
      $('sessions-error').textContent = err.message;
    }
  }

  async function revoke(s) {
    try {
      await api('DELETE', `/sessions/${encodeURIComponent(s.id)}`);
      loadSessions();
    } catch (err) {
      $('sessions-error').textContent = err.message;
    }
  }

  async function renderBlocks() {
    try {
      const users = await api('GET', '/blocks');
      state.blocks = new Set(users.map((u) => u.id));
      $('blocks').replaceChildren(...users.map((u) => h('li', null, h('span', null, u.username),
        h('button', { type: 'button', onclick: () => unblock(u) }, 'Unblock'))));
      if (!users.length) $('blocks').append(h('li', { class: 'hint' }, 'Nobody.'));
      $('blocks-error').textContent = '';
    } catch (err) {
      $('blocks-error').textContent = err.message;
    }
  }

  async function unblock(u) {
    try {
      await api('DELETE', `/blocks/${u.id}`);
      state.blocks.delete(u.id);
      renderBlocks();
    } catch (err) {
      $('blocks-error').textContent = err.message;
    }
  }

  $('export-btn').addEventListener('click', async () => {
    $('export-error').textContent = '';
    try {
      const { res } = await request('GET', '/user/export', undefined, { raw: true });
      let blob;
      try { blob = await res.blob(); } catch { throw new Error('The download was cut off. Please try again.'); }
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: `chatapp-${state.me.username}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      $('export-error').textContent = err.message;
    }
  });

  $('delete-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = $('delete-error');
    error.textContent = '';
    try {
      await api('DELETE', '/user', { password: $('delete-password').value });
      e.target.reset();
      forget();
      showAuth('Your account is deleted.');
    } catch (err) {
      error.textContent = err.status === 403 ? 'The password is wrong.' : err.message;
    }
  });

  // ---------- go ----------

  if (state.token) start(); else showAuth();
})();
