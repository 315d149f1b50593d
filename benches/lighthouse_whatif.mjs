// What Lighthouse's simulated LCP would be if a request were smaller, larger
// or gone (docs/performance.md, "What Lighthouse's simulation counts"):
// re-audits a page from artifacts saved once, with the DevTools log edited,
// so each answer is the simulation's own, with no browser run between
// (the same artifacts always give the same figure).
//
//   L=target/lighthouse/node_modules/.bin/lighthouse
//   CHROME_PATH=/usr/bin/chromium FONTCONFIG_FILE=tests/fonts.conf $L URL -G=target/whatif/home \
//     --only-categories=performance --chrome-flags="--headless=new --no-sandbox --disable-gpu"
//   node benches/lighthouse_whatif.mjs target/whatif/home woff2=17000 boot-=drop
//
// Each edit is `part-of-the-URL=bytes` (the response's transfer size) or
// `part-of-the-URL=drop` (the request removed). With no edits, the saved
// artifacts as they are. Prints the simulated FCP and LCP.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [saved, ...edits] = process.argv.slice(2);
if (!saved) {
  console.error("usage: node benches/lighthouse_whatif.mjs ARTIFACTS_DIR [url-part=bytes|drop ...]");
  process.exit(2);
}
const lighthouse = process.env.LIGHTHOUSE ?? "target/lighthouse/node_modules/.bin/lighthouse";
const work = mkdtempSync(join(tmpdir(), "lighthouse-whatif-"));
try {
  cpSync(saved, work, { recursive: true });
  const logFile = join(work, "defaultPass.devtoolslog.json");
  const log = JSON.parse(readFileSync(logFile, "utf8"));
  const urls = new Map();
  for (const event of log) {
    if (event.method === "Network.requestWillBeSent") {
      urls.set(event.params.requestId, event.params.request.url);
    }
  }
  const dropped = new Set();
  for (const edit of edits) {
    const [part, value] = edit.split("=");
    const ids = [...urls].filter(([, url]) => url.includes(part)).map(([id]) => id);
    if (!ids.length || value === undefined) {
      console.error(`${edit}: no request's URL contains "${part}" (or no "=")`);
      process.exit(2);
    }
    for (const id of ids) {
      if (value === "drop") {
        dropped.add(id);
        continue;
      }
      for (const event of log) {
        if (event.method === "Network.loadingFinished" && event.params.requestId === id) {
          event.params.encodedDataLength = Number(value);
        }
      }
    }
  }
  const kept = log.filter((event) => !dropped.has(event.params?.requestId));
  writeFileSync(logFile, JSON.stringify(kept));
  const report = join(work, "report.json");
  const run = spawnSync(lighthouse, [
    `-A=${work}`, "--only-categories=performance", "--output=json", `--output-path=${report}`, "--quiet",
  ], { stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) {
    console.error(`lighthouse exited with ${run.status}`);
    process.exit(1);
  }
  const audits = JSON.parse(readFileSync(report, "utf8")).audits;
  const ms = (id) => Math.round(audits[id].numericValue);
  console.log(`FCP ${ms("first-contentful-paint")} ms, LCP ${ms("largest-contentful-paint")} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
