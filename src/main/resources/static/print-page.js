// The "Print or save as PDF" button needs scripts, so it stays hidden without them
// (the browser's own print command works on the page either way).
(function () {
  var buttons = document.querySelectorAll('button.print-page');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () { window.print(); });
  }
})();
