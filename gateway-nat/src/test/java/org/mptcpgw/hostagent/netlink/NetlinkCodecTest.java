package org.mptcpgw.hostagent.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.hostagent.KernelCaptures;

class NetlinkCodecTest
{
    private static final int TEST_FAMILY = 0x1c;
    private static final int SEQUENCE = 0x5EC0_0001;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final NetlinkMessageWriter writer = new NetlinkMessageWriter();
    private final NetlinkAttributeReader reader = new NetlinkAttributeReader();
    private final NetlinkAttributeReader inner = new NetlinkAttributeReader();

    private static UnsafeBuffer wrap(final String hex)
    {
        final byte[] bytes = KernelCaptures.bytes(hex);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 16));
        buffer.putBytes(0, bytes);
        return buffer;
    }

    @Test
    void shouldWriteHeadersAndPadAttributesWithZeros()
    {
        buffer.setMemory(0, 64, (byte)0xEE);
        writer.wrap(buffer, 0).begin(TEST_FAMILY, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, SEQUENCE, 10, 1);
        writer.putU8(5, 0xAB).putU16(1, 0x0002).putString(2, "abc");
        final int length = writer.finish();

        assertEquals(20 + 8 + 8 + 8, length);
        final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight().wrap(buffer, 0);
        assertEquals(length, header.length());
        assertEquals(TEST_FAMILY, header.type());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, header.flags());
        assertEquals(SEQUENCE, header.sequence());
        assertEquals(0, header.portId());
        assertEquals(10, header.command());
        assertEquals(1, header.version());
        assertEquals(0, buffer.getShort(NetlinkHeaderFlyweight.RESERVED_OFFSET));
        // u8 attribute: len 5, then 3 zero bytes of padding.
        assertEquals(5, buffer.getShort(20, Netlink.ORDER));
        assertEquals((byte)0xAB, buffer.getByte(24));
        assertEquals(0, buffer.getByte(25) | buffer.getByte(26) | buffer.getByte(27));
        // u16: len 6, padding zero.
        assertEquals(6, buffer.getShort(28, Netlink.ORDER));
        assertEquals(0, buffer.getShort(34));
        // "abc" + NUL: len 8, no padding.
        assertEquals(8, buffer.getShort(36, Netlink.ORDER));
        assertEquals(0, buffer.getByte(43));
    }

    @Test
    void shouldNestAttributesAndReadThemBack()
    {
        writer.wrap(buffer, 0).begin(TEST_FAMILY, Netlink.NLM_F_REQUEST, SEQUENCE, 1, 1);
        writer.putU32(4, 0xDEC0DED);
        final int nest = writer.beginNested(6);
        final byte[] documentation = {0x20, 0x01, 0x0d, (byte)0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
        writer.putU16(1, 10).putBytes(4, documentation, 16).putU16(5, 8080);
        writer.endNested(nest);
        writer.putU16BigEndian(9, 443);
        final int length = writer.finish();

        reader.wrap(buffer, NetlinkHeaderFlyweight.GENL_ATTRIBUTES_OFFSET, length - 20);
        assertTrue(reader.next());
        assertEquals(4, reader.type());
        assertEquals(0xDEC0DED, reader.u32());
        assertTrue(reader.next());
        assertEquals(6, reader.type());
        assertTrue(reader.nestedFlag());
        assertEquals(6 | Netlink.NLA_F_NESTED, reader.rawType());
        assertEquals(8 + 20 + 8, reader.valueLength());
        inner.wrapNested(reader);
        assertTrue(inner.next());
        assertEquals(10, inner.u16());
        assertTrue(inner.next());
        assertEquals(16, inner.valueLength());
        final byte[] address = new byte[16];
        inner.copyValue(address, 16);
        assertEquals(7, address[15]);
        assertTrue(inner.next());
        assertEquals(8080, inner.u16());
        assertFalse(inner.next());
        assertFalse(inner.malformed());
        assertTrue(reader.next());
        assertEquals(443, reader.u16BigEndian());
        assertFalse(reader.next());
        assertFalse(reader.malformed());
    }

    @Test
    void shouldRefuseToOverflowItsBuffer()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[32]);
        writer.wrap(small, 0).begin(TEST_FAMILY, 0, 0, 1, 1);

        assertThrows(IllegalStateException.class, () -> writer.putBytes(1, new byte[16], 16));
    }

    @Test
    void shouldStopAtAnAttributeLongerThanTheRegion()
    {
        buffer.putShort(0, (short)8, Netlink.ORDER);
        buffer.putShort(2, (short)1, Netlink.ORDER);
        buffer.putShort(8, (short)200, Netlink.ORDER);
        buffer.putShort(10, (short)2, Netlink.ORDER);

        reader.wrap(buffer, 0, 16);
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertTrue(reader.malformed());
        assertFalse(reader.next(), "stays at the end");
    }

    @Test
    void shouldStopAtAZeroLengthAttributeInsteadOfLooping()
    {
        buffer.setMemory(0, 16, (byte)0);

        reader.wrap(buffer, 0, 16);
        assertFalse(reader.next());
        assertTrue(reader.malformed());
    }

    @Test
    void shouldTreatLeftoverBytesAsACutHeader()
    {
        buffer.putShort(0, (short)5, Netlink.ORDER);
        buffer.putShort(2, (short)1, Netlink.ORDER);

        reader.wrap(buffer, 0, 8);
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertFalse(reader.malformed(), "the padding of the last attribute is fine");

        reader.wrap(buffer, 0, 10);
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertTrue(reader.malformed(), "2 bytes after the padding cannot be an attribute");
    }

    @Test
    void shouldWalkTheMessagesOfAMultipartDatagram()
    {
        int at = 0;
        for (int part = 0; part < 2; part++)
        {
            writer.wrap(buffer, at).begin(TEST_FAMILY, Netlink.NLM_F_MULTI, SEQUENCE, 3, 1);
            writer.putU32(1, part);
            at += writer.finish();
        }
        final NetlinkHeaderFlyweight done = new NetlinkHeaderFlyweight().wrap(buffer, at);
        done.length(20).type(Netlink.NLMSG_DONE).flags(Netlink.NLM_F_MULTI).sequence(SEQUENCE).portId(0);
        buffer.putInt(at + 16, 0);
        at += 20;

        final NetlinkMessageIterator messages = new NetlinkMessageIterator().wrap(buffer, 0, at);
        assertTrue(messages.next());
        assertEquals(TEST_FAMILY, messages.header().type());
        assertEquals(28, messages.messageLength());
        assertTrue(messages.next());
        assertEquals(28, messages.messageOffset());
        assertTrue(messages.next());
        assertEquals(Netlink.NLMSG_DONE, messages.header().type());
        assertFalse(messages.next());
        assertFalse(messages.malformed());
    }

    @Test
    void shouldStopAtATruncatedOrImpossibleMessageHeader()
    {
        final NetlinkMessageIterator messages = new NetlinkMessageIterator();
        new NetlinkHeaderFlyweight().wrap(buffer, 0).length(40).type(TEST_FAMILY).flags(0).sequence(1).portId(0);

        messages.wrap(buffer, 0, 12);
        assertFalse(messages.next());
        assertTrue(messages.malformed(), "12 bytes cannot hold a header");

        messages.wrap(buffer, 0, 30);
        assertFalse(messages.next());
        assertTrue(messages.malformed(), "nlmsg_len 40 in a 30-byte datagram");

        new NetlinkHeaderFlyweight().wrap(buffer, 0).length(8);
        messages.wrap(buffer, 0, 30);
        assertFalse(messages.next());
        assertTrue(messages.malformed(), "nlmsg_len below the header");
    }

    @Test
    void shouldDecodeTheKernelsAcknowledgement()
    {
        final UnsafeBuffer ack = wrap(KernelCaptures.ACK_SUBFLOW_CREATE);
        final NetlinkErrorDecoder error = new NetlinkErrorDecoder();

        assertTrue(error.decode(ack, 0, 36));
        assertEquals(0, error.errno());
        assertEquals(0x65, error.requestSequence());
        assertEquals(KernelCaptures.FAMILY_ID, error.requestType());
        assertNull(error.message());
        assertEquals(Netlink.NLM_F_CAPPED, new NetlinkHeaderFlyweight().wrap(ack, 0).flags());
    }

    @Test
    void shouldDecodeTheKernelsErrorWithExtendedAck()
    {
        final UnsafeBuffer answer = wrap(KernelCaptures.ERROR_INVALID_TOKEN);
        final NetlinkErrorDecoder error = new NetlinkErrorDecoder();

        assertTrue(error.decode(answer, 0, 132));
        assertEquals(22, error.errno());
        assertEquals(0x65, error.requestSequence());
        assertEquals("invalid token", error.message());
        assertEquals(20, error.attributeOffset(), "the token attribute follows the 20 bytes of headers");
    }

    @Test
    void shouldRejectMalformedErrorMessages()
    {
        final UnsafeBuffer answer = wrap(KernelCaptures.ERROR_INVALID_TOKEN);
        final NetlinkErrorDecoder error = new NetlinkErrorDecoder();

        assertFalse(error.decode(answer, 0, 35), "shorter than header, error and echoed header");
        assertTrue(error.decode(answer, 0, 110), "extended ack cut short: the error itself still counts");
        assertEquals(22, error.errno());
        assertNull(error.message());
        assertFalse(error.decode(wrap(KernelCaptures.EVENT_CLOSED_CLIENT), 0, 28), "not an NLMSG_ERROR");
    }

    @Test
    void shouldEncodeGetFamily()
    {
        final int length = GenericControlCodec.encodeGetFamily(writer, buffer, SEQUENCE, "mptcp_pm");

        assertEquals(36, length);
        final NetlinkHeaderFlyweight header = new NetlinkHeaderFlyweight().wrap(buffer, 0);
        assertEquals(Netlink.GENL_ID_CTRL, header.type());
        assertEquals(Netlink.CTRL_CMD_GETFAMILY, header.command());
        reader.wrap(buffer, 20, 16);
        assertTrue(reader.next());
        assertEquals(Netlink.CTRL_ATTR_FAMILY_NAME, reader.type());
        assertTrue(reader.stringEquals("mptcp_pm"));
        assertFalse(reader.stringEquals("mptcp_p"));
        assertEquals(13, reader.valueLength() + NetlinkAttributeReader.HEADER_LENGTH);
    }

    @Test
    void shouldDecodeTheControllersAnswerAboutMptcpPm()
    {
        final UnsafeBuffer answer = wrap(KernelCaptures.CTRL_NEWFAMILY_MPTCP_PM);

        final GenericFamily family = GenericControlCodec.decodeFamily(answer, 0, 360);

        assertEquals("mptcp_pm", family.name());
        assertEquals(28, family.id());
        assertEquals(1, family.version());
        assertEquals(Map.of("mptcp_pm_cmds", 8, "mptcp_pm_events", 9), family.multicastGroups());
        assertEquals(9, family.multicastGroup("mptcp_pm_events"));
        assertEquals(-1, family.multicastGroup("nope"));
    }

    @Test
    void shouldRejectAControllerAnswerWithBrokenGroups()
    {
        final UnsafeBuffer answer = wrap(KernelCaptures.CTRL_NEWFAMILY_MPTCP_PM);
        // The last group's name attribute claims 0x40 bytes: past its nest.
        answer.putShort(360 - 20, (short)0x40, Netlink.ORDER);

        assertNull(GenericControlCodec.decodeFamily(answer, 0, 360));
        assertNull(GenericControlCodec.decodeFamily(answer, 0, 19));
        assertNull(GenericControlCodec.decodeFamily(wrap(KernelCaptures.EVENT_CLOSED_CLIENT), 0, 28));
    }
}
