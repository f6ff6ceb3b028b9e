// The desk's forms that hold typed work (a verdict's rationale, analysis and sources): it is
// not lost by leaving the page, or by pressing Cancel, without being asked first.
//
// A form marked data-keep-typed is "changed" (data-changed) once something is typed in it
// (not a search for a source) or a part of it marked data-typed is added to (a source
// cited), or when the server sends it back unsaved (refused, or saved meanwhile by someone
// else). While a changed form is on the page, leaving it asks first (beforeunload, listened
// for only then: a page with nothing to lose stays fit for the back-forward cache), and so
// does a request htmx would put in the form's place (Cancel). A form being saved is not
// asked about; it is no longer changed once the save has answered, and still is if the
// save failed.
//
// What is typed is also kept in this tab (sessionStorage) until it is saved, for what
// leaving cannot ask about: a session that ended (the save is answered with the log-in
// page, which comes back to the form), a reload, a crash. The same form, opened again by
// the same editor untouched (not sent back by the server with text in it), gets it back,
// with a note saying so and a button to discard it; a save, a Cancel agreed to, or logging
// out forgets it. Opened at a later version of what it edits (someone saved it since), the
// form gets back the version and the values it was typed from too (its hidden `version`
// and `base`): saving it is then refused as made meanwhile, and the server merges it as it
// merges any other save made meanwhile, taking in what only the other editor changed and
// putting what both changed side by side. Nobody's text is lost, and nobody's is
// overwritten unseen.

const KEPT = "form[data-keep-typed]";
const CHANGED = `${KEPT}[data-changed]`;

function ask(event) {
  if (!document.querySelector(`${CHANGED}:not([data-saving])`)) return; // leaving by saving
  event.preventDefault();
  event.returnValue = ""; // what older browsers look for
}

function listen() {
  if (document.querySelector(CHANGED)) window.addEventListener("beforeunload", ask);
  else window.removeEventListener("beforeunload", ask);
}

function markChanged(form, changed) {
  form.toggleAttribute("data-changed", changed);
  listen();
}

document.addEventListener("input", (event) => {
  const field = event.target instanceof Element ? event.target : null;
  const form = field && !field.matches("[type=search]") ? field.closest(KEPT) : null;
  if (!form) return;
  if (!form.hasAttribute("data-changed")) markChanged(form, true);
  keep(form);
});
document.addEventListener("change", (event) => {
  const form = event.target instanceof Element ? event.target.closest(KEPT) : null;
  if (form && form.hasAttribute("data-changed")) keep(form);
});

// Kept in this tab: the typed fields, by name, under the page and the form's address, with
// the version of what it edits and that version's values (the hidden `version`, `base`).
const TYPED =
  "textarea, select, input:not([type=hidden], [type=search], [type=file], [type=submit], [type=button])";

// Kept for the editor who typed it (the form's data-keep-typed names them): another who
// logs in on the same tab is not offered it; logging out forgets all of it.
const DRAFT = "desk-typed";

// What the server checks a save against: the version the form was opened at, and what
// that version said.
const STARTED_FROM = ["version", "base"];

function draftKey(form) {
  const editor = form.dataset.keepTyped ?? "";
  return `${DRAFT} ${editor} ${location.pathname} ${form.getAttribute("action") ?? ""}`;
}

function startedFrom(form) {
  const hidden = {};
  for (const name of STARTED_FROM) {
    const field = form.querySelector(`input[type=hidden][name=${name}]`);
    if (field) hidden[name] = field.value;
  }
  return hidden;
}

function startFrom(form, hidden) {
  for (const [name, value] of Object.entries(hidden)) {
    const field = form.querySelector(`input[type=hidden][name=${name}]`);
    if (field) field.value = value;
  }
}

function forgetAll() {
  try {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith(DRAFT)) sessionStorage.removeItem(key);
    }
  } catch {
    // Nothing kept.
  }
}

function typedFields(form) {
  return [...form.querySelectorAll(TYPED)].filter((field) => field.name);
}

// An evidence row is a place in the list, not a source: which source each row cites (its
// hidden field) and its title are kept beside what was typed in it, and what was typed is
// put back on the row citing the same source, wherever it stands now.
const ROW_SOURCE = /^evidence-(\d+)-source$/;
const ROW_FIELD = /^evidence-(\d+)-(.+)$/;

function rowSources(form) {
  const rows = {}; // row number -> {source, title}
  for (const field of form.querySelectorAll("input[type=hidden]")) {
    const row = ROW_SOURCE.exec(field.name);
    if (!row) continue;
    const legend = field.closest("li")?.querySelector(".desk-evidence-row__source");
    rows[row[1]] = { source: field.value, title: legend?.firstChild?.textContent?.trim() ?? "" };
  }
  return rows;
}

function keep(form) {
  const values = {};
  for (const field of typedFields(form)) {
    if (field.type === "checkbox" || field.type === "radio") {
      values[field.name] ??= [];
      if (field.checked) values[field.name].push(field.value);
    } else values[field.name] = field.value;
  }
  const kept = { values, sources: rowSources(form), from: startedFrom(form) };
  try {
    sessionStorage.setItem(draftKey(form), JSON.stringify(kept));
  } catch {
    // Storage full or refused: leaving still asks first.
  }
}

function forget(form) {
  try {
    sessionStorage.removeItem(draftKey(form));
  } catch {
    // Nothing kept.
  }
}

// The values a form was opened with (its hidden `base`, views.verdicts.snapshot_values), as
// the form writes them: {values: {level, rationale, analysis, as_of}, bySource: {id: {stance,
// note, DELETE}}}; null without one (a new verdict) or if it cannot be read.
function openedValues(kept) {
  let base = null;
  try {
    base = JSON.parse(kept.from?.base || "null");
  } catch {
    return null;
  }
  if (!base || typeof base !== "object" || !Array.isArray(base.evidence)) return null;
  const bySource = {};
  for (const [source, stance, note] of base.evidence) {
    bySource[String(source)] = { stance: [stance], note: note ?? "", DELETE: [] };
  }
  const values = {
    level: [String(base.level ?? "")],
    rationale: base.rationale ?? "",
    analysis: base.analysis ?? "",
    as_of: base.as_of ?? "",
  };
  return { values, bySource };
}

function same(value, then) {
  const text = (each) => (Array.isArray(each) ? each.map(String).join("\u0000") : String(each));
  return text(value).replace(/\r\n/g, "\n").trim() === text(then).replace(/\r\n/g, "\n").trim();
}

function restore(form) {
  if (form.hasAttribute("data-changed") || form.querySelector(".desk-restored")) return;
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(draftKey(form)) ?? "null");
  } catch {
    return;
  }
  if (!kept?.values) return;
  const opened = startedFrom(form);
  const savedSince = (kept.from?.version ?? "") !== (opened.version ?? "");
  // What the form was opened with, when it says (its hidden `base`): a field kept as it was
  // then was not typed by this editor, and is not put back over what the page has now
  // (which someone may have changed since). Else, what the page came with is the measure.
  const was = openedValues(kept);
  const unchanged = (name, value, source, part) => {
    if (!was) return false;
    const then = source === undefined ? was.values[name] : was.bySource[source]?.[part];
    return then !== undefined && same(value, then);
  };
  // Each kept row's fields renamed to the row that cites the same source now; a row whose
  // source is not in the form now (cited since and not saved, or removed by someone) is set
  // aside, and named if this editor had cited it or written of it.
  const keptRows = kept.sources ?? {};
  const rowOf = Object.fromEntries(
    Object.entries(rowSources(form)).map(([number, row]) => [row.source, number]),
  );
  const values = {};
  const notBack = {}; // kept row number -> {title, note, typed}
  for (const [name, value] of Object.entries(kept.values)) {
    const row = ROW_FIELD.exec(name);
    if (!row) {
      if (!unchanged(name, value)) values[name] = value;
      continue;
    }
    const source = keptRows[row[1]]?.source;
    if (source === undefined) continue;
    const typed = !unchanged(name, value, source, row[2]);
    const now = rowOf[source];
    if (now !== undefined) {
      if (typed) values[`evidence-${now}-${row[2]}`] = value;
      continue;
    }
    const entry = (notBack[row[1]] ??= {
      title: keptRows[row[1]]?.title ?? "",
      note: "",
      typed: Boolean(was) && !(source in was.bySource), // cited by this editor
    });
    if (row[2] === "note") entry.note = String(value).trim();
    entry.typed ||= typed && (row[2] !== "DELETE" || (Array.isArray(value) && value.length > 0));
  }
  // Put back what differs from what the page came with (the browser may have filled some
  // in itself, on a reload: it is put back all the same, and said).
  let restored = false;
  for (const field of typedFields(form)) {
    if (!(field.name in values)) continue;
    const value = values[field.name];
    if (field.type === "checkbox" || field.type === "radio") {
      const checked = Array.isArray(value) && value.includes(field.value);
      restored ||= checked !== field.defaultChecked;
      field.checked = checked;
    } else {
      restored ||= value !== field.defaultValue;
      field.value = value;
    }
  }
  const missing = Object.values(notBack).filter((row) => row.typed || !was);
  if (!restored && !missing.length) {
    forget(form); // nothing typed that the page does not say already
    return;
  }
  if (savedSince) startFrom(form, kept.from); // saving it is then merged with theirs
  const note = document.createElement("div");
  note.className = "desk-restored";
  note.setAttribute("role", "status");
  const said = document.createElement("p");
  const named = missing.map(({ title, note: written }) =>
    [title ? `“${title}”` : "a source", written ? ` (you wrote: “${written}”)` : ""].join(""),
  );
  said.textContent =
    "What you typed here earlier is back in the form: it has not been saved yet." +
    (savedSince
      ? " Someone has saved this since you typed it: saving yours shows what they changed," +
        " taking in what you had not changed."
      : "") +
    (named.length
      ? ` Not in the form now, to find again if it should be: ${named.join("; ")}.`
      : "");
  const discard = document.createElement("button");
  discard.type = "button";
  discard.className = "link-button";
  discard.textContent = "Discard it";
  discard.addEventListener("click", () => {
    forget(form);
    form.reset(); // back to what the page came with
    startFrom(form, opened); // a hidden field's value is not reset
    note.remove();
    markChanged(form, false);
  });
  note.append(said, discard);
  const heading = form.querySelector("h2");
  if (heading) heading.after(note);
  else form.prepend(note);
  markChanged(form, true);
}

function restoreAll() {
  document.querySelectorAll(KEPT).forEach(restore);
}

function added(event) {
  const { target } = event.detail;
  if (!(target instanceof Element) || !target.matches("[data-typed]")) return;
  const form = target.closest(KEPT);
  if (!form) return;
  if (!form.hasAttribute("data-changed")) markChanged(form, true);
  keep(form);
}
document.addEventListener("htmx:afterSwap", added);
document.addEventListener("htmx:oobAfterSwap", added);

// Being saved: captured before htmx sends the form (or the browser does). Logging out
// forgets what was kept.
document.addEventListener(
  "submit",
  (event) => {
    if (event.target.matches(KEPT)) event.target.setAttribute("data-saving", "");
    if (event.target.matches("form[data-logout]")) forgetAll();
  },
  true,
);

// Saved, or not: a failed save (an error, no answer) leaves the form changed.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof Element) || !form.matches(KEPT)) return;
  form.removeAttribute("data-saving");
  markChanged(form, form.hasAttribute("data-changed") && !event.detail.successful);
});

// Saved (a 2xx; a refusal is a 4xx): forgotten before the answer takes the form's place, as
// an event on a form no longer on the page reaches no listener here.
document.addEventListener("htmx:beforeOnLoad", (event) => {
  const form = event.detail.elt;
  if (form instanceof Element && form.matches(KEPT) && event.detail.xhr.status < 300) forget(form);
});

document.addEventListener("htmx:confirm", (event) => {
  const { elt, target } = event.detail;
  const form = document.querySelector(CHANGED);
  // Only a request whose answer takes the form's place: not the form's own submission, nor
  // a search or a part loaded inside it.
  if (!form || !target || elt === form || !(target === form || target.contains(form))) return;
  event.preventDefault();
  if (window.confirm("Leave this form? What you typed has not been saved.")) {
    forget(form);
    markChanged(form, false);
    event.detail.issueRequest(true);
  }
});

// A form the server sent back unsaved, on a page or swapped in by htmx; or gone, saved.
document.addEventListener("htmx:afterSettle", () => {
  restoreAll();
  listen();
});
document.addEventListener("DOMContentLoaded", () => {
  restoreAll();
  listen();
});
