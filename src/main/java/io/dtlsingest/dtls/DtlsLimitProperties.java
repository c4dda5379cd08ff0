package io.dtlsingest.dtls;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits that keep a flood of handshakes from starving established devices, and a device from
 * holding more connections than it needs. Records of established connections are never held back by
 * them.
 *
 * @param maxHandshakesInProgress handshakes under way at most, across all sources; a ClientHello
 *     that would start one more is dropped, and its device retransmits it later
 * @param handshakesPerSecond sustained rate of new handshakes per source address prefix
 * @param handshakeBurst handshakes a prefix may start at once after being quiet
 * @param ipv4PrefixLength leading bits of an IPv4 source address that make up its prefix
 * @param ipv6PrefixLength leading bits of an IPv6 source address that make up its prefix
 * @param maxPrefixes source prefixes whose handshake rate is remembered at most
 * @param maxConnectionsPerDevice connections one device may hold; when a handshake completes beyond
 *     it, the device's least recently active connections are ended
 */
@Validated
@ConfigurationProperties("ingest.dtls.limits")
public record DtlsLimitProperties(
        @DefaultValue("200") @Min(1) @Max(100000) int maxHandshakesInProgress,
        @DefaultValue("20") @Min(1) @Max(100000) int handshakesPerSecond,
        @DefaultValue("200") @Min(1) @Max(1000000) int handshakeBurst,
        @DefaultValue("24") @Min(8) @Max(32) int ipv4PrefixLength,
        @DefaultValue("56") @Min(16) @Max(128) int ipv6PrefixLength,
        @DefaultValue("100000") @Min(1) int maxPrefixes,
        @DefaultValue("4") @Min(1) @Max(1000) int maxConnectionsPerDevice) {}
