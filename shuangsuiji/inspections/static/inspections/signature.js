// A drawn signature on a phone or with a mouse: strokes on a canvas, sent as a PNG data URL.
(function () {
  function setup(form) {
    var canvas = form.querySelector(".sign-pad");
    var input = form.querySelector("input[name=image]");
    if (!canvas || !input) return;
    var ctx = canvas.getContext("2d");
    var drawing = false, drawn = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; canvas.setPointerCapture(e.pointerId);
      var p = point(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) {
      canvas.addEventListener(t, function () { drawing = false; });
    });
    form.querySelector(".sign-clear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; input.value = "";
    });
    form.addEventListener("submit", function (e) {
      if (!drawn) { e.preventDefault(); alert("请先在签字框内签字"); return; }
      input.value = canvas.toDataURL("image/png");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sign-form").forEach(setup);
  });
})();
