// Login step with client-side storage: keep state and nonce in the platform's storage frame,
// then go on to the platform's authorization endpoint. When the platform does not answer, the
// login cookie set with this page is the fallback.
(function () {
  'use strict';
  var box = document.getElementById('lti-login-storage');
  if (!box) {
    return;
  }
  var d = box.dataset;
  function proceed() {
    window.location.href = d.authUrl;
  }
  LtiStorage.put(d.storageTarget, d.platformOrigin, 'state_' + d.state, d.state, function (error) {
    if (error) {
      proceed();
      return;
    }
    LtiStorage.put(d.storageTarget, d.platformOrigin, 'nonce_' + d.nonce, d.nonce, function () {
      proceed();
    });
  });
}());
