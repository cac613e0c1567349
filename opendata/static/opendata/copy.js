// Copy buttons for the citations. The citations are plain text on the page; this only
// adds the buttons, so that nothing depends on JavaScript to be read or selected.
(function () {
  var status = document.querySelector(".copy-status");
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      navigator.clipboard.writeText(text).then(
        function () { if (status) status.textContent = button.dataset.done || "✓"; },
        function () { if (status) status.textContent = ""; }
      );
    });
  });
})();
