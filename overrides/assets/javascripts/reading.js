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
