// The reader's colour scheme, before the first paint (see src/theme.rs).
try {
  var t = localStorage.getItem("broadsheet:theme");
  if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
} catch (e) {}
