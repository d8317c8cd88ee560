// Launch step with client-side storage: read state and nonce back from the platform's storage
// frame and post them to the tool, which compares them with the login it started. When the
// platform does not answer, the page offers to open the tool in a new window instead.
(function () {
  'use strict';
  var form = document.getElementById('lti-launch-storage');
  if (!form) {
    return;
  }
  var d = form.dataset;
  function fail() {
    document.getElementById('lti-checking').hidden = true;
    document.getElementById('lti-storage-failed').hidden = false;
  }
  LtiStorage.get(d.storageTarget, d.platformOrigin, 'state_' + d.state, function (error, stateAnswer) {
    if (error || !stateAnswer || !stateAnswer.value) {
      fail();
      return;
    }
    LtiStorage.get(d.storageTarget, d.platformOrigin, 'nonce_' + d.nonce, function (nonceError, nonceAnswer) {
      if (nonceError || !nonceAnswer || !nonceAnswer.value) {
        fail();
        return;
      }
      form.elements.lti_stored_state.value = stateAnswer.value;
      form.elements.lti_stored_nonce.value = nonceAnswer.value;
      form.submit();
    });
  });
}());
