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
  if (form && !form.hasAttribute("data-changed")) markChanged(form, true);
});

function added(event) {
  const { target } = event.detail;
  if (!(target instanceof Element) || !target.matches("[data-typed]")) return;
  const form = target.closest(KEPT);
  if (form && !form.hasAttribute("data-changed")) markChanged(form, true);
}
document.addEventListener("htmx:afterSwap", added);
document.addEventListener("htmx:oobAfterSwap", added);

// Being saved: captured before htmx sends the form (or the browser does).
document.addEventListener(
  "submit",
  (event) => {
    if (event.target.matches(KEPT)) event.target.setAttribute("data-saving", "");
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

document.addEventListener("htmx:confirm", (event) => {
  const { elt, target } = event.detail;
  const form = document.querySelector(CHANGED);
  // Only a request whose answer takes the form's place: not the form's own submission, nor
  // a search or a part loaded inside it.
  if (!form || !target || elt === form || !(target === form || target.contains(form))) return;
  event.preventDefault();
  if (window.confirm("Leave this form? What you typed has not been saved.")) {
    markChanged(form, false);
    event.detail.issueRequest(true);
  }
});

// A form the server sent back unsaved, on a page or swapped in by htmx; or gone, saved.
document.addEventListener("htmx:afterSettle", listen);
document.addEventListener("DOMContentLoaded", listen);
