// nrcgraph review: keyboard and mouse over the cards; every write carries the run's token.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="review-token"]').content;
  const summary = document.getElementById("summary");
  const index = summary ? summary.dataset.index : null;
  const cards = Array.from(document.querySelectorAll(".card"));
  const KEY = "nrcgraph-review-position-" + index;

  function post(path, payload) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": token },
      body: JSON.stringify(payload || {}),
    }).then((r) => r.json().catch(() => ({ ok: false, error: "HTTP " + r.status })));
  }

  function highlight(card, on) {
    const node = card.dataset.node;
    let first = null;
    document.querySelectorAll("mark[data-nodes]").forEach((m) => {
      const hit = on && m.dataset.nodes.split(" ").includes(node);
      m.classList.toggle("hl", hit);
      if (hit && !first) first = m;
    });
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function current() {
    return document.activeElement && document.activeElement.closest ? document.activeElement.closest(".card") : null;
  }

  function focusCard(i) {
    if (!cards.length) return;
    const card = cards[Math.max(0, Math.min(i, cards.length - 1))];
    card.focus();
    card.scrollIntoView({ block: "nearest" });
  }

  function decide(card, payload) {
    payload.node = card.dataset.node;
    const alert = card.querySelector(".alert");
    alert.textContent = "saving…";
    return post("/draft/" + index + "/decide", payload).then((answer) => {
      if (!answer.ok) {
        alert.textContent = answer.error || "not saved";
        return;
      }
      sessionStorage.setItem(KEY, card.dataset.position);
      window.location.reload();
    });
  }

  function openPanel(card, which) {
    const panel = card.querySelector(".panel." + which);
    if (!panel) return;
    card.querySelectorAll(".panel").forEach((p) => { if (p !== panel) p.hidden = true; });
    panel.hidden = false;
    const button = card.querySelector('[data-do="' + which + '"]');
    if (button) button.setAttribute("aria-expanded", "true");
    const first = panel.querySelector("input, select, button");
    if (first) first.focus();
  }

  function closePanels(card) {
    card.querySelectorAll(".panel").forEach((p) => { p.hidden = true; });
    card.querySelectorAll("[aria-expanded]").forEach((b) => b.setAttribute("aria-expanded", "false"));
    card.focus();
  }

  function addToGraph() {
    const result = document.getElementById("add-result");
    if (!result) return;
    result.textContent = "adding…";
    post("/draft/" + index + "/add").then((answer) => {
      if (answer.error) { result.textContent = "Not added: " + answer.error; return; }
      if (answer.written) {
        result.textContent = "Added to " + answer.target + ": " + answer.new_triples + " new triples.";
      } else if (answer.refused) {
        result.textContent = "Not added: " + answer.refused;
      } else if (answer.violations && answer.violations.length) {
        result.textContent = "Not added, the draft does not conform: " + answer.violations.join("; ");
      } else {
        result.textContent = "Nothing new to add to " + answer.target + ".";
      }
      result.dataset.done = answer.written ? "added" : "not-added";
    });
  }

  // Type-ahead over the graph's entities and concepts.
  function typeahead(input) {
    const list = input.closest(".panel").querySelector(".suggestions");
    let timer = null;
    let chosen = -1;
    function items() { return Array.from(list.querySelectorAll("li")); }
    function mark(i) {
      chosen = i;
      items().forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    }
    function pick(li) {
      const card = input.closest(".card");
      if (input.dataset.kind === "merge") {
        decide(card, { action: "merge", target: li.dataset.iri, label: li.dataset.label });
      } else {
        decide(card, { action: "edit", predicate: input.dataset.predicate, value: input.dataset.value, new: li.dataset.iri });
      }
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fetch("/search?q=" + encodeURIComponent(input.value), { headers: { "X-Review-Token": token } })
          .then((r) => r.json())
          .then((answer) => {
            list.innerHTML = "";
            answer.results.forEach((hit) => {
              const li = document.createElement("li");
              li.setAttribute("role", "option");
              li.dataset.iri = hit.iri;
              li.dataset.label = hit.label;
              li.textContent = hit.label + (hit.kind ? " (" + hit.kind + ")" : "");
              li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(li); });
              list.appendChild(li);
            });
            list.hidden = !answer.results.length;
            mark(answer.results.length ? 0 : -1);
          });
      }, 150);
    });
    input.addEventListener("keydown", (ev) => {
      const all = items();
      if (ev.key === "ArrowDown" && all.length) { ev.preventDefault(); mark((chosen + 1) % all.length); }
      else if (ev.key === "ArrowUp" && all.length) { ev.preventDefault(); mark((chosen - 1 + all.length) % all.length); }
      else if (ev.key === "Enter") {
        ev.preventDefault();
        ev.stopPropagation();
        if (chosen >= 0 && all[chosen]) pick(all[chosen]);
      }
    });
  }

  cards.forEach((card) => {
    card.addEventListener("focusin", () => highlight(card, true));
    card.addEventListener("focusout", () => highlight(card, false));
    card.addEventListener("mouseenter", () => highlight(card, true));
    card.addEventListener("mouseleave", () => { if (current() !== card) highlight(card, false); });
    card.querySelectorAll("[data-do]").forEach((button) => {
      button.addEventListener("click", () => {
        const what = button.dataset.do;
        if (what === "accept" || what === "reject") decide(card, { action: what });
        else openPanel(card, what);
      });
    });
    card.querySelectorAll(".reject-fact").forEach((button) => {
      button.addEventListener("click", () =>
        decide(card, { action: "reject-fact", predicate: button.dataset.predicate, value: button.dataset.value }));
    });
    card.querySelectorAll(".candidate").forEach((button) => {
      button.addEventListener("click", () =>
        decide(card, { action: "merge", target: button.dataset.target, label: button.dataset.label }));
    });
    card.querySelectorAll("form.edit").forEach((form) => {
      form.addEventListener("submit", (ev) => ev.preventDefault());
      form.querySelectorAll("input:not(.typeahead), select").forEach((field) => {
        field.addEventListener("keydown", (ev) => {
          if (ev.key !== "Enter") return;
          ev.preventDefault();
          ev.stopPropagation();
          const value = field.tagName === "SELECT" ? field.value : field.value.trim();
          decide(card, { action: "edit", predicate: field.dataset.predicate, value: field.dataset.value, new: value });
        });
      });
    });
    card.querySelectorAll("input.typeahead").forEach(typeahead);
  });

  const help = document.getElementById("help");
  const helpToggle = document.getElementById("help-toggle");
  function toggleHelp() {
    if (!help) return;
    help.hidden = !help.hidden;
    helpToggle.setAttribute("aria-expanded", String(!help.hidden));
  }
  if (helpToggle) helpToggle.addEventListener("click", toggleHelp);
  const addButton = document.getElementById("add-button");
  if (addButton) addButton.addEventListener("click", addToGraph);

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const target = ev.target;
    const card = current();
    if (ev.key === "Escape") { if (card) closePanels(card); return; }
    if (target.matches && target.matches("input, select, textarea")) return;
    const at = card ? cards.indexOf(card) : -1;
    switch (ev.key) {
      case "j": case "ArrowDown": ev.preventDefault(); focusCard(at + 1); break;
      case "k": case "ArrowUp": ev.preventDefault(); focusCard(at - 1); break;
      case "a": if (card && card.classList.contains("pending")) { ev.preventDefault(); decide(card, { action: "accept" }); } break;
      case "r": if (card && card.classList.contains("pending")) { ev.preventDefault(); decide(card, { action: "reject" }); } break;
      case "e": if (card) { ev.preventDefault(); openPanel(card, "edit"); } break;
      case "m": if (card) { ev.preventDefault(); openPanel(card, "merge"); } break;
      case "g": if (addButton) { ev.preventDefault(); addToGraph(); } break;
      case "?": toggleHelp(); break;
      default: break;
    }
  });

  const saved = sessionStorage.getItem(KEY);
  focusCard(saved === null ? 0 : Number(saved));
  document.body.dataset.ready = "yes";
})();
