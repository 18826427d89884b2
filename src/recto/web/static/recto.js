// Recto reading room: everything here only adds to pages that work without it.
(function () {
  "use strict";
  var reading = document.querySelector(".reading");
  if (!reading) return;

  // Layout links switch in place and keep the URL shareable.
  document.querySelectorAll(".layouts a[data-layout]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var layout = link.getAttribute("data-layout");
      reading.className = reading.className.replace(/layout-\S+/, "layout-" + layout);
      document.querySelectorAll(".layouts a").forEach(function (a) { a.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "true");
      var url = new URL(window.location.href);
      url.searchParams.set("layout", layout);
      window.history.replaceState(null, "", url);
    });
  });

  // Pointing at a passage lights up its counterpart: the cells of one row translate each other.
  if (reading.classList.contains("unpaired")) return;
  function light(row, on) {
    row.querySelectorAll(".cell").forEach(function (cell) { cell.classList.toggle("active", on); });
  }
  reading.querySelectorAll(".row:not(.heads)").forEach(function (row) {
    row.addEventListener("mouseenter", function () { light(row, true); });
    row.addEventListener("mouseleave", function () { light(row, false); });
    row.addEventListener("focusin", function () { light(row, true); });
    row.addEventListener("focusout", function () { light(row, false); });
  });
})();
