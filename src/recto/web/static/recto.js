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

  // Pointing at a sentence lights up the sentences that translate it (the stored alignment).
  var data = document.getElementById("counterparts");
  if (data) {
    var links = JSON.parse(data.textContent);
    var lit = [];
    function clear() { lit.forEach(function (el) { el.classList.remove("hl"); }); lit = []; }
    function show(id) {
      clear();
      [id].concat(links[id] || []).forEach(function (sid) {
        reading.querySelectorAll('[data-s="' + sid + '"]').forEach(function (el) { el.classList.add("hl"); lit.push(el); });
      });
    }
    reading.querySelectorAll("[data-s]").forEach(function (el) {
      el.addEventListener("mouseenter", function () { show(el.getAttribute("data-s")); });
      el.addEventListener("click", function () { show(el.getAttribute("data-s")); });  // touch screens
    });
    reading.addEventListener("mouseleave", clear);
    return;
  }

  // Without sentence links, pointing at a row lights the row: its cells translate each other.
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
