// Launch step when the login cookie did not come back: read the browser secret the login kept
// (the frame's own storage first, then the platform's storage frame) and post it to the tool
// with the id_token. When neither holds it the form goes without it, and the tool handles the
// launch as one it cannot tie to this browser. Without JavaScript the button does the same.
(function () {
  'use strict';
  var form = document.getElementById('lti-launch-storage');
  if (!form) {
    return;
  }
  var d = form.dataset;
  function submit(secret) {
    form.elements.browser_secret.value = secret || '';
    form.submit();
  }
  var secret = LtiFrameStorage.take(d.state);
  if (secret || !(d.storageTarget && d.platformOrigin)) {
    submit(secret);
    return;
  }
  LtiStorage.get(d.storageTarget, d.platformOrigin, 'lti_binding_' + d.state, function (error, answer) {
    submit(!error && answer && typeof answer.value === 'string' ? answer.value : '');
  });
}());
