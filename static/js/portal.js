// Progressive enhancement only: every page works without JavaScript.
// Choosing a language switches at once. Filters wait for "Apply filters": several ticks
// are one page load, and on a phone the filter panel stays open while choosing.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input.matches("select[data-autosubmit]")) {
    input.form.requestSubmit();
  }
});

// Leave empty fields out of the query string, so that shared links stay short.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method === "get") {
    for (const field of form.elements) {
      if (field.name && field.value === "" && !field.disabled) {
        field.disabled = true;
      }
    }
  }
});

// A choices page: typing a few letters hides the choices whose name does not contain them.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches("[data-find-in]")) return;
  const wanted = input.value.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  let shown = 0;
  for (const item of document.querySelectorAll(`${input.dataset.findIn} li`)) {
    const text = item.textContent.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
    item.hidden = !text.includes(wanted);
    shown += item.hidden ? 0 : 1;
  }
  document.querySelector(input.dataset.none).hidden = shown > 0;
});

// A skip link moves the keyboard's focus to where it points (a section, or a button).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.skip-link");
  const target = link && document.querySelector(link.getAttribute("href"));
  if (target) {
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "nearest" });
  }
});

// On a phone the filter panel folds each counted filter not in use, so that Apply is a
// few taps away, and the list's map starts folded, so that the list comes first. On a wide
// screen all stay open, as they are without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 991.98px)").matches) return;
  for (const group of document.querySelectorAll("details.facet-group")) {
    group.open = group.querySelector("input:checked") !== null;
  }
  for (const panel of document.querySelectorAll("details[data-fold-on-phone]")) {
    panel.open = false;
  }
});
