// What the page adds with a script; without it every operation, schema and sample stays readable.
// The filter, the contents menu of narrow screens, the current-section mark, copy buttons,
// fields copied in from their schema when opened, and the samples pointed at the mock that
// serves the page.
(function () {
  "use strict";
  var root = document.documentElement;
  root.className = root.className.replace("nojs", "js");
  var all = function (selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  };
  var sidebar = document.getElementById("sidebar");
  var menu = sidebar.querySelector(".menu");
  var form = sidebar.querySelector("form.search");
  var box = document.getElementById("search");
  var status = document.getElementById("search-status");
  var items = all("main [data-search]");
  var entries = {};
  all("li[data-item]").forEach(function (li) { entries[li.getAttribute("data-item")] = li; });
  var groups = all("[data-group]");
  form.hidden = false;

  function count(n, total, word) {
    return n + " of " + total + " " + word + (total === 1 ? "" : "s");
  }

  function filter() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = { op: 0, schema: 0, response: 0 };
    var total = { op: 0, schema: 0, response: 0 };
    items.forEach(function (item) {
      var text = item.getAttribute("data-search");
      var hit = terms.every(function (t) { return text.indexOf(t) !== -1; });
      var kind = item.classList.contains("op") ? "op" : item.id.indexOf("schema-") === 0 ? "schema" : "response";
      item.hidden = !hit;
      if (entries[item.id]) { entries[item.id].hidden = !hit; }
      total[kind] += 1;
      if (hit) { shown[kind] += 1; }
    });
    // a heading whose entries are all filtered out goes with them
    groups.forEach(function (group) {
      group.hidden = terms.length > 0 && group.querySelector("[data-search]:not([hidden]), li[data-item]:not([hidden])") === null;
    });
    var parts = [count(shown.op, total.op, "operation")];
    if (total.schema) { parts.push(count(shown.schema, total.schema, "schema")); }
    if (total.response) { parts.push(count(shown.response, total.response, "shared response")); }
    status.textContent = terms.length ? parts.join(", ") + " match" : "";
  }

  box.addEventListener("input", filter);
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== box) {
      event.preventDefault();
      box.focus();
    }
  });

  function toggleMenu(open) {
    sidebar.classList.toggle("open", open);
    menu.setAttribute("aria-expanded", String(open));
  }
  menu.addEventListener("click", function () { toggleMenu(!sidebar.classList.contains("open")); });
  sidebar.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".toc a")) { toggleMenu(false); }
  });

  // a copy button on every code block
  function frame(pre) {
    var box = document.createElement("div");
    box.className = "code";
    pre.parentNode.insertBefore(box, pre);
    box.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    box.appendChild(button);
  }
  all("pre").forEach(frame);

  // what the page shows once (a component's fields, an example many operations share) is
  // copied in the first time it is opened elsewhere
  function copyOnOpen(attribute, selector) {
    all("details[" + attribute + "]").forEach(function (details) {
      details.addEventListener("toggle", function () {
        var note = details.querySelector(":scope > p.note");
        var shown = document.querySelector(details.getAttribute(attribute) + selector);
        if (details.open && note && shown) {
          var copy = shown.cloneNode(true);
          note.replaceWith(copy);
          if (copy.tagName === "PRE") { frame(copy); }
        }
      });
    });
  }
  copyOnOpen("data-fields", " table.fields");
  copyOnOpen("data-example", " pre");

  // a link to something inside a closed <details> opens it
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return; }
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    var body = target.querySelector(":scope > details.schema-body");
    if (body && !body.open) { body.open = true; opened = true; }
    if (opened) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);

  // served by a mock (it says so in a <meta>): the samples call that mock, not the real hosts
  var mock = document.querySelector('meta[name="soundspec-mock-base"]');
  if (mock && /^https?:$/.test(location.protocol)) {
    var base = location.origin + mock.getAttribute("content");
    var servers = JSON.parse(document.body.getAttribute("data-servers")).map(function (server) {
      return server.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
    var hosts = new RegExp(servers.join("|"), "g");
    var cls = document.body.getAttribute("data-client");
    all("code.sample, code.server").forEach(function (code) {
      var text = code.textContent;
      text = text.replace(hosts, function () { return base; });
      if (code.getAttribute("data-lang") === "python") {
        text = text.split(cls + "(").map(function (part, i) {
          if (i === 0) { return part; }
          return 'base_url="' + base + '"' + (part.charAt(0) === ")" ? "" : ", ") + part;
        }).join(cls + "(");
      }
      code.textContent = text;
    });
    var note = document.getElementById("mock-note");
    note.querySelector("code").textContent = base;
    note.hidden = false;
  }

  function copied(button, ok) {
    button.textContent = ok ? "Copied" : "Press Ctrl+C";
    window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy");
    if (!button) { return; }
    var text = button.parentNode.querySelector("pre").textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(button, true); }, function () { copied(button, fallback(text)); });
    } else {
      copied(button, fallback(text));
    }
  });
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  // the current section, marked in the contents while the page scrolls
  if ("IntersectionObserver" in window) {
    var links = {};
    all(".toc li[data-item] > a").forEach(function (a) { links[a.parentNode.getAttribute("data-item")] = a; });
    var visible = {};
    var current = null;
    var mark = function () {
      var best = null;
      Object.keys(visible).forEach(function (id) {
        if (best === null || visible[id] < visible[best]) { best = id; }
      });
      if (best === current || best === null) { return; }
      if (current && links[current]) { links[current].removeAttribute("aria-current"); }
      current = best;
      var link = links[current];
      link.setAttribute("aria-current", "location");
      var list = sidebar.querySelector(".toc");
      var top = link.offsetTop - list.offsetTop;
      var pane = getComputedStyle(sidebar).overflowY === "auto" ? sidebar : list;
      if (top < pane.scrollTop || top > pane.scrollTop + pane.clientHeight - 40) {
        pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
      }
    };
    var observer = new IntersectionObserver(function (seen) {
      seen.forEach(function (entry) {
        if (entry.isIntersecting) { visible[entry.target.id] = entry.target.offsetTop; } else { delete visible[entry.target.id]; }
      });
      mark();
    }, { rootMargin: "0px 0px -60% 0px" });
    items.forEach(function (item) { if (links[item.id]) { observer.observe(item); } });
  }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    box.value = query;
    filter();
  }
  reveal();
})();
