// Long checkbox lists (capabilities, technology areas): a filter box over the labels, and
// a count of the boxes ticked in each section. Without this file the lists still work.
(function () {
  function fold(text) { return text.normalize('NFKC').toLowerCase(); }

  document.querySelectorAll('[data-choice-picker]').forEach(function (picker) {
    var tools = picker.querySelector('.choice-tools');
    var filter = picker.querySelector('.choice-filter');
    var summary = picker.querySelector('.choice-summary');
    var none = picker.querySelector('.choice-none');
    var labels = Array.prototype.slice.call(picker.querySelectorAll('.choice-options label'));
    var groups = Array.prototype.slice.call(picker.querySelectorAll('.choice-group'));
    labels.forEach(function (label) { label.dataset.terms = fold(label.textContent + ' ' + label.querySelector('input').value); });
    tools.hidden = false;

    function counts() {
      var total = 0;
      groups.forEach(function (group) {
        var ticked = group.querySelectorAll('input:checked').length;
        var badge = group.querySelector('.choice-count');
        badge.textContent = ticked;
        badge.hidden = ticked === 0;
      });
      total = picker.querySelectorAll('.choice-options input:checked').length;
      summary.textContent = summary.textContent.replace(/\d+/, total);
    }

    function apply() {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      labels.forEach(function (label) {
        var match = words.every(function (word) { return label.dataset.terms.indexOf(word) !== -1; });
        label.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) {
        var visible = group.querySelectorAll('.choice-options label:not([hidden])').length;
        group.hidden = visible === 0;
        if (words.length) { group.open = visible > 0; }
      });
      none.hidden = shown > 0;
    }

    filter.addEventListener('input', apply);
    // Enter in the filter must not submit the whole form.
    filter.addEventListener('keydown', function (event) { if (event.key === 'Enter') { event.preventDefault(); } });
    picker.addEventListener('change', counts);
  });
})();
