/* Nonlinear: fill the access date of "Cite this page" with today's date.
   Runs on every page view, including Material's instant navigation (document$). */
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function fill() {
    var now = new Date();
    var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    // APA writes "Retrieved November 27, 2026, from …"; BibTeX urldate and plain text use ISO.
    var long = now.toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });
    var spans = document.querySelectorAll(".nl-accessed");
    for (var i = 0; i < spans.length; i++) {
      spans[i].textContent = spans[i].getAttribute("data-format") === "apa" ? long : iso;
    }
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(fill);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
/* Print: a handout carries its citation, so open the collapsed box before printing. */
/* Material's instant navigation makes internal hrefs absolute: mark them, so the print
   stylesheet prints the address of external links only. */
window.addEventListener("beforeprint", function () {
  var boxes = document.querySelectorAll("details.nl-cite");
  for (var i = 0; i < boxes.length; i++) { boxes[i].open = true; }
  var links = document.querySelectorAll(".md-content a[href]");
  for (var j = 0; j < links.length; j++) {
    if (links[j].origin === window.location.origin) {
      links[j].setAttribute("data-nl-internal", "");
    }
  }
});
/* Global graph: wheel to zoom, drag to pan (the SVG works without this). */
(function () {
  "use strict";
  function enable(box) {
    var svg = box.querySelector("svg");
    if (!svg || svg.getAttribute("data-nl-zoomable")) { return; }
    svg.setAttribute("data-nl-zoomable", "");
    var view = svg.getAttribute("viewBox").split(" ").map(Number);
    var full = view.slice();
    var drag = null;
    var moved = false;
    function apply() { svg.setAttribute("viewBox", view.join(" ")); }
    function toSvg(event) {
      var rect = svg.getBoundingClientRect();
      return [view[0] + (event.clientX - rect.left) / rect.width * view[2],
              view[1] + (event.clientY - rect.top) / rect.height * view[3]];
    }
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toSvg(event);
      var factor = event.deltaY > 0 ? 1.2 : 1 / 1.2;
      var width = Math.min(Math.max(view[2] * factor, full[2] / 20), full[2] * 2);
      var height = width * full[3] / full[2];
      view = [at[0] - (at[0] - view[0]) * width / view[2],
              at[1] - (at[1] - view[1]) * height / view[3], width, height];
      apply();
    }, { passive: false });
    svg.addEventListener("pointerdown", function (event) {
      /* On a phone the box scrolls natively (see reading.css): a finger scrolls, not pans. */
      if (event.pointerType === "touch" || box.scrollWidth > box.clientWidth) { return; }
      drag = [event.clientX, event.clientY, view[0], view[1]];
      moved = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      var rect = svg.getBoundingClientRect();
      var dx = event.clientX - drag[0];
      var dy = event.clientY - drag[1];
      if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; }
      view[0] = drag[2] - dx / rect.width * view[2];
      view[1] = drag[3] - dy / rect.height * view[3];
      apply();
    });
    window.addEventListener("pointerup", function () { drag = null; });
    /* A drag that ends on a node is a pan, not a visit. */
    svg.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); event.stopPropagation(); moved = false; }
    }, true);
    svg.addEventListener("dblclick", function () { view = full.slice(); apply(); });
    /* Opened from a local graph's "+K more" (graph/#nl-node-…): bring that note into view. */
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("nl-node-") !== 0) { id = pending || ""; }
    pending = null;
    var target = id.indexOf("nl-node-") === 0 ? document.getElementById(id) : null;
    var dot = target && svg.contains(target) ? target.querySelector("circle") : null;
    if (!dot) { return; }
    /* :target does not follow Material's instant navigation (history.pushState): mark it. */
    target.classList.add("nl-graph__node--target");
    if (box.scrollWidth > box.clientWidth) {
      target.scrollIntoView({ block: "center", inline: "center" });
      return;
    }
    var cx = Number(dot.getAttribute("cx"));
    var cy = Number(dot.getAttribute("cy"));
    var width = full[2] / 1.6;
    var height = full[3] / 1.6;
    view = [cx - width / 2, cy - height / 2, width, height];
    apply();
  }
  /* Material's instant navigation loads the graph page without a real navigation, and
     navigation.tracking may rewrite the hash before the page is shown: remember the note the
     reader clicked instead. */
  var pending = null;
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href*='#nl-node-']") : null;
    if (link) { pending = decodeURIComponent(link.getAttribute("href").split("#")[1]); }
  }, true);
  function init() {
    var boxes = document.querySelectorAll("[data-nl-zoom]");
    for (var i = 0; i < boxes.length; i++) { enable(boxes[i]); }
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
/* Local graph on a phone: its box scrolls sideways (reading.css); open it on the note. */
(function () {
  "use strict";
  function centre(event) {
    var details = event.target;
    if (!details.open || !details.classList || !details.classList.contains("nl-local-graph")) {
      return;
    }
    var box = details.querySelector(".nl-graph-box");
    if (box && box.scrollWidth > box.clientWidth) {
      box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
    }
  }
  /* "toggle" does not bubble: listen in the capture phase, once for every page. */
  document.addEventListener("toggle", centre, true);
})();
/* Layout, on every page view, once the math font is in, and when the width changes:
   - a display formula or a graph that scrolls sideways (see reading.css) can be focused and
     scrolled with the keyboard, and says so to assistive technology;
   - a square root ends where its bar ends. Chromium sizes <msqrt> by the widest variant of
     the radical glyph, which leaves up to 0.4em of empty space after a short root: the gap
     in "√(2/π) (x + …)". The space actually left is measured, so an engine without the
     quirk is left alone. */
(function () {
  "use strict";
  /* Regions that scroll sideways on a narrow screen: long display formulas, and the graphs
     (whose labels stay readable at phone width by scrolling instead of shrinking). */
  var SCROLLERS = [
    [".math-block", "Formula, scrolls sideways"],
    [".nl-graph-box", "Graph, scrolls sideways"]
  ];
  function scrollers() {
    for (var s = 0; s < SCROLLERS.length; s++) {
      var blocks = document.querySelectorAll(SCROLLERS[s][0]);
      for (var i = 0; i < blocks.length; i++) {
        var block = blocks[i];
        var scrolls = block.scrollWidth > block.clientWidth + 1;
        if (scrolls && !block.hasAttribute("tabindex")) {
          block.setAttribute("tabindex", "0");
          block.setAttribute("role", "group");
          block.setAttribute("aria-label", SCROLLERS[s][1]);
          block.setAttribute("data-nl-scroller", "");
        } else if (!scrolls && block.hasAttribute("data-nl-scroller")) {
          block.removeAttribute("tabindex");
          block.removeAttribute("role");
          block.removeAttribute("aria-label");
          block.removeAttribute("data-nl-scroller");
        }
      }
    }
  }
  function radicals() {
    var roots = document.querySelectorAll("msqrt");
    var i;
    for (i = 0; i < roots.length; i++) { roots[i].style.marginInlineEnd = ""; }
    for (i = 0; i < roots.length; i++) {
      var root = roots[i];
      var end = -Infinity;
      for (var k = 0; k < root.children.length; k++) {
        end = Math.max(end, root.children[k].getBoundingClientRect().right);
      }
      var size = parseFloat(window.getComputedStyle(root).fontSize) || 16;
      var gap = root.getBoundingClientRect().right - end;
      if (isFinite(gap) && gap > 0.05 * size) {
        root.style.marginInlineEnd = (-gap / size).toFixed(3) + "em";
      }
    }
  }
  function layout() { radicals(); scrollers(); }
  var pending = null;
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(layout);  /* the math font changes the formulas' widths */
  }
  function later() {
    if (pending) { window.cancelAnimationFrame(pending); }
    pending = window.requestAnimationFrame(scrollers);
  }
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);  /* a local graph opened */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(layout);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", layout);
  } else {
    layout();
  }
})();
