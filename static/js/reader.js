// The reader's pages, made livelier once htmx is there. Every link and form on them works
// without this file; it only decides what htmx does on a few occasions. No inline code
// anywhere: the pages run under a strict Content-Security-Policy.
(() => {
  "use strict";

  // A filter form's search box sends its words as they are typed (input, after a pause);
  // leaving the box fires "change" too, which the form would send again (its other fields
  // send on change): a second request for the same list, which came back after a "More"
  // clicked meanwhile and put the list back to its first page. The form never hears it.
  document.addEventListener(
    "change",
    (event) => {
      if (event.target.matches?.("form[data-tidy-query] input[type=search]")) {
        event.stopPropagation();
      }
    },
    true,
  );

  // A request no view can read (a file of many megabytes, a NUL character pasted from a
  // PDF, a form whose page expired) is refused before any of it is kept, with a 400, 403
  // or 413 in a sentence of plain text that htmx does not swap: the sentence goes at the
  // top of the form that sent it, which is otherwise left as it was, with what was typed.
  const refusedUnread = (xhr) =>
    [400, 403, 413].includes(xhr?.status) &&
    Boolean(xhr.getResponseHeader("Content-Type")?.startsWith("text/plain"));
  document.addEventListener("htmx:responseError", (event) => {
    const { xhr, elt } = event.detail;
    if (!refusedUnread(xhr)) return;
    const form = elt.closest("form") ?? elt;
    let alert = form.querySelector(":scope > [data-refused-unread]");
    if (!alert) {
      alert = document.createElement("p");
      alert.className = "desk-error";
      alert.setAttribute("role", "alert");
      alert.toggleAttribute("data-refused-unread", true);
      form.prepend(alert);
    }
    alert.textContent = xhr.responseText;
    alert.scrollIntoView({ block: "nearest" });
  });
  // Gone once the form is sent again and read.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (!refusedUnread(event.detail.xhr)) {
      event.detail.elt.closest?.("form")?.querySelector(":scope > [data-refused-unread]")?.remove();
    }
  });

  // A filter the server cannot read is answered 400 with a message in the fragment, so the
  // status is honest; htmx does not swap 4xx responses unless told to, so tell it, for the
  // forms that ask for it (data-swap-errors).
  document.addEventListener("htmx:beforeSwap", (event) => {
    const { xhr, requestConfig } = event.detail;
    // (Not a request refused unread: a sentence, not the fragment, said in the form.)
    const fragment = xhr.status === 400 && !refusedUnread(xhr);
    if (fragment && requestConfig.elt.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Back or Forward to an address the server refused (a filter it cannot read, 400): htmx
  // fetches it, swaps nothing and leaves the last list under the new address. Loaded as a
  // page instead, it shows what was refused and why, as it did the first time.
  document.addEventListener("htmx:historyCacheMissLoadError", () => window.location.reload());

  // django-htmx's debug script (in development) replaces the whole document with any 400
  // it sees, from a listener on the document. These 400s are intended and shown as above,
  // so they stop short of the document: the listener never sees them.
  document.documentElement.addEventListener("htmx:beforeOnLoad", (event) => {
    const { xhr, elt } = event.detail;
    const swapped = xhr.status === 400 && elt.closest("[data-swap-errors]");
    if (swapped || refusedUnread(xhr)) event.stopPropagation();
  });

  // A field's error comes back out of band, into the slot beside it (data-error-for): the
  // field is marked invalid while there is one, and described by it.
  document.addEventListener("htmx:afterSettle", () => {
    for (const slot of document.querySelectorAll("[data-error-for]")) {
      const field = document.getElementById(slot.dataset.errorFor);
      if (!field) continue;
      const error = slot.querySelector(".field-error");
      const described = (field.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter((id) => id && !id.endsWith("_error"));
      if (error) {
        field.setAttribute("aria-invalid", "true");
        described.push(error.id);
      } else {
        field.removeAttribute("aria-invalid");
      }
      field.setAttribute("aria-describedby", described.join(" "));
    }
  });

  // On the desk's forms, a field's error goes as soon as the field is filled in: "This field
  // is required." must not stay beside a field that now holds something (the server checks
  // again when the form is sent). Radio buttons share their group's error (id_level_error).
  const clearFilledError = (event) => {
    const field = event.target;
    if (!field.form || !field.form.classList.contains("desk-form") || !field.id) return;
    const base = field.type === "radio" ? field.id.replace(/_\d+$/, "") : field.id;
    const error = document.getElementById(`${base}_error`);
    const filled = field.type === "radio" ? field.checked : field.value.trim() !== "";
    if (!error || !filled) return;
    error.remove();
    const group = field.type === "radio" ? field.form.querySelectorAll(`[name="${field.name}"]`) : [field];
    for (const each of group) {
      each.removeAttribute("aria-invalid");
      const described = (each.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter((id) => id && id !== error.id);
      if (described.length) each.setAttribute("aria-describedby", described.join(" "));
      else each.removeAttribute("aria-describedby");
    }
  };
  document.addEventListener("input", clearFilledError);
  document.addEventListener("change", clearFilledError);

  // A filter form left empty adds nothing to the URL it pushes, so a shared link shows only
  // the filters that were chosen (/?topic=cyber, not /?q=&dates=&speaker=&topic=cyber).
  document.addEventListener("htmx:configRequest", (event) => {
    const { elt, parameters } = event.detail;
    if (!elt.matches("form[data-tidy-query]")) return;
    for (const [name, value] of Array.from(parameters.entries())) {
      if (value === "") delete parameters[name];
    }
  });

  // Disclosures (aria-expanded + aria-controls) open their region in place: the first
  // opening fetches it, later ones only show or hide what is already there.
  const regionOf = (toggle) => document.getElementById(toggle.getAttribute("aria-controls"));

  document.addEventListener("htmx:confirm", (event) => {
    const toggle = event.detail.elt;
    if (!toggle.hasAttribute("aria-expanded")) return;
    const region = regionOf(toggle);
    if (!region || !region.hasAttribute("data-loaded")) return; // let htmx fetch it
    event.preventDefault();
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    region.hidden = !open;
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const toggle = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!toggle || !toggle.hasAttribute("aria-expanded")) return;
    const region = regionOf(toggle);
    if (region && region === event.detail.target) {
      region.setAttribute("data-loaded", "");
      region.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
    }
  });

  // Focus after a swap. "Load more" loads only when asked (never as the reader scrolls past,
  // which would push the footer out of reach for ever); when clicked or focused it moves
  // focus to the first new event, where reading carries on: the link it was on is gone.
  // Otherwise, if the swap took away the focused element, focus goes to what the server
  // marked data-swap-focus in the new content (a year jumped to, the order just chosen).
  const loadMoreClicks = new WeakMap();

  document.addEventListener("htmx:beforeRequest", (event) => {
    const { elt, requestConfig } = event.detail;
    if (elt.hasAttribute("data-load-more")) {
      const clicked = requestConfig.triggeringEvent && requestConfig.triggeringEvent.type === "click";
      loadMoreClicks.set(requestConfig, {
        moveFocus: clicked || document.activeElement === elt,
        before: document.querySelectorAll("#chronology .event").length,
      });
    }
  });

  // The strip of events per year marks the years on this page (density__link--here); after
  // "Load more", the years just appended are on it too. A year's bar then leads to its
  // heading on the page rather than loading the chronology from there (the clone leaves
  // htmx's handler behind); a decade's keeps its link.
  const markYearsOnPage = () => {
    const years = new Set(
      Array.from(document.querySelectorAll("#chronology .year__heading[id^='year-']"), (heading) =>
        Number(heading.id.slice("year-".length)),
      ),
    );
    for (const link of document.querySelectorAll(".density__link[data-years]")) {
      if (link.classList.contains("density__link--here")) continue;
      const [from, to] = link.dataset.years.split(" ").map(Number);
      let shown = null;
      for (let year = from; year <= to && shown === null; year += 1) {
        if (years.has(year)) shown = year;
      }
      if (shown === null) continue;
      let mark = link;
      if (from === to) {
        mark = link.cloneNode(true);
        for (const name of ["hx-get", "hx-target", "hx-swap", "hx-push-url"]) mark.removeAttribute(name);
        mark.setAttribute("href", `#year-${shown}`);
        link.replaceWith(mark);
      }
      mark.classList.add("density__link--here");
      mark.setAttribute("aria-current", "location");
      mark.setAttribute("aria-label", `${mark.getAttribute("aria-label")}, on this page`);
    }
  };

  // (afterSettle fires for each element settled, the new content and any out-of-band
  // parts; after the first, there is nothing left to do.)
  document.addEventListener("htmx:afterSettle", (event) => {
    const { requestConfig } = event.detail;
    if (!requestConfig) return;
    const loadMore = loadMoreClicks.get(requestConfig);
    if (loadMore) {
      const first = document.querySelectorAll("#chronology .event")[loadMore.before];
      const link = first && first.querySelector(".event__title a");
      if (loadMore.moveFocus && link) link.focus();
      loadMoreClicks.delete(requestConfig);
      markYearsOnPage();
      return;
    }
    const wanted = document.querySelector("[data-swap-focus]");
    if (!wanted) return;
    wanted.removeAttribute("data-swap-focus");
    const lost = !document.activeElement || document.activeElement === document.body;
    if (lost) wanted.focus();
  });
})();
