// Filters the operations by the words typed; without this script every operation stays listed.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var box = document.getElementById("search");
  var status = document.getElementById("search-status");
  var ops = Array.prototype.slice.call(document.querySelectorAll("article.op"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-tag]"));
  form.hidden = false;

  function apply() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    ops.forEach(function (op) {
      var text = op.getAttribute("data-search");
      var hit = terms.every(function (t) { return text.indexOf(t) !== -1; });
      op.hidden = !hit;
      document.querySelector('li[data-op="' + op.id + '"]').hidden = !hit;
      if (hit) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = group.querySelector("[data-op]:not([hidden])") === null;
    });
    status.textContent = terms.length ? shown + " of " + ops.length + " operations match" : "";
  }

  box.addEventListener("input", apply);
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== box) {
      event.preventDefault();
      box.focus();
    }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    box.value = query;
    apply();
  }
})();
