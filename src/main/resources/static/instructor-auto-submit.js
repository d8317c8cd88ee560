// Posts a form marked data-auto-submit as soon as the page loads (the deep-linking answer to
// the platform). Without JavaScript the form's own button does the same.
(function () {
  var form = document.querySelector('form[data-auto-submit="true"]');
  if (form) {
    form.submit();
  }
})();
