// The admin's own additions; inline handlers are blocked by the Content-Security-Policy.
// The language switcher applies the language chosen at once.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});
