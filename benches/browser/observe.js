// Installed before any script of the page (Page.addScriptToEvaluateOnNewDocument);
// benches/browser/main.rs reads the figures back from window.__bench.
(() => {
  const m = (window.__bench = { fcp: null, lcp: null, lcpTag: "", cls: 0, shifted: [], longest: 0, memory: null, nav: null });
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
  // apart and within 5 s, leaving out those just after an input.
  let burst = 0, first = 0, last = 0;
  observe("layout-shift", (e) => {
    if (e.hadRecentInput) return;
    if (burst && e.startTime - last < 1000 && e.startTime - first < 5000) burst += e.value;
    else (burst = e.value), (first = e.startTime);
    last = e.startTime;
    m.cls = Math.max(m.cls, burst);
    (e.sources || []).forEach((s) => {
      const node = s.node && s.node.nodeType === 1 ? s.node : null;
      const name = node ? node.tagName.toLowerCase() + (node.className ? "." + node.className.split(" ")[0] : "") : "?";
      if (!m.shifted.includes(name)) m.shifted.push(name);
    });
  });
  observe("longtask", (e) => {
    m.longest = Math.max(m.longest, e.duration);
  });
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
