package com.recoverylab.lti.registration;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Whether an address the tool is asked to fetch lies on the public internet. Loopback, private (RFC
 * 1918, IPv6 unique-local), carrier-grade NAT, link-local (with the cloud metadata address
 * 169.254.169.254) and unspecified addresses reach the tool's own network, which a stranger's
 * registration must not be able to probe.
 */
final class PlatformAddresses {
  private PlatformAddresses() {}

  /**
   * True when every address the host resolves to is public; false also when it does not resolve.
   */
  static boolean allPublic(URI url) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(url.getHost());
      for (InetAddress address : addresses) {
        if (!isPublic(address)) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      // fc00::/7 unique-local (covers the fd00:ec2::254 metadata address)
      return (bytes[0] & 0xfe) != 0xfc;
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    // 0.0.0.0/8 "this network" and 100.64.0.0/10 carrier-grade NAT
    return first != 0 && !(first == 100 && second >= 64 && second < 128);
  }
}
