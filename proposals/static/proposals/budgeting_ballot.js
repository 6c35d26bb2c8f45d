/* Participatory budgeting ballot: a live "total / limit" line while boxes are ticked or
 * points typed. Progressive enhancement only: without this script the "Check my choices"
 * button shows the same total from the server, and nothing here decides what is valid.
 * Every word comes from the page (data-* attributes, translated on the server). */
(function () {
  "use strict";
  var form = document.querySelector("form.pb-ballot");
  if (!form) { return; }
  var live = document.getElementById("ballot-live");
  if (!live) { return; }
  var type = form.getAttribute("data-ballot-type");
  var limitCount = parseInt(form.getAttribute("data-limit-count"), 10);
  var limitCost = parseInt(form.getAttribute("data-limit-cost"), 10);
  var pointsTotal = parseInt(form.getAttribute("data-points-total"), 10);
  var text = form.getAttribute("data-live-text") || "";
  var overText = form.getAttribute("data-over-text") || "";
  var soumText = form.getAttribute("data-soum-text") || "{amount}";

  function grouped(number) {
    // Narrow no-break spaces between groups of three digits, as the server writes money.
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  function update() {
    var count = 0, total = 0, used = 0;
    if (type === "cumulative") {
      form.querySelectorAll("input.pb-points").forEach(function (input) {
        var points = parseInt(input.value, 10);
        if (points > 0) {
          count += 1;
          used += points;
          total += parseInt(input.getAttribute("data-cost"), 10) || 0;
        }
      });
    } else {
      form.querySelectorAll("input.pb-choice:checked").forEach(function (input) {
        count += 1;
        total += parseInt(input.getAttribute("data-cost"), 10) || 0;
      });
    }
    var over = (type === "approval" && count > limitCount) ||
      (type === "knapsack" && total > limitCost) ||
      (type === "cumulative" && used > pointsTotal);
    var line = text.trim()
      .replace("{count}", String(count))
      .replace("{used}", String(used))
      .replace("{total}", soumText.replace("{amount}", grouped(total)));
    live.textContent = over ? line + " " + overText : line;
    live.classList.toggle("pb-live-over", over);
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  live.hidden = false;
  update();
}());
