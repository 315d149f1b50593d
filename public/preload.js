// Starts downloading content before the app asks for it (docs/performance.md):
// the first view's files at once, beside the wasm, unless the page carries
// them (a page rendered at build time, docs/rendering.md, loaded with
// `defer` so it runs once the page is parsed); and the next view's file as soon as the reader
// heads for a link (a pointer resting on it, a touch, keyboard focus), so it
// is in by the click. The app's fetch() then uses the preloaded answer.
// The routes are those of model/src/routes.rs, the files those of model/src/paths.rs.
(function () {
  var base = new URL(document.baseURI).pathname;

  // The search module (search/client/, docs/search.md), imported the first
  // time the app asks (the reader focuses the search box, or opens the
  // search page) and asked to `attach` to the box or the page. Here, in a
  // script every page runs anyway, rather than in the app's own JS, whose
  // imports would all be fetched before the app starts.
  var searching = null;
  window.broadsheetOpenSearch = function (basePath, what) {
    if (!searching) {
      var dir = basePath + "/search/client/";
      searching = import(dir + "broadsheet_search_client.js").then(function (m) {
        return m.default({ module_or_path: dir + "broadsheet_search_client_bg.wasm" }).then(function () {
          return m;
        });
      });
      // A failed load is tried again by the next search.
      searching.catch(function () { searching = null; });
    }
    searching.then(function (m) { m.attach(basePath, what); }, function () {
      // The search page's own message, there and hidden.
      var note = document.getElementById("search-unavailable");
      if (note) note.hidden = false;
    });
  };
  var slug = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  // The content file of the view at `url` (a Location or a link), if any.
  function viewFile(url) {
    var path = url.pathname + "/" === base ? base : url.pathname;
    if (url.origin !== location.origin || path.indexOf(base) !== 0) return null;
    var parts = path.slice(base.length).split("/").filter(Boolean);
    if (!parts.every(function (p) { return slug.test(p); })) return null;
    // The search page loads no content file of its own.
    if (parts[0] === "search") return null;
    if (parts.length === 0) return "content/front.json";
    // Tag and author pages: /tag/<slug>/ and /author/<slug>/page/N/.
    var archive = { tag: "tags", author: "authors" }[parts[0]];
    if (archive) {
      var n = parts.length === 2 ? 1 : parts.length === 4 && parts[2] === "page" ? parseInt(parts[3], 10) : 0;
      return n >= 1 ? "content/" + archive + "/" + parts[1] + "/" + n + ".json" : null;
    }
    if (parts.length === 1) {
      var page = /[?&]page=([0-9]+)(&|$)/.exec(url.search);
      var n = page ? parseInt(page[1], 10) : 1;
      return "content/sections/" + parts[0] + "/" + (n >= 1 ? n : 1) + ".json";
    }
    if (parts.length === 2) return "content/articles/" + parts[0] + "/" + parts[1] + ".json";
    if (parts.length === 3 && parts[1] === "page" && /^[0-9]+$/.test(parts[2])) {
      return "content/sections/" + parts[0] + "/" + Math.max(1, parseInt(parts[2], 10)) + ".json";
    }
    return null;
  }

  // Once per file: not again if it was preloaded or fetched before.
  var asked = {};
  function preload(file) {
    if (!file || asked[file]) return;
    asked[file] = true;
    if (performance.getEntriesByName(new URL(file, document.baseURI).href).length) return;
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    // `crossorigin` as the app's fetch() asks; relative, so under <base href>.
    link.crossOrigin = "anonymous";
    link.href = file;
    document.head.appendChild(link);
  }

  if (!document.body || !document.body.hasAttribute("data-route")) {
    preload("content/site.json");
    preload(viewFile(location));
  }

  function linkOf(event) {
    var a = event.target.closest ? event.target.closest("a[href]") : null;
    return a && !a.target && !a.hasAttribute("download") ? a : null;
  }
  // A pointer only passing over a link does not count: it must rest there
  // a moment (65 ms, as instant.page does), so sweeping across a page of
  // links fetches nothing.
  var resting = null;
  document.addEventListener("pointerover", function (event) {
    var a = linkOf(event);
    if (!a || event.pointerType === "touch") return;
    clearTimeout(resting);
    resting = setTimeout(function () { preload(viewFile(a)); }, 65);
  }, true);
  // Leaving, or pressing: a press is followed by the click, whose fetch must
  // not be doubled by a preload issued after it (focus, below, comes first).
  ["pointerout", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function () { clearTimeout(resting); }, true);
  });
  ["touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var a = linkOf(event);
      if (a) preload(viewFile(a));
    }, { capture: true, passive: true });
  });

  // The first date a page formats loads the browser's locale and time zone
  // data, some 15 ms of main thread (60 at the bench's 4x CPU): the longest
  // single step of the app's takeover (docs/performance.md). Done here, in a
  // task of its own while the wasm downloads, with the site's language and
  // zone and the date bar's fields (src/dates.rs), the app finds it loaded.
  setTimeout(function () {
    try {
      var carried = document.querySelector("script[data-file='content/site.json']");
      var site = carried ? JSON.parse(carried.textContent) : {};
      new Intl.DateTimeFormat(site.locale, {
        weekday: "long", year: "numeric", month: "long", day: "numeric", timeZone: site.time_zone
      }).format(0);
    } catch (e) {}
  }, 0);
})();
