package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.hostagent.netlink.Netlink;
import org.mptcpgw.hostagent.netlink.NetlinkMessageWriter;

class MptcpEventDecoderTest
{
    private static final byte[] HOST = {(byte)192, 0, 2, 2};
    private static final byte[] SERVICE = {(byte)203, 0, 113, 100};

    private final MptcpEventDecoder decoder = new MptcpEventDecoder(KernelCaptures.FAMILY_ID);
    private final MptcpEvent event = new MptcpEvent();

    private MptcpEventDecoder.Result decode(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 64));
        buffer.putBytes(0, bytes);
        return decoder.decode(buffer, 0, bytes.length, event);
    }

    private MptcpEventDecoder.Result decode(final String hex)
    {
        return decode(KernelCaptures.bytes(hex));
    }

    @Test
    void shouldDecodeTheKernelsCreatedEventOfAnOutgoingConnection()
    {
        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_CREATED_CLIENT));

        assertEquals(MptcpPm.EVENT_CREATED, event.type());
        assertEquals(0x33042304, event.token());
        assertEquals("33042304", event.tokenHex());
        assertEquals(MptcpPm.AF_INET, event.family());
        assertArrayEquals(HOST, Arrays.copyOf(event.sourceAddress(), 4));
        assertArrayEquals(SERVICE, Arrays.copyOf(event.destinationAddress(), 4));
        assertEquals(60414, event.sourcePort());
        assertEquals(5201, event.destinationPort());
        assertEquals(0, event.localId());
        assertEquals(0, event.remoteId());
        assertFalse(event.serverSide());
        assertFalse(event.has(MptcpPm.ATTR_SERVER_SIDE));
        assertEquals(0, event.unknownAttributes());
        assertEquals("CREATED token=33042304 192.0.2.2:60414 -> 203.0.113.100:5201 locid=0 remid=0", event.toString());
    }

    @Test
    void shouldDecodeEstablishedSubEstablishedAndClosed()
    {
        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_ESTABLISHED_CLIENT));
        assertEquals(MptcpPm.EVENT_ESTABLISHED, event.type());
        assertEquals(60414, event.sourcePort());

        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_SUB_ESTABLISHED_CLIENT));
        assertEquals(MptcpPm.EVENT_SUB_ESTABLISHED, event.type());
        assertEquals(0x33042304, event.token());
        assertEquals(58253, event.sourcePort());
        assertEquals(5201, event.destinationPort());
        assertEquals(1, event.localId());
        assertTrue(event.has(MptcpPm.ATTR_BACKUP));
        assertEquals(0, event.backup());
        assertFalse(event.has(MptcpPm.ATTR_ERROR));

        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_CLOSED_CLIENT));
        assertEquals(MptcpPm.EVENT_CLOSED, event.type());
        assertEquals(0x33042304, event.token());
        assertFalse(event.has(MptcpPm.ATTR_FAMILY), "a reused event must not keep the previous fields");
        assertEquals(0, event.sourcePort());
    }

    @Test
    void shouldDecodeTheErrorOfAClosedSubflow()
    {
        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_SUB_CLOSED_KILLED));

        assertEquals(MptcpPm.EVENT_SUB_CLOSED, event.type());
        assertEquals(52461, event.sourcePort());
        assertEquals(1, event.localId());
        assertEquals(103, event.error());
    }

    @Test
    void shouldSeeTheServerSideAsAttributeAndFlag()
    {
        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_CREATED_SERVER));

        assertEquals(0xfc6202b2, event.token());
        assertTrue(event.serverSide());
        assertTrue(event.has(MptcpPm.ATTR_SERVER_SIDE));
        assertEquals(MptcpPm.EVENT_FLAG_SERVER_SIDE, event.flags());
        assertEquals(5201, event.sourcePort());
        assertEquals(60414, event.destinationPort());
    }

    @Test
    void shouldDecodeIpv6Events()
    {
        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_ESTABLISHED_CLIENT_IPV6));

        assertEquals(MptcpPm.AF_INET6, event.family());
        assertEquals(16, event.addressLength());
        assertEquals(0x3a380f02, event.token());
        assertEquals("ESTABLISHED token=3a380f02 [2001:db8:1:0:0:0:0:2]:55086 -> [2001:db8:1:0:0:0:0:1]:5201 " +
            "locid=0 remid=0", event.toString());
    }

    @Test
    void shouldAcceptListenerEventsWithoutAToken()
    {
        assertEquals(MptcpEventDecoder.Result.OK, decode(KernelCaptures.EVENT_LISTENER_CREATED_SERVER));

        assertEquals(MptcpPm.EVENT_LISTENER_CREATED, event.type());
        assertFalse(event.has(MptcpPm.ATTR_TOKEN));
    }

    @Test
    void shouldClassifyATruncatedHeader()
    {
        final byte[] whole = KernelCaptures.bytes(KernelCaptures.EVENT_CREATED_CLIENT);

        assertEquals(MptcpEventDecoder.Result.TRUNCATED, decode(Arrays.copyOf(whole, 19)));
        assertEquals(MptcpEventDecoder.Result.TRUNCATED, decode(new byte[0]));
    }

    @Test
    void shouldClassifyAnAttributeRunningPastTheEnd()
    {
        // Cut the CREATED event in the middle of its DADDR4 attribute (bytes 44..51).
        final byte[] cut = Arrays.copyOf(KernelCaptures.bytes(KernelCaptures.EVENT_CREATED_CLIENT), 50);

        assertEquals(MptcpEventDecoder.Result.MALFORMED_ATTRIBUTE, decode(cut));
    }

    @Test
    void shouldClassifyAnAttributeShorterThanItsHeader()
    {
        final byte[] bad = KernelCaptures.bytes(KernelCaptures.EVENT_CREATED_CLIENT);
        bad[20] = 3; // nla_len of the token attribute

        assertEquals(MptcpEventDecoder.Result.MALFORMED_ATTRIBUTE, decode(bad));
    }

    @Test
    void shouldClassifyAWrongFamily()
    {
        final byte[] other = KernelCaptures.bytes(KernelCaptures.EVENT_CREATED_CLIENT);
        other[4] = 0x1d;

        assertEquals(MptcpEventDecoder.Result.WRONG_FAMILY, decode(other));
    }

    @Test
    void shouldClassifyAnAddressOfTheWrongLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final NetlinkMessageWriter writer = new NetlinkMessageWriter().wrap(buffer, 0)
            .begin(KernelCaptures.FAMILY_ID, 0, 0, MptcpPm.EVENT_CREATED, 1);
        writer.putU32(MptcpPm.ATTR_TOKEN, 0x0BADADD0).putU16(MptcpPm.ATTR_FAMILY, MptcpPm.AF_INET)
            .putBytes(MptcpPm.ATTR_SADDR4, HOST, 3);
        final int length = writer.finish();

        assertEquals(MptcpEventDecoder.Result.BAD_ATTRIBUTE_LENGTH, decoder.decode(buffer, 0, length, event));
    }

    @Test
    void shouldClassifyConnectionEventsWithoutEndpointsAndEventsWithoutToken()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final NetlinkMessageWriter writer = new NetlinkMessageWriter().wrap(buffer, 0)
            .begin(KernelCaptures.FAMILY_ID, 0, 0, MptcpPm.EVENT_ESTABLISHED, 1);
        writer.putU32(MptcpPm.ATTR_TOKEN, 0x7E57AB1E);
        int length = writer.finish();
        assertEquals(MptcpEventDecoder.Result.MISSING_ATTRIBUTE, decoder.decode(buffer, 0, length, event));

        writer.wrap(buffer, 0).begin(KernelCaptures.FAMILY_ID, 0, 0, MptcpPm.EVENT_CLOSED, 1);
        length = writer.finish();
        assertEquals(MptcpEventDecoder.Result.MISSING_ATTRIBUTE, decoder.decode(buffer, 0, length, event));

        writer.wrap(buffer, 0).begin(KernelCaptures.FAMILY_ID, 0, 0, MptcpPm.EVENT_ESTABLISHED, 1);
        writer.putU32(MptcpPm.ATTR_TOKEN, 0x7E57AB1E).putU16(MptcpPm.ATTR_FAMILY, 7)
            .putU16BigEndian(MptcpPm.ATTR_SPORT, 1).putU16BigEndian(MptcpPm.ATTR_DPORT, 2);
        length = writer.finish();
        assertEquals(MptcpEventDecoder.Result.MISSING_ATTRIBUTE, decoder.decode(buffer, 0, length, event),
            "an unknown address family");
    }

    @Test
    void shouldSkipAndCountUnknownAttributes()
    {
        final byte[] known = KernelCaptures.bytes(KernelCaptures.EVENT_CLOSED_CLIENT);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        buffer.putBytes(0, known);
        // Two attributes a future kernel might add: type 99 (8 bytes), and type 100 nested, 4 value bytes.
        int at = known.length;
        buffer.putShort(at, (short)8, Netlink.ORDER);
        buffer.putShort(at + 2, (short)99, Netlink.ORDER);
        buffer.putInt(at + 4, 0xCAFE, Netlink.ORDER);
        at += 8;
        buffer.putShort(at, (short)8, Netlink.ORDER);
        buffer.putShort(at + 2, (short)(100 | Netlink.NLA_F_NESTED), Netlink.ORDER);
        at += 8;
        buffer.putInt(0, at, Netlink.ORDER);

        assertEquals(MptcpEventDecoder.Result.OK, decoder.decode(buffer, 0, at, event));
        assertEquals(0x33042304, event.token());
        assertEquals(2, event.unknownAttributes());
    }

    @Test
    void shouldNotReadPastTheGivenLengthEvenIfTheBufferGoesOn()
    {
        final byte[] whole = KernelCaptures.bytes(KernelCaptures.EVENT_CREATED_CLIENT);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        buffer.putBytes(0, whole);

        // The same bytes, but the message is said to end 2 bytes into the DPORT attribute's header (60..67).
        assertEquals(MptcpEventDecoder.Result.MALFORMED_ATTRIBUTE, decoder.decode(buffer, 0, 62, event));
    }
}
