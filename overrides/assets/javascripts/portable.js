/* Nonlinear: instant navigation and link previews wherever a copy of the site is served.

   Material's bundle acts on a link only when its address is listed in sitemap.xml. MkDocs
   writes that file with absolute addresses built from `site_url` (the published site), and
   Material adapts only their scheme and host name to the page, not the port or the path.
   So on a copy served anywhere else (`python -m http.server 8080`, a course folder on a
   school server) every link fails the check: hover previews and instant loading silently do
   nothing.

   This script runs in <head>, before the bundle. When the page is not served from the
   published address, it rewrites the published prefix of every address in the sitemap to the
   copy's own root, as the bundle reads the file (DOMParser, "text/xml", <urlset>). The file
   itself and every other document are left alone; at the published address nothing changes.

   Opened straight from disk (file://), a copy cannot work: pages are folders, and browsers
   refuse the requests that search and previews make. The page then says so, and how to
   serve the copy, instead of failing silently. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__nonlinearPortable) { return; }
  window.__nonlinearPortable = true;

  if (window.location.protocol === "file:") {
    document.addEventListener("DOMContentLoaded", function () {
      var main = document.querySelector(".md-content .md-typeset") || document.body;
      var note = document.createElement("div");
      note.className = "admonition warning nl-file-copy";  // styled by Material
      note.setAttribute("role", "note");
      note.innerHTML =
        "<p class=\"admonition-title\">This copy is opened from disk</p>" +
        "<p>Links between pages, search and previews cannot work from files. Serve the " +
        "copy instead: in a terminal, in its top folder (the one with <code>sitemap.xml</code>), " +
        "run " +
        "<code>python3 -m http.server 8000</code> and open " +
        "<a href=\"http://localhost:8000/\">http://localhost:8000/</a>.</p>";
      main.insertBefore(note, main.firstChild);
    });
    return;
  }

  // The copy's root: this script is <root>/assets/javascripts/portable.js.
  var here = new URL("../../", script.src).href;
  // The published root (`site_url`); without one, MkDocs writes root-relative paths.
  var published = script.getAttribute("data-site-url") || "/";
  if (published === here) { return; }

  function rebase(address) {
    var text = address.trim();
    if (text.indexOf(published) !== 0) { return null; }
    return here + text.slice(published.length);
  }

  function rewrite(doc) {
    var locs = doc.getElementsByTagNameNS("*", "loc");
    for (var i = 0; i < locs.length; i++) {
      var loc = rebase(locs[i].textContent || "");
      if (loc !== null) { locs[i].textContent = loc; }
    }
    // Alternate-language links of a multilingual site (<xhtml:link rel="alternate" href>).
    var links = doc.getElementsByTagNameNS("*", "link");
    for (var j = 0; j < links.length; j++) {
      var href = rebase(links[j].getAttribute("href") || "");
      if (href !== null) { links[j].setAttribute("href", href); }
    }
  }

  var parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    var doc = parse.call(this, text, type);
    var root = doc && doc.documentElement;
    if (type === "text/xml" && root && root.localName === "urlset") { rewrite(doc); }
    return doc;
  };
})();
