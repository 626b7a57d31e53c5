// Preselects the browser's own time zone in a sign-up zone list, when the list has it.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll('select.time-zone[data-from-browser]').forEach(function (select) {
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
    if (option) { select.value = zone; }
  });
})();
