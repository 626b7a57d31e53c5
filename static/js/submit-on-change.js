// A choice that shows another view at once: changing it submits its form (a button does
// the same without JavaScript).
document.querySelectorAll("[data-submit-on-change]").forEach((field) => {
  field.addEventListener("change", () => field.form.submit());
});
