// Sandbox: submits the form marked data-autopost as soon as the page is ready, the way a
// platform's launch page does. Without JavaScript the form's visible button does the same.
(function () {
  function submit() {
    var form = document.querySelector('form[data-autopost]');
    if (form) {
      form.submit();
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', submit);
  } else {
    submit();
  }
})();
