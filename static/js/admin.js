// The admin's own additions; inline handlers are blocked by the Content-Security-Policy.
// django-import-export's export form: "Select all" toggles every field's checkbox.
// The language switcher applies the language chosen at once.
document.addEventListener("change", (event) => {
  if (event.target.matches(".select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event); // from import_export/export_selectable_fields.js
  }
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});
