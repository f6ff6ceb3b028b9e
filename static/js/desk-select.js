// The desk's transcript page: turn a selection of words into the claim form's quote.
//
// The server counts offsets in Unicode code points (W3C Web Annotation, TextPositionSelector)
// while JavaScript strings count UTF-16 code units, so a character outside the Basic
// Multilingual Plane (an emoji, a rare CJK ideograph) is one code point but two units.
// Offsets are therefore measured by spreading strings into code points ([...text].length).
// The form sends the selected words and where they start; the server anchors them itself.

const PASSAGE = ".desk-passage";

function codePoints(text) {
  return [...text].length;
}

function passageOf(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return element ? element.closest(PASSAGE) : null;
}

function setStatus(message) {
  const status = document.getElementById("desk-selection-status");
  if (status) status.textContent = message;
}

function fill(exact, start) {
  const words = document.getElementById("id_exact");
  const hint = document.getElementById("id_hint");
  if (!words || !hint) return;
  words.value = exact;
  hint.value = String(start);
  const count = exact.split(/\s+/).filter(Boolean).length;
  setStatus(`${count} word${count === 1 ? "" : "s"} selected; now write the claim.`);
  const link = document.querySelector(".desk-selection-link");
  if (link) link.hidden = false;
}

function captureSelection() {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  const startPassage = passageOf(range.startContainer);
  const endPassage = passageOf(range.endContainer);
  if (!startPassage && !endPassage) return; // a selection elsewhere on the page
  if (startPassage !== endPassage) {
    setStatus("Select words within one paragraph: a quote cannot span two.");
    return;
  }
  const selected = range.toString();
  const exact = selected.trim();
  if (!exact) return;
  // Text of the passage before the selection, as the DOM holds it (marks included).
  const before = document.createRange();
  before.setStart(startPassage, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const leading = selected.length - selected.trimStart().length;
  const start =
    Number(startPassage.dataset.start) +
    codePoints(before.toString()) +
    codePoints(selected.slice(0, leading));
  fill(exact, start);
}

function pickQuote(event) {
  const mark = event.target.closest(".desk-quote");
  const selection = document.getSelection();
  if (!mark || (selection && !selection.isCollapsed)) return;
  fill(mark.textContent, Number(mark.dataset.start));
}

// Words typed or pasted into the box by hand are not the selection any more: where the
// selection started must not pick among the places the new words occur.
function forgetSelection(event) {
  if (event.target.id !== "id_exact") return;
  const hint = document.getElementById("id_hint");
  if (hint && hint.value) {
    hint.value = "";
    setStatus("Words typed by hand: they must occur once in the transcript, or be selected.");
  }
}

document.addEventListener("selectionchange", captureSelection);
document.addEventListener("click", pickQuote);
document.addEventListener("input", forgetSelection);
