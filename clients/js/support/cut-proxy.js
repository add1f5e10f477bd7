// A TCP proxy on 127.0.0.1 between a client and the server that a test can cut: every connection
// through it (REST and the hub's WebSocket alike) can be closed at once, with FIN or RST, at a moment
// the test picks or when a given text passes from the server, even in the middle of a frame. New
// connections can be held (they wait, then go through) or refused while the network is "down".
// On the hub's WebSocket it reads the server's frames: it records, per connection, the seq of every
// `chat:event` the server sent, and can drop chosen records before they reach the client.
import net from "node:net";

export async function startCutProxy(target) {
  const { hostname, port } = new URL(target);
  const pairs = new Set();
  const held = [];
  const connections = []; // { id, seqs: [seq of each chat:event the server sent, in order] }
  let mode = "open"; // "open" | "hold" | "refuse"
  let trigger = null;
  let dropRecord = null;
  let cuts = 0;

  const server = net.createServer((client) => {
    client.on("error", () => {});
    if (mode === "refuse") return client.resetAndDestroy();
    const pair = { client, upstream: null, dead: false, killed: false, ws: false, head: null, headDone: false, frames: null, message: null, tail: "", info: null };
    pairs.add(pair);
    client.on("close", () => { kill(pair, false); pairs.delete(pair); });
    if (mode === "hold") {
      client.pause();
      held.push(pair);
    } else {
      connect(pair);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

  function connect(pair) {
    if (pair.dead) return;
    const upstream = net.connect(Number(port), hostname);
    pair.upstream = upstream;
    upstream.on("error", () => {});
    upstream.on("close", () => kill(pair, false));
    upstream.on("data", (chunk) => fromServer(pair, chunk));
    pair.client.on("data", (chunk) => {
      if (pair.dead) return;
      if (pair.head === null) {
        // A WebSocket upgrade is the first request of its connection (ws opens a fresh socket).
        pair.head = chunk.toString("latin1");
        if (/^upgrade:\s*websocket/im.test(pair.head)) {
          pair.ws = true;
          pair.info = { id: connections.length + 1, seqs: [] };
          connections.push(pair.info);
        }
      }
      upstream.write(chunk);
    });
    pair.client.resume();
  }

  function fromServer(pair, chunk) {
    if (pair.dead) return;
    if (!pair.ws) return emit(pair, chunk);
    // The 101 response head goes through as it is; after it, whole frames.
    pair.frames = pair.frames ? Buffer.concat([pair.frames, chunk]) : chunk;
    if (!pair.headDone) {
      const end = pair.frames.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = pair.frames.subarray(0, end + 4);
      pair.frames = pair.frames.subarray(end + 4);
      pair.headDone = true;
      emit(pair, head);
    }
    for (let frame; !pair.dead && (frame = nextFrame(pair.frames)); ) {
      pair.frames = pair.frames.subarray(frame.total);
      const opcode = frame.first & 0x0f;
      if (opcode >= 8) { emit(pair, frame.bytes); continue; } // ping, pong, close: may come between fragments
      if (opcode !== 0 || pair.message === null) pair.message = { text: opcode === 1 && (frame.first & 0x70) === 0 && !frame.masked, frames: [], payloads: [] };
      pair.message.frames.push(frame.bytes);
      pair.message.payloads.push(frame.bytes.subarray(frame.offset));
      if (frame.first & 0x80) { // FIN: the message is whole
        const message = pair.message;
        pair.message = null;
        emit(pair, message.text ? filterMessage(pair, message) : Buffer.concat(message.frames));
      }
    }
  }

  // One complete frame at the start of `buffer`, or null. (Server frames are not masked; uncompressed
  // text messages are read, anything else is passed on as it is.)
  function nextFrame(buffer) {
    if (buffer.length < 2) return null;
    let length = buffer[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buffer.length < 4) return null;
      length = buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buffer.length < 10) return null;
      length = Number(buffer.readBigUInt64BE(2));
      offset = 10;
    }
    if (buffer[1] & 0x80) offset += 4;
    if (buffer.length < offset + length) return null;
    return { bytes: buffer.subarray(0, offset + length), total: offset + length, offset, first: buffer[0], masked: (buffer[1] & 0x80) !== 0 };
  }

  // A whole text message (one frame or several fragments): its records are read, chosen chat:event
  // records left out; it goes on in its original frames unless something was left out.
  function filterMessage(pair, message) {
    const records = Buffer.concat(message.payloads).toString("utf8").split("\x1e").slice(0, -1);
    const kept = [];
    for (const record of records) {
      if (record.includes('"chat:event"')) {
        const seq = JSON.parse(record).arguments[0].seq;
        pair.info.seqs.push(seq);
        if (dropRecord?.(seq)) continue;
      }
      kept.push(record);
    }
    if (kept.length === records.length) return Buffer.concat(message.frames);
    if (kept.length === 0) return Buffer.alloc(0);
    return textFrame(kept.map((r) => r + "\x1e").join(""));
  }

  // Forwards server bytes (on a WebSocket: one whole message) to the client, unless the armed trigger
  // fires inside them: then only the bytes before that point (plus `keep`; all of them if `whole`)
  // reach the client, and every connection is cut.
  function emit(pair, bytes) {
    if (bytes.length === 0 || pair.dead) return;
    if (trigger) {
      const text = pair.tail + bytes.toString("latin1");
      pair.tail = text.slice(Math.max(0, text.length - (trigger.pattern.length - 1)));
      for (let i = text.indexOf(trigger.pattern); i >= 0; i = text.indexOf(trigger.pattern, i + 1)) {
        if (i + trigger.pattern.length <= text.length - bytes.length) continue; // counted last time
        if (--trigger.remaining > 0) continue;
        const fired = trigger;
        trigger = null;
        const upTo = fired.whole ? bytes.length : Math.max(0, Math.min(bytes.length, i - (text.length - bytes.length) + fired.keep));
        pair.dead = true; // nothing more through it; the part before the cut point is still delivered
        if (upTo === 0) kill(pair, fired.reset);
        else pair.client.write(bytes.subarray(0, upTo), () => kill(pair, fired.reset));
        cutAll(fired.reset);
        fired.resolve();
        return;
      }
    }
    pair.client.write(bytes);
  }

  function kill(pair, reset) {
    if (pair.killed) return;
    pair.killed = pair.dead = true;
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue;
      // RST only where no graceful shutdown has begun: a reset racing a pending shutdown leaves the
      // native handle referenced, and node then spins at exit.
      if (reset && !socket.writableEnded && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  function cutAll(reset) {
    cuts++;
    for (const pair of pairs) {
      if (!pair.dead) kill(pair, reset);
    }
  }

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Connections cut so far (each cut closes every connection open at that moment). */
    get cuts() { return cuts; },
    /** Every WebSocket connection made through the proxy, with the chat:event seqs the server sent on it. */
    connections,
    /** Closes every open connection now: with RST (`reset`) or FIN. */
    cut({ reset = false } = {}) { cutAll(reset); },
    /**
     * Arms a cut: when `pattern` has passed from the server for the `count`-th time (in any connection),
     * the client gets only the bytes before it plus `keep` (with `whole`: the rest of that WebSocket
     * message too), and every connection is cut. Resolves then.
     */
    cutWhen(pattern, { count = 1, keep = 0, whole = false, reset = false } = {}) {
      return new Promise((resolve) => {
        for (const pair of pairs) pair.tail = "";
        trigger = { pattern, remaining: count, keep, whole, reset, resolve };
      });
    },
    /** Whether a cutWhen is armed and has not fired yet. */
    get armed() { return trigger !== null; },
    /** New connections wait (the client sees a slow network) until `open()`. */
    hold() { mode = "hold"; },
    /** New connections are reset at once (the client sees the server unreachable) until `open()`. */
    refuse() { mode = "refuse"; },
    open() {
      mode = "open";
      for (const pair of held.splice(0)) connect(pair);
    },
    /** `drop(seq)` returning true keeps that chat:event from the client (the server still sent it). */
    dropEvents(drop) { dropRecord = drop; },
    async close() {
      for (const pair of pairs) kill(pair, true);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function textFrame(text) {
  const payload = Buffer.from(text, "utf8");
  let header;
  if (payload.length < 126) {
    header = Buffer.from([0x81, payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}
