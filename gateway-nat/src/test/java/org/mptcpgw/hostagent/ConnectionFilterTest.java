package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConnectionFilterTest
{
    private static final byte[] SERVICE = {(byte)203, 0, 113, 100};
    private static final byte[] ELSEWHERE = {(byte)198, 51, 100, 7};
    private static final byte[] V6_SERVICE = {0x20, 0x01, 0x0d, (byte)0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    @Test
    void shouldParsePrefixesAndClearHostBits()
    {
        assertEquals("203.0.113.0/24", IpPrefix.parse("203.0.113.77/24").toString());
        assertEquals("198.51.100.7/32", IpPrefix.parse("198.51.100.7").toString());
        assertEquals(MptcpPm.AF_INET6, IpPrefix.parse("2001:db8::/32").family());
        assertEquals(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("203.0.113.255/24"));
    }

    @Test
    void shouldRejectWhatIsNotALiteralPrefix()
    {
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("example.org/24"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113.0/33"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113/24"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113.0/x"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(""));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionFilter(List.of(), new int[]{0}));
    }

    @Test
    void shouldMatchPrefixesBitByBit()
    {
        final IpPrefix prefix = IpPrefix.parse("203.0.113.96/27");

        assertTrue(prefix.contains(MptcpPm.AF_INET, SERVICE));
        assertFalse(prefix.contains(MptcpPm.AF_INET, new byte[]{(byte)203, 0, 113, (byte)128}));
        assertFalse(prefix.contains(MptcpPm.AF_INET, new byte[]{(byte)203, 0, 113, 95}));
        assertFalse(prefix.contains(MptcpPm.AF_INET6, V6_SERVICE));
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(MptcpPm.AF_INET, ELSEWHERE));
        assertTrue(IpPrefix.parse("2001:db8::/32").contains(MptcpPm.AF_INET6, V6_SERVICE));
        assertFalse(IpPrefix.parse("2001:db9::/32").contains(MptcpPm.AF_INET6, V6_SERVICE));
    }

    @Test
    void shouldMatchAnyPrefixAndAnyPort()
    {
        final ConnectionFilter filter = new ConnectionFilter(
            List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8::/32")), new int[]{5201, 443});

        assertTrue(filter.matches(MptcpPm.AF_INET, SERVICE, 443));
        assertTrue(filter.matches(MptcpPm.AF_INET6, V6_SERVICE, 5201));
        assertFalse(filter.matches(MptcpPm.AF_INET, SERVICE, 80));
        assertFalse(filter.matches(MptcpPm.AF_INET, ELSEWHERE, 443));
        assertTrue(ConnectionFilter.ALL.matches(MptcpPm.AF_INET, ELSEWHERE, 9));
        assertEquals("dst=203.0.113.0/24,2001:db8:0:0:0:0:0:0/32 port=5201,443", filter.toString());
    }
}
