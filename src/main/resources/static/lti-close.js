// Ends dynamic registration: tells the platform (which opened this page in a dialog, iframe or
// window) that it may close it (LTI Dynamic Registration 1.0, section 3.7).
(function () {
  'use strict';
  function notify() {
    var platform = window.opener || window.parent;
    if (platform && platform !== window) {
      platform.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
    }
  }
  notify();
  var button = document.getElementById('lti-close');
  if (button) {
    button.addEventListener('click', function () {
      notify();
      window.close();
    });
  }
}());
