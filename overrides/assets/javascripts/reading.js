/* Nonlinear: fill the access date of "Cite this page" with today's date.
   Runs on every page view, including Material's instant navigation (document$). */
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function fill() {
    var now = new Date();
    var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var long = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
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
window.addEventListener("beforeprint", function () {
  var boxes = document.querySelectorAll("details.nl-cite");
  for (var i = 0; i < boxes.length; i++) { boxes[i].open = true; }
});
