// "Add a row" buttons of inline formsets: each clones the formset's empty form, numbered
// after the rows already there. Without JavaScript the blank rows the server sends remain.
document.querySelectorAll("[data-formset-add]").forEach((button) => {
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty-row`);
  const rows = document.getElementById(`${prefix}-rows`);
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    const row = template.content.firstElementChild.cloneNode(true);
    row.innerHTML = row.innerHTML.replaceAll("__prefix__", String(index));
    rows.append(row);
    total.value = String(index + 1);
    row.querySelector("input, select, textarea")?.focus();
  });
});
