// scour report: renders the run from the JSON blocks of this file.
// Safety rule: everything that comes from a scraped page is put into the
// DOM with textContent (via el/txt), never as markup; bidi controls are
// shown as visible marks inside isolating elements; only http(s) URLs
// become links.
"use strict";
(function () {
  var D = JSON.parse(document.getElementById("scour-index").textContent);
  var P = D.pages, N = P.id.length;
  var STATUS = ["canonical", "duplicate", "empty", "error"];
  var PAGE_SIZE = 100, LIST_SIZE = 40;
  var BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

  function hex(c) { return "U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"); }
  // A node for page text: bidi controls become visible marks, the rest is text.
  function txt(s) {
    s = s == null ? "" : String(s);
    var span = document.createElement("span");
    span.className = "u";
    BIDI.lastIndex = 0;
    if (!BIDI.test(s)) { span.textContent = s; return span; }
    var last = 0; BIDI.lastIndex = 0; var m;
    while ((m = BIDI.exec(s)) !== null) {
      if (m.index > last) span.appendChild(document.createTextNode(s.slice(last, m.index)));
      var mark = document.createElement("span");
      mark.className = "bidi";
      mark.textContent = "<" + hex(m[0]) + ">";
      span.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < s.length) span.appendChild(document.createTextNode(s.slice(last)));
    return span;
  }
  // el(tag, {class, ...}, children...): strings become text nodes (report's own
  // labels); page data must go through txt().
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "class") e.className = attrs[k];
      else if (k === "on") for (var ev in attrs.on) e.addEventListener(ev, attrs.on[ev]);
      else e.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function fmt(x) { return typeof x === "number" ? (Math.round(x * 1000) / 1000).toFixed(3) : ""; }
  function title(i) { return P.title[i] || "(no title)"; }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u) ? u : null; }

  // ---------- per-page details, parsed on demand from the chunks ----------
  var chunks = {};
  function detail(i, cb) {
    var k = Math.floor(i / D.chunk);
    if (!chunks[k]) {
      var node = document.getElementById("scour-chunk-" + k);
      if (!node) {
        // Still being parsed (a large report): try again once it is all read.
        if (document.readyState === "loading") {
          document.addEventListener("DOMContentLoaded", function () { detail(i, cb); });
          return false;
        }
        cb({ text: "", removed: [], missing: true }); return true;
      }
      chunks[k] = JSON.parse(node.textContent);
    }
    var c = chunks[k], p = c.p[i - k * D.chunk], rm = [];
    for (var j = 0; j < p[1].length; j += 2) rm.push([c.s[p[1][j]], c.r[p[1][j + 1]]]);
    cb({ text: p[0], removed: rm });
    return true;
  }

  // ---------- state in the URL hash, so that a view can be linked ----------
  var S = { tab: "summary", q: "", status: "", sort: "id", dir: "asc", p: 0, eq: "", esort: "size", multi: "1", ep: 0, gq: "", gsort: "size", gp: 0, page: "", cmp: "" };
  function readHash() {
    var h = location.hash.replace(/^#/, "");
    h.split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("="), k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      var v = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " "));
      if (Object.prototype.hasOwnProperty.call(S, k)) S[k] = /^(p|ep|gp)$/.test(k) ? (parseInt(v, 10) || 0) : v;
    });
  }
  function writeHash() {
    var parts = [];
    for (var k in S) if (S[k] !== "" && S[k] !== 0) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(S[k]));
    try { history.replaceState(null, "", "#" + parts.join("&")); } catch (e) { /* file:// in some browsers */ }
  }

  // ---------- layout ----------
  var tabs = [["summary", "Summary"], ["events", "Events"], ["dups", "Duplicate groups"], ["pages", "Pages"]];
  var nav = el("nav", { role: "tablist" });
  var sections = {};
  var main = el("main");
  tabs.forEach(function (t) {
    nav.appendChild(el("button", { role: "tab", id: "tab-" + t[0], on: { click: function () { show(t[0]); } } }, t[1]));
    sections[t[0]] = main.appendChild(el("section", { id: "sec-" + t[0], hidden: "" }));
  });
  document.body.appendChild(el("header", null, el("h1", null, "scour report"),
    el("span", { class: "muted" }, D.totals.pages + " pages"), nav));
  document.body.appendChild(main);
  var panel = document.body.appendChild(el("aside", { id: "detail", hidden: "" }));
  var rendered = {};
  function show(tab) {
    S.tab = tab;
    tabs.forEach(function (t) {
      document.getElementById("tab-" + t[0]).setAttribute("aria-selected", t[0] === tab ? "true" : "false");
      if (t[0] === tab) sections[t[0]].removeAttribute("hidden"); else sections[t[0]].setAttribute("hidden", "");
    });
    if (!rendered[tab]) { rendered[tab] = true; RENDER[tab](); }
    writeHash();
  }

  // ---------- summary ----------
  function summary() {
    var sec = sections.summary, t = D.totals;
    var cards = [["pages", "pages read"], ["canonical", "canonical documents"], ["duplicates", "duplicates"],
      ["duplicate_groups", "duplicate groups"], ["events", "events"], ["multi_document_events", "multi-document events"],
      ["empty", "empty pages"], ["errors", "error pages"], ["skipped_files", "files skipped"], ["removed_blocks", "blocks removed"]];
    sec.appendChild(el("h2", null, "Run summary"));
    var box = sec.appendChild(el("div", { class: "cards", id: "totals" }));
    cards.forEach(function (c) { box.appendChild(el("div", { class: "card", "data-key": c[0] }, el("b", null, String(t[c[0]])), el("span", null, c[1]))); });

    sec.appendChild(el("h2", null, "Empty and error pages, by reason"));
    var reasons = {};
    for (var i = 0; i < N; i++) if (P.status[i] >= 2) {
      var r = STATUS[P.status[i]] + ": " + String(P.reason[i] || "no reason given").split(";")[0];
      reasons[r] = (reasons[r] || 0) + 1;
    }
    var rk = Object.keys(reasons).sort(function (a, b) { return reasons[b] - reasons[a] || (a < b ? -1 : 1); });
    if (!rk.length) sec.appendChild(el("p", { class: "muted" }, "None: every page gave a document."));
    else {
      var tb = el("tbody");
      rk.slice(0, 50).forEach(function (r) { tb.appendChild(el("tr", null, el("td", null, txt(r)), el("td", { class: "num" }, String(reasons[r])))); });
      sec.appendChild(el("table", { id: "reasons" }, el("thead", null, el("tr", null, el("th", null, "status: reason"), el("th", { class: "num" }, "pages"))), tb));
      var bad = el("tbody"), shown = 0, total = 0;
      for (var b = 0; b < N; b++) if (P.status[b] >= 2) {
        total++;
        if (shown++ < 100) bad.appendChild(el("tr", { "data-page": String(b) }, el("td", null, pageLink(b)), el("td", null, badge(P.status[b])), el("td", null, txt(P.source[b])), el("td", null, txt(P.reason[b] || ""))));
      }
      sec.appendChild(el("table", { id: "bad-pages" }, el("thead", null, el("tr", null, el("th", null, "page"), el("th", null, "status"), el("th", null, "source"), el("th", null, "reason"))), bad));
      sec.appendChild(el("p", null, total > 100 ? "The first 100 of " + total + " are listed. " : "", el("button", { class: "linkish", on: { click: function () { S.status = "empty,error"; S.p = 0; rendered.pages = false; clear(sections.pages); show("pages"); } } }, "List the empty and error pages in Pages")));
    }

    sec.appendChild(el("h2", null, "What boilerplate removal cut, by rule"));
    if (!D.removedAudit) sec.appendChild(el("p", { class: "note" }, "removed.jsonl was not written for this run ([output] removed = false): no audit of removed blocks."));
    if (D.rules.length) {
      var rb = el("tbody");
      D.rules.forEach(function (r) { rb.appendChild(el("tr", null, el("td", null, txt(r[0])), el("td", { class: "num" }, String(r[1])))); });
      sec.appendChild(el("table", { id: "rules" }, el("thead", null, el("tr", null, el("th", null, "rule"), el("th", { class: "num" }, "blocks"))), rb));
    }
    if (D.skipped.length) {
      sec.appendChild(el("h2", null, "Files skipped (" + D.skipped.length + ")"));
      var sb = el("tbody");
      D.skipped.slice(0, 500).forEach(function (s) { sb.appendChild(el("tr", null, el("td", { class: "id" }, txt(s.path)), el("td", null, txt(s.reason)))); });
      sec.appendChild(el("table", null, sb));
      if (D.skipped.length > 500) sec.appendChild(el("p", { class: "muted" }, "and " + (D.skipped.length - 500) + " more in report.json"));
    }
  }

  // ---------- shared pieces ----------
  function pager(total, size, cur, go) {
    var pages = Math.max(1, Math.ceil(total / size));
    cur = Math.min(cur, pages - 1);
    return el("div", { class: "pager" },
      el("button", { on: { click: function () { go(0); } } }, "\u00AB"),
      el("button", { on: { click: function () { go(Math.max(0, cur - 1)); } } }, "\u2039 prev"),
      el("span", { class: "pageno" }, "page " + (cur + 1) + " of " + pages + " (" + total + ")"),
      el("button", { on: { click: function () { go(Math.min(pages - 1, cur + 1)); } } }, "next \u203A"),
      el("button", { on: { click: function () { go(pages - 1); } } }, "\u00BB"));
  }
  function pageLink(i) {
    return el("button", { class: "linkish id", "data-page": String(i), on: { click: function () { openPage(i); } } }, txt(P.id[i]));
  }
  function badge(s) { return el("span", { class: "badge s" + s }, STATUS[s]); }
  function lower(i) {
    if (!lower.cache) lower.cache = new Array(N);
    var c = lower.cache[i];
    if (c === undefined) c = lower.cache[i] = (P.id[i] + "\n" + (P.title[i] || "") + "\n" + (P.site[i] || "")).toLowerCase();
    return c;
  }
  function debounce(f) { var t; return function () { clearTimeout(t); t = setTimeout(f, 120); }; }
  function evidence(ev) {
    var box = el("div", { class: "evidence" });
    [["entities", "entities"], ["dates", "dates"], ["numbers", "numbers"], ["terms", "terms"]].forEach(function (k) {
      var v = ev[k[0]] || [];
      var row = box.appendChild(el("div", { class: "ev-" + k[0] }, el("span", { class: "k" }, k[1])));
      if (!v.length) row.appendChild(el("span", { class: "muted" }, "none shared"));
      v.forEach(function (x) { row.appendChild(el("span", { class: "chip" }, txt(x))); });
    });
    return box;
  }
  function memberTable(canon, rows, extra) {
    var tb = el("tbody");
    rows.forEach(function (m) {
      var i = m[0];
      tb.appendChild(el("tr", { "data-page": String(i) },
        el("td", null, pageLink(i), i === canon ? el("span", { class: "badge" }, "canonical") : null),
        el("td", null, txt(P.site[i] || "")),
        el("td", null, txt(title(i))),
        el("td", null, txt(P.date[i] || "")),
        el("td", { class: "num" }, fmt(m[1])),
        extra ? el("td", null, txt(m[2] || "")) : null,
        el("td", null, i === canon ? "" : el("button", { class: "cmp", on: { click: function () { openCompare(i, canon); } } }, "compare with canonical"))));
    });
    return el("table", { class: "members" }, el("thead", null, el("tr", null, el("th", null, "page"), el("th", null, "source"),
      el("th", null, "title"), el("th", null, "date"), el("th", { class: "num" }, "similarity to canonical"), extra ? el("th", null, "rule") : null, el("th", null, ""))), tb);
  }

  // ---------- events ----------
  function eventsTab() {
    var sec = sections.events;
    var q = el("input", { type: "search", id: "ev-filter", placeholder: "filter: event id, page id or title", value: S.eq });
    var sort = el("select", { id: "ev-sort" }, el("option", { value: "size" }, "most members first"), el("option", { value: "id" }, "event id"), el("option", { value: "title" }, "canonical title"));
    sort.value = S.esort;
    var multi = el("input", { type: "checkbox", id: "ev-multi" });
    multi.checked = S.multi === "1";
    sec.appendChild(el("div", { class: "controls" }, q, sort, el("label", null, multi, " only events with two or more documents")));
    var list = sec.appendChild(el("div", { id: "ev-list" }));
    function draw() {
      S.eq = q.value; S.esort = sort.value; S.multi = multi.checked ? "1" : ""; writeHash();
      var needle = q.value.trim().toLowerCase(), rows = [];
      for (var e = 0; e < D.events.length; e++) {
        var ev = D.events[e];
        if (multi.checked && ev.members.length < 2) continue;
        if (needle) {
          var hit = ev.id.toLowerCase().indexOf(needle) >= 0;
          for (var j = 0; !hit && j < ev.members.length; j++) hit = lower(ev.members[j][0]).indexOf(needle) >= 0;
          if (!hit) continue;
        }
        rows.push(e);
      }
      var by = sort.value;
      rows.sort(function (a, b) {
        var x = D.events[a], y = D.events[b];
        if (by === "size" && x.members.length !== y.members.length) return y.members.length - x.members.length;
        if (by === "title") { var tx = title(x.canonical), ty = title(y.canonical); if (tx !== ty) return tx < ty ? -1 : 1; }
        return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
      });
      clear(list);
      var cur = Math.min(S.ep, Math.max(0, Math.ceil(rows.length / LIST_SIZE) - 1));
      list.appendChild(pager(rows.length, LIST_SIZE, cur, function (p) { S.ep = p; draw(); }));
      rows.slice(cur * LIST_SIZE, (cur + 1) * LIST_SIZE).forEach(function (e) {
        var ev = D.events[e];
        var body = el("div", { class: "body", hidden: "" });
        var head = el("div", { class: "head", on: { click: function () {
          if (body.hasAttribute("hidden")) {
            if (!body.firstChild) body.appendChild(memberTable(ev.canonical, ev.members, false));
            body.removeAttribute("hidden");
          } else body.setAttribute("hidden", "");
        } } }, el("b", { class: "id" }, ev.id), el("span", { class: "badge" }, ev.members.length + " documents"), el("span", null, txt(ev.canonical >= 0 ? title(ev.canonical) : "")));
        list.appendChild(el("div", { class: "entry event", "data-event": ev.id }, head, evidence(ev.evidence), body));
      });
      if (!rows.length) list.appendChild(el("p", { class: "muted" }, "No event matches."));
    }
    var d = debounce(function () { S.ep = 0; draw(); });
    q.addEventListener("input", d); sort.addEventListener("change", d); multi.addEventListener("change", d);
    draw();
  }

  // ---------- duplicate groups ----------
  function dupsTab() {
    var sec = sections.dups;
    var q = el("input", { type: "search", id: "dup-filter", placeholder: "filter: page id or title", value: S.gq });
    var sort = el("select", { id: "dup-sort" }, el("option", { value: "size" }, "most copies first"), el("option", { value: "id" }, "canonical id"), el("option", { value: "sim" }, "lowest similarity first"));
    sort.value = S.gsort;
    sec.appendChild(el("div", { class: "controls" }, q, sort));
    var list = sec.appendChild(el("div", { id: "dup-list" }));
    function minSim(g) { var s = 1; g.members.forEach(function (m) { s = Math.min(s, m[1]); }); return s; }
    function draw() {
      S.gq = q.value; S.gsort = sort.value; writeHash();
      var needle = q.value.trim().toLowerCase(), rows = [];
      for (var g = 0; g < D.groups.length; g++) {
        var gr = D.groups[g], hit = !needle || (gr.canonical >= 0 && lower(gr.canonical).indexOf(needle) >= 0);
        for (var j = 0; !hit && j < gr.members.length; j++) hit = lower(gr.members[j][0]).indexOf(needle) >= 0;
        if (hit) rows.push(g);
      }
      var by = sort.value;
      rows.sort(function (a, b) {
        var x = D.groups[a], y = D.groups[b];
        if (by === "size" && x.members.length !== y.members.length) return y.members.length - x.members.length;
        if (by === "sim") { var d = minSim(x) - minSim(y); if (d) return d; }
        return P.id[x.canonical] < P.id[y.canonical] ? -1 : 1;
      });
      clear(list);
      var cur = Math.min(S.gp, Math.max(0, Math.ceil(rows.length / LIST_SIZE) - 1));
      list.appendChild(pager(rows.length, LIST_SIZE, cur, function (p) { S.gp = p; draw(); }));
      rows.slice(cur * LIST_SIZE, (cur + 1) * LIST_SIZE).forEach(function (g) {
        var gr = D.groups[g];
        var rowsM = [[gr.canonical, 1, ""]].concat(gr.members);
        list.appendChild(el("div", { class: "entry group" },
          el("div", { class: "head" }, el("span", { class: "badge" }, (gr.members.length + 1) + " copies"), pageLink(gr.canonical), el("span", null, txt(title(gr.canonical)))),
          memberTable(gr.canonical, rowsM, true)));
      });
      if (!rows.length) list.appendChild(el("p", { class: "muted" }, D.groups.length ? "No group matches." : "No duplicate groups in this run."));
    }
    var d = debounce(function () { S.gp = 0; draw(); });
    q.addEventListener("input", d); sort.addEventListener("change", d);
    draw();
  }

  // ---------- pages ----------
  function pagesTab() {
    var sec = sections.pages;
    var q = el("input", { type: "search", id: "page-filter", placeholder: "filter: id, title or site", value: S.q });
    var st = el("select", { id: "status-filter" }, el("option", { value: "" }, "every status"));
    STATUS.forEach(function (s) { st.appendChild(el("option", { value: s }, s)); });
    st.appendChild(el("option", { value: "empty,error" }, "empty or error"));
    st.value = S.status;
    var count = el("span", { class: "muted", id: "page-count" });
    sec.appendChild(el("div", { class: "controls" }, q, st, count));
    var cols = [["id", "page"], ["title", "title"], ["status", "status"], ["site", "site"], ["date", "date"], ["chars", "chars", 1], ["removed", "removed", 1], ["reason", "reason"]];
    var hr = el("tr");
    cols.forEach(function (c) {
      hr.appendChild(el("th", { "data-col": c[0], class: c[2] ? "num" : "", on: { click: function () {
        if (S.sort === c[0]) S.dir = S.dir === "asc" ? "desc" : "asc"; else { S.sort = c[0]; S.dir = c[2] ? "desc" : "asc"; }
        S.p = 0; draw();
      } } }, c[1]));
    });
    var tb = el("tbody");
    var top = el("div");
    sec.appendChild(top);
    sec.appendChild(el("table", { id: "pages" }, el("thead", null, hr), tb));
    var order = null, orderKey = "";
    function draw() {
      S.q = q.value; S.status = st.value; writeHash();
      var key = S.sort + "/" + S.dir;
      if (orderKey !== key) {
        order = new Array(N); for (var i = 0; i < N; i++) order[i] = i;
        var col = P[S.sort] || P.id, sgn = S.dir === "desc" ? -1 : 1;
        order.sort(function (a, b) {
          var x = col[a], y = col[b];
          if (x == null) x = ""; if (y == null) y = "";
          if (x < y) return -sgn; if (x > y) return sgn;
          return a - b;
        });
        orderKey = key;
      }
      Array.prototype.forEach.call(hr.children, function (th) { if (th.getAttribute("data-col") === S.sort) th.setAttribute("data-dir", S.dir); else th.removeAttribute("data-dir"); });
      var needle = q.value.trim().toLowerCase();
      var want = st.value ? st.value.split(",").map(function (s) { return STATUS.indexOf(s); }) : null;
      var rows = [];
      for (var k = 0; k < N; k++) {
        var i2 = order[k];
        if (want && want.indexOf(P.status[i2]) < 0) continue;
        if (needle && lower(i2).indexOf(needle) < 0) continue;
        rows.push(i2);
      }
      count.textContent = rows.length + " of " + N + " pages";
      var cur = Math.min(S.p, Math.max(0, Math.ceil(rows.length / PAGE_SIZE) - 1));
      clear(top).appendChild(pager(rows.length, PAGE_SIZE, cur, function (p) { S.p = p; draw(); }));
      clear(tb);
      rows.slice(cur * PAGE_SIZE, (cur + 1) * PAGE_SIZE).forEach(function (i) {
        tb.appendChild(el("tr", { "data-page": String(i), "data-status": STATUS[P.status[i]] },
          el("td", null, pageLink(i)), el("td", null, txt(P.title[i] || "")), el("td", null, badge(P.status[i])),
          el("td", null, txt(P.site[i] || "")), el("td", null, txt(P.date[i] || "")),
          el("td", { class: "num" }, String(P.chars[i])), el("td", { class: "num" }, String(P.removed[i])),
          el("td", null, txt(P.reason[i] || ""))));
      });
    }
    var d = debounce(function () { S.p = 0; draw(); });
    q.addEventListener("input", d); st.addEventListener("change", d);
    draw();
  }

  // ---------- page detail panel ----------
  function closePanel() { panel.setAttribute("hidden", ""); clear(panel); S.page = ""; S.cmp = ""; writeHash(); }
  function panelHead(label) {
    clear(panel).removeAttribute("hidden");
    panel.appendChild(el("button", { class: "close", on: { click: closePanel } }, "close \u2715"));
    panel.appendChild(el("h2", null, label));
  }
  function openPage(i) {
    S.page = P.id[i]; S.cmp = ""; writeHash();
    panelHead("Page");
    var dl = el("dl", { class: "meta" });
    function row(k, v) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v)); }
    row("id", el("span", { class: "id" }, txt(P.id[i])));
    row("status", badge(P.status[i]));
    row("title", txt(P.title[i] || ""));
    row("source", el("span", { class: "id" }, txt(P.source[i])));
    var u = P.url[i], su = safeUrl(u);
    if (u) {
      if (su) { var a = el("a", { class: "link", rel: "noopener noreferrer nofollow", target: "_blank" }, txt(u)); a.href = su; row("url", a); }
      else row("url", el("span", null, txt(u), el("span", { class: "note" }, " (not a web address: not linked)")));
    }
    row("site", txt(P.site[i] || "")); row("date", txt(P.date[i] || "")); row("encoding", txt(P.encoding[i] || ""));
    row("characters kept", String(P.chars[i]));
    if (P.reason[i]) row("reason", txt(P.reason[i]));
    if (P.dup[i] >= 0) row("duplicate of", el("span", null, pageLink(P.dup[i]), " ", el("button", { class: "cmp", on: { click: function () { openCompare(i, P.dup[i]); } } }, "compare")));
    if (P.event[i] >= 0) row("event", el("span", { class: "id" }, D.events[P.event[i]].id + " (" + D.events[P.event[i]].members.length + " documents)"));
    panel.appendChild(dl);
    var body = panel.appendChild(el("div", { class: "muted" }, "loading\u2026"));
    detail(i, function (d) {
      clear(body).className = "";
      body.appendChild(el("h2", null, "Text kept (" + P.chars[i] + " characters)"));
      body.appendChild(el("div", { class: "text kept" }, d.text ? txt(d.text) : el("span", { class: "muted" }, "nothing kept")));
      body.appendChild(el("h2", null, "Removed by boilerplate removal (" + d.removed.length + " blocks)"));
      if (!D.removedAudit) body.appendChild(el("p", { class: "note" }, "removed.jsonl was not written for this run."));
      var counts = {};
      d.removed.forEach(function (r) { counts[r[1]] = (counts[r[1]] || 0) + 1; });
      var chips = body.appendChild(el("div"));
      Object.keys(counts).sort().forEach(function (r) { chips.appendChild(el("span", { class: "chip" }, txt(r), " \u00D7" + counts[r])); });
      var tb = el("tbody");
      d.removed.forEach(function (r) { tb.appendChild(el("tr", null, el("td", { class: "rule" }, el("span", { class: "badge" }, txt(r[1]))), el("td", { class: "rtext" }, txt(r[0])))); });
      body.appendChild(el("table", { class: "removed" }, el("thead", null, el("tr", null, el("th", null, "rule"), el("th", null, "removed text"))), tb));
    });
  }

  // ---------- side by side, word-level differences ----------
  function tokens(s) { return s.match(/\S+\s*|\s+/g) || []; }
  // Marks tokens of a and b that are not in a longest common subsequence of
  // words. Common head and tail are trimmed first (copies differ little);
  // too large a table falls back to paragraphs, then to marking nothing.
  function diff(a, b) {
    var ka = a.map(function (t) { return t.trim(); }), kb = b.map(function (t) { return t.trim(); });
    var ma = new Uint8Array(a.length), mb = new Uint8Array(b.length);
    var s = 0; while (s < a.length && s < b.length && ka[s] === kb[s]) s++;
    var ea = a.length, eb = b.length;
    while (ea > s && eb > s && ka[ea - 1] === kb[eb - 1]) { ea--; eb--; }
    var n = ea - s, m = eb - s;
    if (n === 0 || m === 0) { for (var i = s; i < ea; i++) ma[i] = 1; for (var j = s; j < eb; j++) mb[j] = 1; return [ma, mb, true]; }
    if ((n + 1) * (m + 1) > 12e6) return null;
    var W = m + 1, L = new Uint32Array((n + 1) * W);
    for (var x = n - 1; x >= 0; x--) for (var y = m - 1; y >= 0; y--)
      L[x * W + y] = ka[s + x] === kb[s + y] ? L[(x + 1) * W + y + 1] + 1 : Math.max(L[(x + 1) * W + y], L[x * W + y + 1]);
    var p = 0, q = 0;
    while (p < n && q < m) {
      if (ka[s + p] === kb[s + q]) { p++; q++; }
      else if (L[(p + 1) * W + q] >= L[p * W + q + 1]) { ma[s + p] = 1; p++; }
      else { mb[s + q] = 1; q++; }
    }
    for (; p < n; p++) ma[s + p] = 1;
    for (; q < m; q++) mb[s + q] = 1;
    return [ma, mb, true];
  }
  function marked(toks, mark, cls) {
    var box = el("div", { class: "text" });
    var buf = "", on = false;
    function flush() { if (!buf) return; box.appendChild(on ? el("span", { class: cls }, txt(buf)) : txt(buf)); buf = ""; }
    for (var i = 0; i < toks.length; i++) { var o = !!mark[i]; if (o !== on) { flush(); on = o; } buf += toks[i]; }
    flush();
    return box;
  }
  function openCompare(i, c) {
    S.page = P.id[i]; S.cmp = P.id[c]; writeHash();
    panelHead("Side by side: page and its canonical page");
    var body = panel.appendChild(el("div", { class: "muted" }, "loading\u2026"));
    detail(i, function (da) { detail(c, function (dc) {
      clear(body).className = "";
      var ta = tokens(da.text), tc = tokens(dc.text), r = diff(ta, tc), note = null;
      if (!r) {
        // Paragraph level: long, different texts.
        var pa = da.text.split(/(\n\n)/), pc = dc.text.split(/(\n\n)/);
        r = diff(pa, pc); ta = pa; tc = pc;
        note = "The texts are long and differ much: differences shown by paragraph.";
        if (!r) { r = [new Uint8Array(pa.length), new Uint8Array(pc.length)]; note = "Too long to compare here; texts shown unmarked."; }
      }
      var same = 0; for (var k = 0; k < r[0].length; k++) if (!r[0][k] && ta[k].trim()) same++;
      var words = ta.filter(function (t) { return t.trim(); }).length;
      body.appendChild(el("p", null, "Highlighted: words only on that side. " + same + " of " + words + " words of the page are also in the canonical page."));
      if (note) body.appendChild(el("p", { class: "note" }, note));
      body.appendChild(el("div", { class: "sbs" },
        el("div", null, el("h2", null, "page"), el("div", { class: "id" }, txt(P.id[i])), el("div", null, txt(title(i))), marked(ta, r[0], "del")),
        el("div", null, el("h2", null, "canonical"), el("div", { class: "id" }, txt(P.id[c])), el("div", null, txt(title(c))), marked(tc, r[1], "ins"))));
    }); });
  }

  var RENDER = { summary: summary, events: eventsTab, dups: dupsTab, pages: pagesTab };
  readHash();
  if (!RENDER[S.tab]) S.tab = "summary";
  show(S.tab);
  var byId = null;
  function findPage(id) {
    if (!byId) { byId = Object.create(null); for (var i = 0; i < N; i++) byId[P.id[i]] = i; }
    var v = byId[id]; return v === undefined ? -1 : v;
  }
  if (S.page) {
    var pi = findPage(S.page), ci = S.cmp ? findPage(S.cmp) : -1;
    if (pi >= 0 && ci >= 0) openCompare(pi, ci); else if (pi >= 0) openPage(pi);
  }
  window.addEventListener("keydown", function (e) { if (e.key === "Escape" && !panel.hasAttribute("hidden")) closePanel(); });
  // For tests and the load-time harness: the report is on screen.
  window.__scourReady = performance.now();
  document.documentElement.setAttribute("data-ready", "1");
})();
