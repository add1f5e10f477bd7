// npm install @microsoft/signalr   (Node 18+; in a browser, bundle it or load dist/browser/signalr.js)
import * as signalR from "@microsoft/signalr";

const baseUrl = process.env.CHATAPP_URL ?? "http://localhost:5000";
const username = process.env.CHATAPP_USER ?? "ada";
const password = process.env.CHATAPP_PASSWORD ?? "lovelace1815";
const sendTo = process.env.CHATAPP_SEND_TO ?? "bob";

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
// Your event is named after your username exactly as it was registered: ask the server for it.
const me = await api("GET", "/user", { token: access_token });

// 2. Connect. A browser sends the token as ?access_token=…, Node as an Authorization header.
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/chat`, { accessTokenFactory: () => access_token })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

connection.on("echo", (text) => console.log(`echo: ${text}`));
// Every message you send or receive, through REST or the hub, from any of your tabs.
connection.on(me.username, (message) =>
  console.log(`message ${message.id} from user ${message.from} to user ${message.to}: ${message.body}`));
// Closed by the server on logout (GET /logout or GET /login) and when the token expires.
connection.onclose((error) => console.log(`connection closed${error ? `: ${error.message}` : ""}`));

await connection.start();

// 3. Send: invoke returns the stored message; invalid input rejects with the server's reason.
try {
  const sent = await connection.invoke("SendMessageTo", sendTo, "hello from the hub");
  console.log(`sent message ${sent.id} at ${sent.date_created}`);
} catch (error) {
  console.log(`refused: ${error.message}`);
}

console.log("listening for messages; Ctrl+C to stop");
process.on("SIGINT", async () => {
  await connection.stop();
  process.exit(0);
});
