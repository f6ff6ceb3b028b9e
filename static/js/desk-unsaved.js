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
// the same editor untouched (not sent back by the server with text in it) and at the same
// version of what it edits, gets it back, with a note saying so and a button to discard
// it; a save, a Cancel agreed to, or logging out forgets it.

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

// Kept in this tab: the typed fields, by name, under the page, the form's address and the
// version of what it edits (a version saved since makes what was kept for it stale).
const TYPED =
  "textarea, select, input:not([type=hidden], [type=search], [type=file], [type=submit], [type=button])";

// Kept for the editor who typed it (the form's data-keep-typed names them): another who
// logs in on the same tab is not offered it; logging out forgets all of it.
const DRAFT = "desk-typed";

function draftKey(form) {
  const version = form.querySelector("input[name=version]")?.value ?? "";
  const editor = form.dataset.keepTyped ?? "";
  return `${DRAFT} ${editor} ${location.pathname} ${form.getAttribute("action") ?? ""} ${version}`;
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

function keep(form) {
  const values = {};
  for (const field of typedFields(form)) {
    if (field.type === "checkbox" || field.type === "radio") {
      values[field.name] ??= [];
      if (field.checked) values[field.name].push(field.value);
    } else values[field.name] = field.value;
  }
  try {
    sessionStorage.setItem(draftKey(form), JSON.stringify(values));
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
  let values = null;
  try {
    values = JSON.parse(sessionStorage.getItem(draftKey(form)) ?? "null");
  } catch {
    return;
  }
  if (!values) return;
  let restored = false;
  const present = new Set();
  for (const field of typedFields(form)) {
    present.add(field.name);
    if (!(field.name in values)) continue;
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
  const uncited = Object.keys(values).filter(
    (name) => /^evidence-\d+-note$/.test(name) && !present.has(name),
  ).length;
  if (!restored && !uncited) {
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
  const note = document.createElement("div");
  note.className = "desk-restored";
  note.setAttribute("role", "status");
  const said = document.createElement("p");
  said.textContent =
    "What you typed here earlier is back in the form: it has not been saved yet." +
    (uncited === 1 ? " The source it cited is not: find it again." : "") +
    (uncited > 1 ? ` The ${uncited} sources it cited are not: find them again.` : "");
  const discard = document.createElement("button");
  discard.type = "button";
  discard.className = "link-button";
  discard.textContent = "Discard it";
  discard.addEventListener("click", () => {
    forget(form);
    form.reset(); // back to what the page came with
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
