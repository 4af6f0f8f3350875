// Shows the dice digits in large boxes as they are typed, so the room sees them before the reveal.
(function () {
  function bind() {
    var input = document.querySelector("#reveal-form input[name=dice]");
    var boxes = document.querySelectorAll("#dice-display .digit");
    if (!input || !boxes.length) return;
    function show() {
      var digits = (input.value || "").replace(/\D/g, "").slice(0, boxes.length);
      boxes.forEach(function (box, i) {
        box.textContent = i < digits.length ? digits[i] : "·";
        box.classList.toggle("filled", i < digits.length);
      });
    }
    input.addEventListener("input", show);
    show();
  }
  document.addEventListener("DOMContentLoaded", bind);
  document.addEventListener("htmx:afterSwap", bind);
})();
