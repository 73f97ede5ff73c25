// Clicking a highlighted quote (not a link inside it) shows its record in the side panel.
// Everything else works without script: highlights are links to the panel or to actor pages.
document.addEventListener("click", (event) => {
  const target = event.target;
  if (!(target instanceof Element) || target.closest("a")) return;
  const span = target.closest("[data-ref]");
  if (span) location.hash = span.getAttribute("data-ref");
});
