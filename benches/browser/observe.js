// Installed before any script of the page (Page.addScriptToEvaluateOnNewDocument);
// benches/browser/run.rs reads the figures back from window.__bench.
(() => {
  const m = (window.__bench = {
    fcp: null,
    lcp: null,
    lcpTag: "",
    cls: 0,
    shifts: [],
    shifted: [],
    tasks: [],
    longest: 0,
    app: null,
    form: null,
    memory: null,
    nav: null,
  });
  const observe = (type, each) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(each)).observe({ type, buffered: true });
    } catch (e) {}
  };
  observe("paint", (e) => {
    if (e.name === "first-contentful-paint") m.fcp = e.startTime;
  });
  observe("largest-contentful-paint", (e) => {
    m.lcp = e.startTime;
    m.lcpTag = e.element ? e.element.tagName.toLowerCase() : "";
  });
  // CLS as Web Vitals counts it: the largest burst of shifts less than 1 s
  // apart and within 5 s, leaving out those just after an input. Each shift
  // is kept too ([start, value, what moved]), for the shift up to the
  // takeover. What moved: tag.class#id of the element (a text's parent),
  // "(gone)" for a node no longer in the page.
  let burst = 0, first = 0, last = 0;
  const named = (node) => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    if (!el) return "(gone)";
    const cls = typeof el.className === "string" && el.className ? "." + el.className.split(" ")[0] : "";
    return el.tagName.toLowerCase() + cls + (el.id ? "#" + el.id : "");
  };
  observe("layout-shift", (e) => {
    if (e.hadRecentInput) return;
    const moved = (e.sources || []).map((s) => named(s.node));
    m.shifts.push([e.startTime, e.value, moved.join(" ")]);
    if (burst && e.startTime - last < 1000 && e.startTime - first < 5000) burst += e.value;
    else (burst = e.value), (first = e.startTime);
    last = e.startTime;
    m.cls = Math.max(m.cls, burst);
    moved.forEach((name) => {
      if (!m.shifted.includes(name)) m.shifted.push(name);
    });
  });
  // Tasks over 50 ms: every one ([start, duration]), and the longest since
  // the last `arm`.
  observe("longtask", (e) => {
    m.tasks.push([e.startTime, e.duration]);
    m.longest = Math.max(m.longest, e.duration);
  });
  // When the app has started: src/lib.rs sets <html data-app> ("took-over"
  // or "drew") once it has hydrated or drawn the page, in the same task.
  // Observed from the document itself: <html> may not exist yet.
  const started = new MutationObserver(() => {
    const state = document.documentElement && document.documentElement.getAttribute("data-app");
    if (!state) return;
    m.app = { state, at: performance.now() };
    started.disconnect();
  });
  started.observe(document, { subtree: true, attributes: true, attributeFilter: ["data-app"] });
  // Trunk's loader announces the instance: its memory is the wasm heap.
  addEventListener("TrunkApplicationStarted", (e) => {
    m.memory = e.detail.wasm.memory;
  });

  // Requests so far: path, who asked (link = a preload), start, end, bytes.
  m.requests = () =>
    [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")].map((e) => ({
      path: new URL(e.name).pathname,
      initiator: e.initiatorType,
      start: e.startTime,
      end: e.responseEnd,
      bytes: e.transferSize,
    }));

  // Types into the comment form from the moment it is in the page, as an
  // impatient reader would: every 50 ms one more character in #comment and
  // an `input` event, until the character count (#comment-count) first shows
  // anything else than what the page was rendered with. `typed` is the first
  // keystroke, `responded` the first change of the count (ms from navigation
  // start), seen by a MutationObserver, so not rounded to the 50 ms.
  m.typeFromStart = () => {
    const form = (m.form = { typed: null, responded: null, before: null });
    const timer = setInterval(() => {
      const box = document.getElementById("comment");
      const count = document.getElementById("comment-count");
      if (!box || !count) return;
      if (form.before === null) {
        form.before = count.textContent;
        form.typed = performance.now();
        new MutationObserver((_, watcher) => {
          const now = document.getElementById("comment-count");
          if (!now || now.textContent === form.before) return;
          form.responded = performance.now();
          watcher.disconnect();
          clearInterval(timer);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      }
      box.value += "a";
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }, 50);
  };

  // Whether the view is there: every [css, text of the first match or "",
  // at least this many matches] holds.
  m.holds = (conditions) =>
    conditions.every(([css, text, count]) => {
      const found = document.querySelectorAll(css);
      return found.length >= count && (!text || found[0].textContent.trim() === text);
    });

  // The next click starts an in-app navigation, done at the end of the first
  // frame (requestAnimationFrame, then a task) in which `conditions` hold.
  m.arm = (conditions) => {
    m.nav = null;
    m.longest = 0;
    const ready = () => m.holds(conditions);
    addEventListener(
      "click",
      (click) => {
        const check = () => {
          if (!ready()) return;
          watcher.disconnect();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => (m.nav = { click: click.timeStamp, painted: performance.now() });
            channel.port2.postMessage(0);
          });
        };
        const watcher = new MutationObserver(check);
        watcher.observe(document.body, { childList: true, subtree: true, characterData: true });
      },
      { capture: true, once: true }
    );
  };
})();
