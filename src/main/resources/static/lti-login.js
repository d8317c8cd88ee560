// Login step inside another site's frame: keep the browser secret in the frame's own storage
// (and the platform's storage frame, when it offered one), tell the tool that this browser
// keeps it (the cookie rides along when the browser kept it), then go on to the platform's
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
  function platformStorageThenProceed() {
    if (d.storageTarget && d.platformOrigin) {
      LtiStorage.put(d.storageTarget, d.platformOrigin, 'lti_binding_' + d.state, d.secret, function () {
        proceed();
      });
    } else {
      proceed();
    }
  }
  var stored = LtiFrameStorage.put(d.state, d.secret);
  var reported = false;
  function next() {
    if (!reported) {
      reported = true;
      platformStorageThenProceed();
    }
  }
  try {
    var report = new XMLHttpRequest();
    report.open('POST', '/lti/bound');
    report.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    report.onloadend = next;
    report.send('state=' + encodeURIComponent(d.state) + (stored ? '&secret=' + encodeURIComponent(d.secret) : ''));
  } catch (e) {
    next();
  }
  // the report only hardens the launch; the login never waits long for it
  setTimeout(next, 1500);
}());
