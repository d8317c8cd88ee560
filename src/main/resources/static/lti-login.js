// Login step inside another site's frame: keep the browser secret in the frame's own storage
// (and the platform's storage frame, when it offered one), then go on to the platform's
// authorization endpoint. Without JavaScript the page's link goes on with the cookie alone.
(function () {
  'use strict';
  var box = document.getElementById('lti-login-storage');
  if (!box) {
    return;
  }
  var d = box.dataset;
  function proceed() {
    window.location.replace(d.authUrl);
  }
  LtiFrameStorage.put(d.state, d.secret);
  if (d.storageTarget && d.platformOrigin) {
    LtiStorage.put(d.storageTarget, d.platformOrigin, 'lti_binding_' + d.state, d.secret, function () {
      proceed();
    });
  } else {
    proceed();
  }
}());
