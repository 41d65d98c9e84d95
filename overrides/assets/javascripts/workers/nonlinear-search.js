/* Nonlinear: Material's search worker, with exact name matches first and notebooks last.
 *
 * Material's lunr index (tuned by nonlinear.site.search) ranks by words. It cannot tell that
 * "relu" *is* the name of the ReLU note and only the start of "ReLU-6": Material appends a
 * wildcard to every query word. This worker runs Material's own worker unchanged and sorts
 * the pages of each result into three tiers, keeping Material's order within a tier:
 *   1. pages whose title or alias equals the query ("name_keys" of their first entry);
 *   2. notes;
 *   3. notebook pages ("notebook" on their first entry), which illustrate the notes.
 * overrides/main.html passes Material's worker URL as ?material=. The message types are
 * Material's (SETUP 0, READY 1, QUERY 2, RESULT 3). */
(function () {
  "use strict";
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var names = new Map();  /* page location -> keys of its whole names ("name_keys") */
  var notebooks = new Set();  /* locations of notebook pages */
  var query = "";

  /* The same key as nonlinear.site.search.name_key: letters and digits, lower case. */
  function key(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  /* Registered before Material's listener, so it sees each message first. */
  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
      names = new Map();
      notebooks = new Set();
      message.data.docs.forEach(function (doc) {
        if (String(doc.location).indexOf("#") >= 0) { return; }
        if (Array.isArray(doc.name_keys)) { names.set(doc.location, doc.name_keys); }
        if (doc.notebook === true) { notebooks.add(doc.location); }
      });
    } else if (message.type === QUERY) {
      query = key(message.data);
    }
  });

  function tier(group) {
    var location = String(group[0] && group[0].location).split("#")[0];
    var keys = names.get(location);
    if (query && keys && keys.indexOf(query) >= 0) { return 0; }
    return notebooks.has(location) ? 2 : 1;
  }

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      var tiers = [[], [], []];
      message.data.items.forEach(function (group) { tiers[tier(group)].push(group); });
      message.data.items = tiers[0].concat(tiers[1], tiers[2]);
    }
    post(message);
  };

  importScripts(new URL(self.location.href).searchParams.get("material"));
})();
