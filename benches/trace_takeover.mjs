// What the app's takeover spends its longest task on (docs/performance.md,
// "The takeover's longest task"): opens a page in headless Chromium with a
// DevTools trace running, waits for <html data-app>, and prints the longest
// main-thread task in which the wasm ran and the trace events inside it, by
// total time, and the lengths of every task that ran script (the takeover
// is a chain of tasks; one of them is preload.js warming the date data) (wasm.CompileLazy is V8 compiling a wasm function on its first
// call).
//
//   cargo xtask dist && python3 -m http.server -d dist 8765 &
//   node --experimental-websocket benches/trace_takeover.mjs http://127.0.0.1:8765/politics/library-closures-reversed/ [CPU slowdown, default 4]
//
// The breakdown is of CPU work, so an uncompressed server does as well as nginx.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, slowdown = "4"] = process.argv.slice(2);
if (!url) {
  console.error("usage: node --experimental-websocket benches/trace_takeover.mjs URL [CPU slowdown]");
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), "trace-takeover-"));
const port = 9300 + Math.floor(Math.random() * 500);
const chromium = spawn("/usr/bin/chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
  `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, "about:blank",
], { stdio: "ignore" });
const quit = (code) => {
  chromium.once("exit", () => {
    rmSync(profile, { recursive: true, force: true });
    process.exit(code);
  });
  chromium.kill();
};

let targets;
for (let i = 0; i < 50 && !targets; i++) {
  await new Promise((r) => setTimeout(r, 200));
  targets = await fetch(`http://127.0.0.1:${port}/json`).then((r) => r.json(), () => null);
}
const socket = new WebSocket(targets.find((t) => t.type === "page").webSocketDebuggerUrl);
await new Promise((r) => (socket.onopen = r));
let lastId = 0;
const answers = new Map();
const events = [];
let traced;
const complete = new Promise((r) => (traced = r));
socket.onmessage = (message) => {
  const data = JSON.parse(message.data);
  if (answers.has(data.id)) answers.get(data.id)(data), answers.delete(data.id);
  else if (data.method === "Tracing.dataCollected") events.push(...data.params.value);
  else if (data.method === "Tracing.tracingComplete") traced();
};
const send = (method, params = {}) => new Promise((r) => {
  answers.set(++lastId, r);
  socket.send(JSON.stringify({ id: lastId, method, params }));
});

await send("Network.enable");
await send("Network.setCacheDisabled", { cacheDisabled: true });
await send("Emulation.setCPUThrottlingRate", { rate: Number(slowdown) });
await send("Tracing.start", {
  categories: "devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,v8.wasm,disabled-by-default-v8.compile",
  transferMode: "ReportEvents",
});
await send("Page.navigate", { url });
let app = null;
for (let i = 0; i < 300 && !app; i++) {
  await new Promise((r) => setTimeout(r, 100));
  const answer = await send("Runtime.evaluate", { expression: "document.documentElement.dataset.app", returnByValue: true });
  app = answer.result?.result?.value ?? null;
}
await new Promise((r) => setTimeout(r, 500));
await send("Tracing.end");
await complete;
if (!app) { console.error(`${url}: the app never set data-app`); quit(1); }

const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X");
const tasks = onMain.filter((e) => e.name === "RunTask").sort((a, b) => b.dur - a.dur);
const inside = (task) => onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
// The takeover: the task in which the wasm runs (and V8 compiles its
// functions as they are first called), the longest if there are several.
const takeover = tasks.find((t) => inside(t).some((e) => e.name.startsWith("wasm.")));
const total = {};
for (const e of inside(takeover)) total[e.name] = (total[e.name] ?? 0) + e.dur;
const ms = (us) => (us / 1000).toFixed(1);
console.log(`${url} (data-app="${app}", CPU ${slowdown}× slower)`);
console.log(`takeover's longest task: ${ms(takeover.dur)} ms, of which compiling wasm functions on their first call (wasm.CompileLazy) ${ms(total["wasm.CompileLazy"] ?? 0)} ms`);
// The takeover runs in several tasks (docs/rendering.md): each one the wasm ran in.
const wasmTasks = tasks.filter((t) => inside(t).some((e) => e.name.startsWith("wasm.") || e.name === "v8.callFunction"));
console.log(`the tasks that ran script, longest first: ${wasmTasks.slice(0, 10).map((t) => ms(t.dur)).join(", ")} ms`);
console.log(`longest tasks of the visit: ${tasks.slice(0, 4).map((t) => ms(t.dur)).join(", ")} ms`);
console.log("inside the takeover's task, by event (events nest, so the times overlap):");
for (const [name, dur] of Object.entries(total).sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${ms(dur).padStart(8)} ms  ${name}`);
}
quit(0);
