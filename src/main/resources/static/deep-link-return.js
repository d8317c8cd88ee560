// Sends the deep-linking answer to the platform. When this window was opened by the tool's own
// page in the platform's frame (the browser kept nothing for the tool there), the answer goes
// back to that frame, which posts it inside the platform's page; otherwise, and without
// JavaScript, the form posts it from here.
(function () {
  'use strict';
  var form = document.getElementById('deep-link-return');
  if (!form) {
    return;
  }
  var opener = null;
  try {
    // reading the opener's address throws unless it is a page of this tool
    opener = window.opener && window.opener !== window && window.opener.location.href ? window.opener : null;
  } catch (e) {
    opener = null;
  }
  if (!opener) {
    form.submit();
    return;
  }
  var received = false;
  function onMessage(event) {
    if (event.origin !== window.location.origin || !event.data
        || event.data.subject !== 'recovery-lab.deep-linking-response.received') {
      return;
    }
    received = true;
    window.removeEventListener('message', onMessage);
    form.hidden = true;
    document.getElementById('deep-link-sent').hidden = false;
    window.close();
  }
  window.addEventListener('message', onMessage);
  opener.postMessage({ subject: 'recovery-lab.deep-linking-response', jwt: form.elements.JWT.value },
    window.location.origin);
  setTimeout(function () {
    if (!received) {
      window.removeEventListener('message', onMessage);
      form.submit();
    }
  }, 2000);
}());
