package io.dtlsingest.dtls;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * The leading bits of a source address, as the unit that handshake rates are counted per: devices
 * behind one NAT or in one subnet share it, and an attacker with many addresses of one network
 * gains nothing by rotating them.
 */
final class SourcePrefix {

    private final byte[] bits;
    private final int length;

    private SourcePrefix(byte[] bits, int length) {
        this.bits = bits;
        this.length = length;
    }

    /** The prefix of {@code address}: its first {@code ipv4Length} or {@code ipv6Length} bits. */
    static SourcePrefix of(InetAddress address, int ipv4Length, int ipv6Length) {
        byte[] bytes = address.getAddress();
        int length = bytes.length == 4 ? ipv4Length : ipv6Length;
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new SourcePrefix(bytes, length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourcePrefix prefix
                && length == prefix.length
                && Arrays.equals(bits, prefix.bits);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bits) + length;
    }

    /** The prefix in CIDR notation, such as {@code 192.0.2.0/24}. */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(bits).getHostAddress() + "/" + length;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
