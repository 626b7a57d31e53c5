// A "select all" box ticks every box of its form's rows, and a row unticked unticks it.
// Without JavaScript the box still counts: the server then takes every row.
document.querySelectorAll("[data-select-all]").forEach((all) => {
  const rows = () => document.querySelectorAll(`input[name="application"][form="${all.dataset.selectAll}"]`);
  all.addEventListener("change", () => {
    rows().forEach((box) => {
      box.checked = all.checked;
    });
  });
  rows().forEach((box) => {
    box.addEventListener("change", () => {
      if (!box.checked) all.checked = false;
    });
  });
});
