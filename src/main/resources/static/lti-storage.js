// Client-side storage for the OIDC login.
// LtiStorage: the platform's storage frame (LTI OIDC Login with LTI Client Side postMessages):
// put_data and get_data requests to the frame the platform named in lti_storage_target. Both the
// "lti." and the older "org.imsglobal.lti." subjects are sent and accepted; the first answer counts.
// LtiFrameStorage: the tool frame's own sessionStorage (localStorage when that fails), which
// browsers partition by the top site and keep in frames where they refuse third-party cookies.
(function (global) {
  'use strict';
  var PREFIXES = ['lti.', 'org.imsglobal.lti.'];
  var FRAME_KEY = 'recovery-lab.login.';
  // a login state lives ten minutes; anything older is an abandoned login
  var MAX_AGE_MS = 15 * 60 * 1000;

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

  // Each store, or null where the browser refuses it (reading the property itself may throw).
  function stores() {
    var found = [];
    ['sessionStorage', 'localStorage'].forEach(function (name) {
      try {
        var store = window[name];
        var probe = FRAME_KEY + 'probe';
        store.setItem(probe, '1');
        store.removeItem(probe);
        found.push(store);
      } catch (e) {
        // refused in this frame
      }
    });
    return found;
  }

  function forgetOld(store, now) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(FRAME_KEY) === 0) {
        var at = parseInt(String(store.getItem(key)).split('.')[0], 10);
        if (!(now - at < MAX_AGE_MS)) {
          store.removeItem(key);
        }
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

  global.LtiFrameStorage = {
    // Keeps the login's secret in the first store the browser allows; false when none does.
    put: function (state, secret) {
      var available = stores();
      if (!available.length) {
        return false;
      }
      var now = Date.now();
      try {
        forgetOld(available[0], now);
        available[0].setItem(FRAME_KEY + state, now + '.' + secret);
        return true;
      } catch (e) {
        return false;
      }
    },
    // Reads the login's secret back and forgets it; '' when no store holds it.
    take: function (state) {
      var available = stores();
      for (var i = 0; i < available.length; i++) {
        var value = available[i].getItem(FRAME_KEY + state);
        if (value) {
          available[i].removeItem(FRAME_KEY + state);
          return value.substring(value.indexOf('.') + 1);
        }
      }
      return '';
    }
  };
}(window));
