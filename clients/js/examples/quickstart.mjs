// npm install @microsoft/signalr   (Node 20+; in a browser, bundle it or load dist/browser/signalr.js)
import * as signalR from "@microsoft/signalr";

const baseUrl = process.env.CHATAPP_URL ?? "http://localhost:5000";
const username = process.env.CHATAPP_USER ?? "ada";
const password = process.env.CHATAPP_PASSWORD ?? "lovelace1815";
const sendTo = process.env.CHATAPP_SEND_TO ?? "bob";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(method, path, { token, body } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token && { Authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${json.detail}`);
  return json;
}

// 1. Log in over REST (sign up first with POST /user, as in "Try it with curl").
const { access_token } = await api("POST", "/login", { body: { username, password } });
const me = await api("GET", "/user", { token: access_token });

// 2. Connect. A browser sends the token as ?access_token=…, Node as an Authorization header.
//    Dropped connections come back by themselves: retried at once, then after 1 s and 5 s.
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/chat`, { accessTokenFactory: () => access_token })
  .withAutomaticReconnect([0, 1000, 5000])
  .configureLogging(signalR.LogLevel.Warning)
  .build();

// 3. Your feed numbers your events 1, 2, 3, …: keep the last seq handled (a browser can keep it in
//    localStorage) and call Resume with it after every connect. The server then sends every later
//    event on "chat:event", in order. A skipped seq is fetched with GET /sync; a repeated one ignored.
let lastSeq = 0;
let queue = Promise.resolve(); // events, catch-ups and resumes run one at a time, in arrival order
const serially = (task) => (queue = queue.then(task).catch(startOver));

function handle(event) {
  if (event.seq !== lastSeq + 1) return;
  lastSeq = event.seq;
  const m = event.message;
  console.log(`event ${event.seq} ${event.type}${m ? `: message ${m.id} from user ${m.from} to user ${m.to}: ${m.body}` : ""}`);
}

async function catchUp() {
  for (let more = true; more; ) {
    const page = await api("GET", `/sync?since=${lastSeq}&limit=1000`, { token: access_token });
    page.events.forEach(handle);
    more = page.has_more && page.next === lastSeq;
  }
  console.log(`caught up to seq ${lastSeq} with GET /sync`);
}

async function resume() {
  console.log(`resuming after seq ${lastSeq}`);
  try {
    await connection.invoke("Resume", lastSeq);
  } catch (error) {
    if (!error.message.includes("GET /sync")) throw error;
    await catchUp(); // over 10,000 events behind: the server asks for GET /sync first
    await connection.invoke("Resume", lastSeq);
  }
}

async function startOver(error) {
  // A drop is already being handled by the reconnect; anything else: reconnect and resume.
  if (connection.state !== signalR.HubConnectionState.Connected) return;
  console.log(`${error.message}; reconnecting`);
  await connection.stop(); // onclose starts it again
}

let stopping = false;
async function start() {
  for (let delay = 1000; !stopping; delay = Math.min(2 * delay, 30_000)) {
    try {
      await connection.start();
      serially(resume);
      return;
    } catch (error) {
      if (error.message.includes("Status code '401'")) return console.log("token refused: log in again");
      await sleep(delay);
    }
  }
}

connection.on("chat:event", (event) => serially(async () => {
  if (event.seq > lastSeq + 1) await catchUp();
  handle(event);
}));
connection.on(me.username, () => {}); // version-1 event, sent until Resume answers: the feed has it
connection.on("echo", (text) => console.log(`echo: ${text}`));
connection.onreconnecting(() => console.log("connection lost; reconnecting"));
connection.onreconnected(() => serially(resume));
// After a logout, a token expiry, or reconnect attempts that all failed: start again with backoff.
connection.onclose(async () => {
  if (stopping) return;
  console.log("connection closed; starting again");
  await sleep(1000);
  await start();
});

await start();

// 4. Send with a client_id: a retry after a lost answer returns the stored message, never a copy.
async function send(request) {
  request = { ...request, client_id: crypto.randomUUID() };
  for (let attempt = 1; ; attempt++) {
    try {
      return await connection.invoke("Send", request);
    } catch (error) {
      if (connection.state === signalR.HubConnectionState.Connected || attempt === 5) throw error;
      await sleep(1000 * attempt); // the connection dropped: try again once it is back
    }
  }
}

try {
  const sent = await send({ to_username: sendTo, body: "hello from the hub" });
  console.log(`sent message ${sent.id} at ${sent.date_created}`);
} catch (error) {
  console.log(`refused: ${error.message}`);
}

console.log("listening for events; Ctrl+C to stop");
process.on("SIGINT", async () => {
  stopping = true;
  await connection.stop();
  process.exit(0);
});
