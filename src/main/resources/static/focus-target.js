// After "Check answer" or "Continue" the page opens at #feedback: move keyboard and
// screen-reader focus there, so the feedback is read first. Without scripts the browser
// still scrolls to it.
(function () {
  var id = window.location.hash.slice(1);
  var target = id ? document.getElementById(id) : null;
  if (target && target.getAttribute('tabindex') === '-1') {
    target.focus();
  }
})();
