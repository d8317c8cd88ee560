// The frame's page when a launch goes on in a new window. Once the window is open the one-time
// ticket is spent, so the button gives way to a note. For deep linking, the picker in that
// window hands its signed answer back here (this frame is its opener), and this frame posts it
// to the platform, inside the platform's page where the answer is expected.
(function () {
  'use strict';
  var form = document.getElementById('lti-new-window');
  if (!form) {
    return;
  }
  var opened = document.getElementById('lti-new-window-opened');
  form.addEventListener('submit', function () {
    setTimeout(function () {
      form.hidden = true;
      opened.hidden = false;
    }, 0);
  });
  var relay = document.getElementById('lti-deep-link-relay');
  if (!relay) {
    return;
  }
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== window.location.origin || !data || typeof data !== 'object'
        || data.subject !== 'recovery-lab.deep-linking-response' || typeof data.jwt !== 'string') {
      return;
    }
    if (event.source) {
      event.source.postMessage({ subject: 'recovery-lab.deep-linking-response.received' }, event.origin);
    }
    relay.elements.JWT.value = data.jwt;
    relay.submit();
  });
}());
