package io.llmcm.core.auth;

import com.google.common.net.InetAddresses;
import io.llmcm.core.InvalidInputException;
import java.net.InetAddress;

/**
 * CIDR matching for the {@code ipInRange} condition function. Addresses are parsed as literals
 * only (Guava), never resolved: a condition must not make DNS queries.
 */
final class IpRanges {
    private IpRanges() {}

    /** True when {@code ip} lies in {@code cidr}; false for an address that does not parse. */
    static boolean inRange(String ip, String cidr) {
        byte[] network = network(cidr);
        int bits = prefixLength(cidr, network.length * 8);
        InetAddress address;
        try {
            address = InetAddresses.forString(ip);
        } catch (IllegalArgumentException e) {
            return false; // no address, or not one: the caller is not in any range
        }
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** Checks a CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}, or a single address). */
    static void check(String cidr) {
        byte[] network = network(cidr);
        prefixLength(cidr, network.length * 8);
    }

    private static byte[] network(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        try {
            return InetAddresses.forString(host).getAddress();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'" + cidr + "' is not an address range like 10.0.0.0/8 or fd00::/8");
        }
    }

    private static int prefixLength(String cidr, int max) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return max;
        }
        try {
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (bits >= 0 && bits <= max) {
                return bits;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("'" + cidr + "' has a prefix length outside 0.." + max);
    }
}
