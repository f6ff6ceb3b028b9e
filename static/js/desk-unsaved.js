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
// hidden field), kept beside what was typed in it.
const ROW_SOURCE = /^evidence-\d+-source$/;
const ROW = /^evidence-/;

function rowSources(form) {
  const sources = {};
  for (const field of form.querySelectorAll("input[type=hidden]")) {
    if (ROW_SOURCE.test(field.name)) sources[field.name] = field.value;
  }
  return sources;
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

function restore(form) {
  if (form.hasAttribute("data-changed") || form.querySelector(".desk-restored")) return;
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(draftKey(form)) ?? "null");
  } catch {
    return;
  }
  if (!kept?.values) return;
  const { values } = kept;
  const opened = startedFrom(form);
  const savedSince = (kept.from?.version ?? "") !== (opened.version ?? "");
  // Saved since with other sources, or in another order: a row put back would give its
  // stance and note to another source. The sources stay as saved; the note says so.
  const sources = rowSources(form);
  const rowsMoved =
    savedSince && JSON.stringify(kept.sources ?? {}) !== JSON.stringify(sources);
  let restored = false;
  const present = new Set();
  for (const field of typedFields(form)) {
    present.add(field.name);
    if (!(field.name in values) || (rowsMoved && ROW.test(field.name))) continue;
    const value = values[field.name];
    if (field.type === "checkbox" || field.type === "radio") {
      const checked = Array.isArray(value) && value.includes(field.value);
      restored ||= checked !== field.checked;
      field.checked = checked;
    } else if (field.value !== value) {
      field.value = value;
      restored = true;
    }
  }
  // Evidence rows are added by finding their sources: those the kept text had are not back.
  const uncited = rowsMoved
    ? 0
    : Object.keys(values).filter((name) => /^evidence-\d+-note$/.test(name) && !present.has(name))
        .length;
  // What was written of the sources, when not put back: said in the note, to copy.
  const notesNotBack = rowsMoved
    ? Object.entries(values)
        .filter(([name, value]) => /^evidence-\d+-note$/.test(name) && String(value).trim())
        .map(([, value]) => `“${String(value).trim()}”`)
    : [];
  if (!restored && !uncited && !notesNotBack.length) {
    // Nothing to put back: the form says what was kept (the browser may have filled it in
    // again itself, on a reload), or it was saved since. Kept while it differs from the page.
    const typed = typedFields(form).some((field) =>
      field.type === "checkbox" || field.type === "radio"
        ? field.checked !== field.defaultChecked
        : field.value !== field.defaultValue,
    );
    if (typed) markChanged(form, true);
    else forget(form);
    return;
  }
  if (savedSince) startFrom(form, kept.from); // saving it is then merged with theirs
  const note = document.createElement("div");
  note.className = "desk-restored";
  note.setAttribute("role", "status");
  const said = document.createElement("p");
  said.textContent =
    "What you typed here earlier is back in the form: it has not been saved yet." +
    (savedSince
      ? " Someone has saved this since you typed it: saving yours shows what they changed," +
        " taking in what you had not changed."
      : "") +
    (rowsMoved
      ? " Its sources are as they saved them, not as you had them: check them against yours." +
        (notesNotBack.length ? ` What you wrote of yours: ${notesNotBack.join("; ")}.` : "")
      : "") +
    (uncited === 1 ? " The source it cited is not: find it again." : "") +
    (uncited > 1 ? ` The ${uncited} sources it cited are not: find them again.` : "");
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
