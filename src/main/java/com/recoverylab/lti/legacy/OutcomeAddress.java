package com.recoverylab.lti.legacy;

import java.util.Objects;

/** Where a learner's grade for one link goes: the platform's Basic Outcomes URL and result id. */
record OutcomeAddress(String serviceUrl, String sourcedId) {
  OutcomeAddress {
    Objects.requireNonNull(serviceUrl, "serviceUrl");
    Objects.requireNonNull(sourcedId, "sourcedId");
  }
}
