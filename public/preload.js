// Starts downloading the content the first view needs at once, beside the
// wasm, instead of after the wasm has loaded and started (docs/performance.md).
// The routes are those of src/lib.rs, the files those of model/src/paths.rs.
(function () {
  var base = new URL(document.baseURI).pathname;
  var path = location.pathname + "/" === base ? base : location.pathname;
  if (path.indexOf(base) !== 0) return;
  var parts = path.slice(base.length).split("/").filter(Boolean);
  var slug = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  if (!parts.every(function (p) { return slug.test(p); })) return;
  var files = ["content/site.json"];
  if (parts.length === 0) files.push("content/front.json");
  if (parts.length === 1) {
    var page = /[?&]page=([0-9]+)(&|$)/.exec(location.search);
    var n = page ? parseInt(page[1], 10) : 1;
    files.push("content/sections/" + parts[0] + "/" + (n >= 1 ? n : 1) + ".json");
  }
  if (parts.length === 2) files.push("content/articles/" + parts[0] + "/" + parts[1] + ".json");
  // Relative, so under <base href>; `crossorigin` as the app's fetch() asks.
  files.forEach(function (file) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = file;
    document.head.appendChild(link);
  });
})();
