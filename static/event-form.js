// The event and report forms with a thumb: search in checkbox lists, one more speaker or
// country line at a time, and the participation part shown only for a past event.
// Everything here is an enhancement: without it the forms show all their parts and work.
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUpSearch(box) {
    var list = document.getElementById(box.getAttribute("data-filters"));
    if (!list) return;
    box.closest("label").hidden = false;
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      list.querySelectorAll("label").forEach(function (label) {
        var input = label.querySelector("input");
        // The code too (IN-KERALA): a name shown in Japanese is still found by its Latin name.
        var text = fold(label.textContent + " " + input.value);
        label.hidden = wanted !== "" && !input.checked && text.indexOf(wanted) < 0;
      });
    });
  }

  // A copy of the <template> row, numbered after the rows there are (WTForms reads
  // speakers-0-name, speakers-1-name, ...).
  function setUpAddRow(button) {
    var template = document.getElementById(button.getAttribute("data-add-row"));
    var rows = document.getElementById(button.getAttribute("data-rows"));
    if (!template || !rows) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = String(rows.querySelectorAll("[data-row]").length);
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (node) {
        ["id", "name", "for", "aria-describedby"].forEach(function (attribute) {
          var value = node.getAttribute(attribute);
          if (value) node.setAttribute(attribute, value.split("__i__").join(index));
        });
      });
      rows.appendChild(row);
      var first = row.querySelector("input");
      if (first) first.focus();
    });
  }

  function setUpPastOnly(part) {
    var form = part.closest("form");
    var start = form.querySelector("[name=start_date]");
    var end = form.querySelector("[name=end_date]");
    var hint = part.querySelector("[data-no-script-hint]");
    if (hint) hint.hidden = true;
    function update() {
      var today = new Date().toISOString().slice(0, 10);
      var last = (end && end.value) || (start && start.value) || "";
      var filled = Array.prototype.some.call(part.querySelectorAll("input"), function (input) {
        return input.value !== "";
      });
      part.hidden = !filled && !(last !== "" && last < today);
    }
    [start, end].forEach(function (input) {
      if (input) input.addEventListener("change", update);
    });
    update();
  }

  // Choosing the language the text is written in opens that language's folded fields.
  // Also at once: the choice may have been made before this script ran.
  function setUpLanguage(select) {
    function openChosen() {
      var title = document.getElementById("title_" + select.value);
      var folded = title && title.closest("details");
      if (folded) folded.open = true;
    }
    select.addEventListener("change", openChosen);
    openChosen();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var language = document.getElementById("original_language");
    if (language) setUpLanguage(language);
    document.querySelectorAll("input[data-filters]").forEach(setUpSearch);
    document.querySelectorAll("button[data-add-row]").forEach(setUpAddRow);
    document.querySelectorAll("[data-past-only]").forEach(setUpPastOnly);
  });
})();
