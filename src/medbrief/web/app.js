// medbrief web page: asks POST /ask, renders the Brief, shows cited passages from GET /documents/{id}.
// Every piece of data goes into the page as text (textContent / createTextNode), never as HTML:
// records come from outside sources and may hold markup.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  /** Build an element; `text` is set as textContent, children may be nodes or strings. */
  function el(tag, opts = {}, ...children) {
    const node = document.createElement(tag);
    if (opts.cls) node.className = opts.cls;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    for (const [k, v] of Object.entries(opts.attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }

  /** The URL if it is http(s), else null: a record's link must never run script (javascript:, data:). */
  function safeUrl(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      const u = new URL(url, window.location.href);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (_) {
      return null;
    }
  }

  function linkLabel(url) {
    const host = new URL(url).hostname;
    if (host.endsWith("pubmed.ncbi.nlm.nih.gov")) return "Open on PubMed";
    if (host.endsWith("dailymed.nlm.nih.gov")) return "Open on DailyMed";
    return "Open source (" + host + ")";
  }

  const TIER_NAMES = { guideline: "Guideline", label: "FDA drug label", research: "Research" };
  const state = { brief: null, refs: new Map(), statements: [], docs: new Map(), active: null, seq: 0 };

  // -- asking --------------------------------------------------------------------------------------------
  async function ask(question) {
    const q = question.trim();
    clearError();
    if (!q) {
      showError("Type a question first.");
      return;
    }
    const seq = ++state.seq;
    $("status").textContent = "Composing the brief…";
    $("ask-button").disabled = true;
    try {
      const resp = await fetch("/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question: q }),
      });
      const data = await resp.json().catch(() => null);
      if (seq !== state.seq) return; // a newer question was asked meanwhile
      if (!resp.ok) {
        $("brief").hidden = true;
        showError(errorText(resp.status, data));
        $("status").textContent = "";
        return;
      }
      renderBrief(data);
      $("status").textContent = "";
      const url = new URL(window.location.href);
      url.searchParams.set("q", q);
      window.history.replaceState(null, "", url);
    } catch (e) {
      if (seq === state.seq) {
        showError("Could not reach the medbrief server.");
        $("status").textContent = "";
      }
    } finally {
      if (seq === state.seq) $("ask-button").disabled = false;
    }
  }

  function errorText(status, data) {
    if (data && typeof data.message === "string") {
      return data.message + (data.hint ? " — " + data.hint : "");
    }
    return "The server answered " + status + ".";
  }

  function showError(text) {
    const box = $("error");
    box.textContent = text;
    box.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").textContent = "";
  }

  // -- rendering the brief -------------------------------------------------------------------------------
  function renderBrief(brief) {
    state.brief = brief;
    state.refs = new Map((brief.references || []).map((r) => [r.n, r]));
    state.statements = [];
    closeSource();
    const root = $("brief");
    root.replaceChildren();
    root.appendChild(el("h2", { cls: "question", text: brief.question }));
    if (brief.drugs && brief.drugs.length) {
      root.appendChild(el("p", { cls: "meta", text: "Drugs recognised: " + brief.drugs.join(", ") }));
    }
    for (const section of brief.sections || []) root.appendChild(renderSection(section));
    root.appendChild(renderNotes(brief.notes || []));
    if (brief.references && brief.references.length) root.appendChild(renderReferences(brief.references));
    const c = brief.corpus || {};
    root.appendChild(el("p", { cls: "meta corpus",
      text: "Corpus: " + (c.documents ?? "?") + " documents, " + (c.passages ?? "?") + " passages" +
        (c.built ? ", built " + c.built : "") + "." }));
    root.hidden = false;
  }

  function renderSection(section) {
    const sec = el("section", { cls: "tier tier-" + section.tier, attrs: { "data-tier": section.tier } });
    sec.appendChild(el("h2", { text: section.title }));
    if (!section.blocks || !section.blocks.length) {
      sec.appendChild(el("p", { cls: "empty", text: "Nothing in the corpus for this tier (see “What the corpus lacks”)." }));
      return sec;
    }
    for (const block of section.blocks) {
      if (block.heading) sec.appendChild(el("h3", { text: block.heading }));
      const list = el("ul", { cls: "statements" });
      for (const st of block.statements || []) list.appendChild(renderStatement(st));
      sec.appendChild(list);
    }
    return sec;
  }

  function renderStatement(st) {
    const idx = state.statements.push(st) - 1;
    const li = el("li", { cls: "statement" }, el("span", { cls: "text", text: st.text }));
    const sup = el("sup", { cls: "cites" });
    (st.citations || []).forEach((n, i) => {
      if (i) sup.appendChild(document.createTextNode(","));
      const ref = state.refs.get(n);
      sup.appendChild(el("button", {
        cls: "cite", text: String(n),
        attrs: { type: "button", "data-ref": n, "data-statement": idx,
                 "aria-label": "Source " + n + (ref ? ": " + ref.title : "") },
      }));
    });
    li.appendChild(document.createTextNode(" "));
    li.appendChild(sup);
    const extra = [st.grade, st.evidence].filter(Boolean).join("; ");
    if (extra) li.appendChild(el("span", { cls: "grade", text: " (" + extra + ")" }));
    return li;
  }

  function renderNotes(notes) {
    const sec = el("section", { cls: "notes", attrs: { id: "notes" } });
    sec.appendChild(el("h2", { text: "What the corpus lacks" }));
    if (!notes.length) {
      sec.appendChild(el("p", { cls: "empty", text: "Nothing reported missing for this question." }));
    } else {
      const ul = el("ul");
      for (const n of notes) ul.appendChild(el("li", { text: n }));
      sec.appendChild(ul);
    }
    return sec;
  }

  function referenceDetails(r) {
    const bits = [r.source];
    if (r.tier === "label") {
      bits.push(r.manufacturer, r.version ? "version " + r.version : null, r.date);
      if (r.labels_agreeing && r.labels_agreeing > 1) bits.push(r.labels_agreeing + " labels in the corpus share this text");
    } else if (r.tier === "guideline") {
      bits.push(r.year ? String(r.year) : r.date, r.grade ? "grade/category " + r.grade : null);
    } else {
      bits.push(r.date || (r.year ? String(r.year) : null), r.study_type);
    }
    return bits.filter(Boolean).join(" · ");
  }

  function renderReferences(refs) {
    const sec = el("section", { cls: "references" });
    sec.appendChild(el("h2", { text: "References" }));
    const ol = el("ol");
    for (const r of refs) {
      const li = el("li", { attrs: { id: "ref-" + r.n, value: r.n } });
      li.appendChild(el("span", { cls: "ref-title", text: r.title || r.doc_id }));
      li.appendChild(el("span", { cls: "meta", text: " — " + referenceDetails(r) + " (" + r.doc_id + ")" }));
      const url = safeUrl(r.url);
      if (url) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("a", { text: linkLabel(url), attrs: { href: url, target: "_blank", rel: "noopener noreferrer" } }));
      }
      ol.appendChild(li);
    }
    sec.appendChild(ol);
    return sec;
  }

  // -- the source panel ----------------------------------------------------------------------------------
  function docPath(docId) {
    return "/documents/" + docId.split("/").map(encodeURIComponent).join("/");
  }

  async function fetchDocument(docId) {
    if (state.docs.has(docId)) return state.docs.get(docId);
    const resp = await fetch(docPath(docId), { headers: { Accept: "application/json" } });
    const data = await resp.json().catch(() => null);
    if (!resp.ok) throw new Error(errorText(resp.status, data));
    state.docs.set(docId, data);
    return data;
  }

  /** Split text at code-point offsets (the server counts Unicode code points, JS strings count UTF-16 units). */
  function splitSpan(text, start, end) {
    const cps = Array.from(text);
    return [cps.slice(0, start).join(""), cps.slice(start, end).join(""), cps.slice(end).join("")];
  }

  async function showSource(button) {
    const n = Number(button.dataset.ref);
    const st = state.statements[Number(button.dataset.statement)];
    const ref = state.refs.get(n);
    if (!st || !ref) return;
    if (state.active) state.active.classList.remove("active");
    state.active = button;
    button.classList.add("active");

    const panel = $("source");
    $("source-title").textContent = n + ". " + (ref.title || ref.doc_id);
    $("source-meta").textContent = (TIER_NAMES[ref.tier] || ref.tier) + " · " + referenceDetails(ref) + " · " + ref.doc_id;
    $("source-check").textContent = "Loading the passage…";
    $("source-check").className = "check";
    $("source-passage").replaceChildren();
    const link = $("source-link");
    const url = safeUrl(ref.url);
    link.hidden = !url;
    if (url) {
      link.href = url;
      link.textContent = linkLabel(url);
    } else {
      link.removeAttribute("href");
      link.textContent = "";
    }
    panel.hidden = false;
    document.body.classList.add("source-open");

    let doc;
    try {
      doc = await fetchDocument(ref.doc_id);
    } catch (e) {
      if (state.active === button) $("source-check").textContent = "Could not load the source: " + e.message;
      return;
    }
    if (state.active !== button) return; // another citation was clicked meanwhile
    const supports = (st.support || []).filter((s) => s.ref === n);
    const box = $("source-passage");
    let allMatch = supports.length > 0;
    let firstMark = null;
    for (const s of supports) {
      const p = (doc.passages || []).find((x) => x.id === s.passage_id);
      if (!p) {
        allMatch = false;
        box.appendChild(el("p", { cls: "missing", text: "Passage " + s.passage_id + " is no longer in the store." }));
        continue;
      }
      const [before, span, after] = splitSpan(p.text, s.start, s.end);
      if (span !== s.quote) allMatch = false;
      const mark = el("mark", { text: span, attrs: { "data-passage": p.id } });
      firstMark = firstMark || mark;
      box.appendChild(el("h3", { cls: "section-name", text: p.section }));
      box.appendChild(el("p", { cls: "passage-text" }, before, mark, after));
    }
    const check = $("source-check");
    check.textContent = allMatch
      ? "The highlighted span is the exact text the statement quotes."
      : "Warning: the stored passage no longer matches the quote (the store changed since this brief).";
    check.className = allMatch ? "check ok" : "check bad";
    if (firstMark) firstMark.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function closeSource() {
    $("source").hidden = true;
    document.body.classList.remove("source-open");
    if (state.active) state.active.classList.remove("active");
    state.active = null;
  }

  // -- wiring ----------------------------------------------------------------------------------------------
  function init() {
    $("ask-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      ask($("question").value);
    });
    for (const b of document.querySelectorAll("button.example")) {
      b.addEventListener("click", () => {
        $("question").value = b.textContent;
        ask(b.textContent);
      });
    }
    $("brief").addEventListener("click", (ev) => {
      const b = ev.target.closest("button.cite");
      if (b) showSource(b);
    });
    $("source-close").addEventListener("click", closeSource);
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") closeSource();
    });
    const q = new URL(window.location.href).searchParams.get("q");
    if (q) {
      $("question").value = q;
      ask(q);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
