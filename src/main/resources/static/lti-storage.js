// Client-side storage in the platform's window (LTI OIDC Login with LTI Client Side
// postMessages): put_data and get_data requests to the frame the platform named in
// lti_storage_target. Both the "lti." and the older "org.imsglobal.lti." subjects are sent and
// accepted; the first answer counts.
(function (global) {
  'use strict';
  var PREFIXES = ['lti.', 'org.imsglobal.lti.'];

  function targetWindow(frameName) {
    var base = window.opener || window.parent;
    if (!frameName || frameName === '_parent') {
      return base;
    }
    try {
      return base.frames[frameName] || base;
    } catch (e) {
      return base;
    }
  }

  function randomId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    var id = '';
    for (var i = 0; i < bytes.length; i++) {
      id += ('0' + bytes[i].toString(16)).slice(-2);
    }
    return id;
  }

  // Sends one request ("put_data" or "get_data"); calls done(error, response) exactly once.
  function send(frameName, origin, action, fields, timeoutMs, done) {
    var target = targetWindow(frameName);
    var messageId = randomId();
    var finished = false;
    function finish(error, data) {
      if (finished) {
        return;
      }
      finished = true;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      done(error, data);
    }
    function onMessage(event) {
      var data = event.data;
      if (event.origin !== origin || !data || typeof data !== 'object' || data.message_id !== messageId) {
        return;
      }
      if (data.subject !== 'lti.' + action + '.response' && data.subject !== 'org.imsglobal.lti.' + action + '.response') {
        return;
      }
      finish(data.error ? new Error(String(data.error.code || data.error)) : null, data);
    }
    window.addEventListener('message', onMessage);
    var timer = setTimeout(function () { finish(new Error('no answer from the platform'), null); }, timeoutMs);
    if (!target || target === window) {
      finish(new Error('no platform window'), null);
      return;
    }
    for (var i = 0; i < PREFIXES.length; i++) {
      var message = { subject: PREFIXES[i] + action, message_id: messageId };
      for (var key in fields) {
        if (Object.prototype.hasOwnProperty.call(fields, key)) {
          message[key] = fields[key];
        }
      }
      try {
        target.postMessage(message, origin);
      } catch (e) {
        finish(e, null);
        return;
      }
    }
  }

  global.LtiStorage = {
    put: function (frameName, origin, key, value, done) {
      send(frameName, origin, 'put_data', { key: key, value: value }, 2000, done);
    },
    get: function (frameName, origin, key, done) {
      send(frameName, origin, 'get_data', { key: key }, 2000, done);
    }
  };
}(window));
