// Runs examples/quickstart.mjs (the README's JavaScript example) as its own process and collects its
// output lines, so a test can wait for a given line and stop it as a user does (Ctrl+C).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const examplePath = fileURLToPath(new URL("../examples/quickstart.mjs", import.meta.url));

export function runExample(env) {
  const child = spawn(process.execPath, [examplePath], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = [];
  const watchers = new Set();
  let buffered = "";
  let errors = "";
  let exit = null;
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => {
    exit = { code, signal };
    for (const watcher of watchers) watcher();
    resolve(exit);
  }));
  child.stderr.on("data", (chunk) => { errors += chunk; });
  child.stdout.on("data", (chunk) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop();
    lines.push(...parts);
    for (const watcher of watchers) watcher();
  });

  return {
    lines,
    /** Resolves with { code, signal } when the process exits by itself (fails after `timeout` ms). */
    exit(timeout = 20_000) {
      let timer;
      const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`waited ${timeout} ms for the example to exit; its last lines: ${JSON.stringify(lines.slice(-8))}`)), timeout);
      });
      return Promise.race([exited, limit]).finally(() => clearTimeout(timer));
    },
    errors: () => errors,
    /**
     * Waits until a line at index `from` or later matches `test` (a RegExp or a predicate);
     * returns its index. Fails after `timeout` ms or when the process exits first.
     */
    waitFor(test, { from = 0, timeout = 20_000, what = String(test) } = {}) {
      const matches = typeof test === "function" ? test : (line) => test.test(line);
      return new Promise((resolve, reject) => {
        let checked = from;
        const watcher = () => {
          for (; checked < lines.length; checked++) {
            if (matches(lines[checked])) return done(() => resolve(checked));
          }
          if (exit) done(() => reject(new Error(`the example exited (${JSON.stringify(exit)}) before printing ${what}; stderr: ${errors}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(
          `waited ${timeout} ms for the example to print ${what}; its last lines: ${JSON.stringify(lines.slice(-8))}; stderr: ${errors.slice(-2000)}`))), timeout);
        function done(settle) {
          clearTimeout(timer);
          watchers.delete(watcher);
          settle();
        }
        watchers.add(watcher);
        watcher();
      });
    },
    /** Ctrl+C; resolves with { code, signal } once it has exited (killed after 10 s). */
    async stop() {
      if (!exit) child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

