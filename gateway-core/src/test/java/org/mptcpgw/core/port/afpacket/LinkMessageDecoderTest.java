package org.mptcpgw.core.port.afpacket;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.core.nativeio.LinuxConstants.*;

class LinkMessageDecoderTest
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final LinkMessageDecoder decoder = new LinkMessageDecoder();
    private final List<String> events = new ArrayList<>();
    private final LinkMessageDecoder.LinkListener listener = e -> events.add(e.ifIndex() + " " + e.name() + " " +
        (e.deleted() ? "del" : "new") + " up=" + e.carrierUp() + " oper=" + e.operState() + " carrier=" + e.carrier() +
        " mtu=" + e.mtu());

    /** Writes one RTM_*LINK message at offset and returns its padded length. */
    private int link(final int offset, final int type, final int index, final int flags, final String name,
        final int operState)
    {
        int p = offset + 16;
        buffer.putByte(p, (byte)AF_UNSPEC);
        buffer.putShort(p + 2, (short)ARPHRD_ETHER, HOST);
        buffer.putInt(p + 4, index, HOST);
        buffer.putInt(p + 8, flags, HOST);
        buffer.putInt(p + 12, 0xFFFFFFFF, HOST);
        p += 16;
        if (null != name)
        {
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            buffer.putShort(p, (short)(4 + bytes.length + 1), HOST);
            buffer.putShort(p + 2, (short)IFLA_IFNAME, HOST);
            buffer.putBytes(p + 4, bytes);
            buffer.putByte(p + 4 + bytes.length, (byte)0);
            p += LinkMessageDecoder.align4(4 + bytes.length + 1);
        }
        if (operState >= 0)
        {
            buffer.putShort(p, (short)5, HOST);
            buffer.putShort(p + 2, (short)IFLA_OPERSTATE, HOST);
            buffer.putByte(p + 4, (byte)operState);
            p += 8;
        }
        buffer.putShort(p, (short)8, HOST);
        buffer.putShort(p + 2, (short)IFLA_MTU, HOST);
        buffer.putInt(p + 4, 1500, HOST);
        p += 8;
        header(offset, p - offset, type);
        return p - offset;
    }

    private void header(final int offset, final int length, final int type)
    {
        buffer.putInt(offset, length, HOST);
        buffer.putShort(offset + 4, (short)type, HOST);
        buffer.putShort(offset + 6, (short)0, HOST);
        buffer.putInt(offset + 8, 0x5EC, HOST);
        buffer.putInt(offset + 12, 0, HOST);
    }

    @Test
    void shouldDecodeSeveralLinkMessagesOfOneDatagram()
    {
        int length = link(0, RTM_NEWLINK, 7, IFF_UP | IFF_RUNNING | IFF_LOWER_UP, "m0", IF_OPER_UP);
        length += link(length, RTM_NEWLINK, 8, IFF_UP, "m1", IF_OPER_LOWERLAYERDOWN);
        length += link(length, RTM_DELLINK, 9, IFF_UP | IFF_RUNNING, "gone0", -1);

        assertEquals(3, decoder.decode(buffer, 0, length, listener));

        assertEquals(List.of(
            "7 m0 new up=true oper=6 carrier=-1 mtu=1500",
            "8 m1 new up=false oper=3 carrier=-1 mtu=1500",
            "9 gone0 del up=false oper=-1 carrier=-1 mtu=1500"), events);
        assertEquals(0, decoder.malformed());
    }

    @Test
    void shouldCountDumpEndsErrorsAndOtherTypes()
    {
        header(0, 20, NLMSG_DONE);
        header(20, 36, NLMSG_ERROR);
        header(56, 16, 24);

        assertEquals(0, decoder.decode(buffer, 0, 72, listener));

        assertEquals(1, decoder.dumpsDone());
        assertEquals(1, decoder.errorMessages());
        assertEquals(1, decoder.ignored());
        assertEquals(0, decoder.malformed());
    }

    @Test
    void shouldStopAtAMessageLengthBelowTheHeaderOrPastTheDatagram()
    {
        final int first = link(0, RTM_NEWLINK, 7, IFF_UP | IFF_RUNNING, "m0", IF_OPER_UP);
        header(first, 8, RTM_NEWLINK);
        assertEquals(1, decoder.decode(buffer, 0, first + 16, listener));
        assertEquals(1, decoder.malformed());

        header(0, 4000, RTM_NEWLINK);
        assertEquals(0, decoder.decode(buffer, 0, 64, listener));
        assertEquals(2, decoder.malformed());
    }

    @Test
    void shouldSkipALinkMessageWithABadAttributeAndGoOn()
    {
        final int first = link(0, RTM_NEWLINK, 7, IFF_UP | IFF_RUNNING, "m0", IF_OPER_UP);
        buffer.putShort(32, (short)2, HOST);
        final int second = link(first, RTM_NEWLINK, 8, IFF_UP | IFF_RUNNING, "m1", IF_OPER_UP);

        assertEquals(1, decoder.decode(buffer, 0, first + second, listener));

        assertEquals(List.of("8 m1 new up=true oper=6 carrier=-1 mtu=1500"), events);
        assertEquals(1, decoder.malformed());

        buffer.putShort(first + 32, (short)200, HOST);
        assertEquals(0, decoder.decode(buffer, first, second, listener), "attribute longer than its message");
        assertEquals(2, decoder.malformed());
    }

    @Test
    void shouldRejectALinkMessageTooShortForIfinfomsgAndATruncatedTail()
    {
        header(0, 24, RTM_NEWLINK);
        assertEquals(0, decoder.decode(buffer, 0, 24, listener));
        assertEquals(1, decoder.malformed());

        final int first = link(0, RTM_NEWLINK, 7, IFF_UP | IFF_RUNNING, "m0", IF_OPER_UP);
        assertEquals(1, decoder.decode(buffer, 0, first + 10, listener));
        assertEquals(2, decoder.malformed(), "10 trailing bytes cannot be a message");
    }

    @Test
    void shouldBoundTheNameWithoutATerminatingNul()
    {
        int p = 32;
        final byte[] name = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
        buffer.putShort(p, (short)(4 + name.length), HOST);
        buffer.putShort(p + 2, (short)IFLA_IFNAME, HOST);
        buffer.putBytes(p + 4, name);
        p += LinkMessageDecoder.align4(4 + name.length);
        header(0, p, RTM_NEWLINK);

        assertEquals(1, decoder.decode(buffer, 0, p, e -> events.add(e.name().toString())));

        assertEquals(List.of("abcdefghijklmno"), events);
    }

    @Property
    void shouldNeverThrowOnArbitraryBytes(@ForAll @Size(max = 512) final byte[] bytes)
    {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final LinkMessageDecoder d = new LinkMessageDecoder();
        final int delivered = d.decode(b, 0, bytes.length, e -> assertFalse(e.name().length() > 15));
        assertTrue(delivered >= 0);
    }

    @Property
    void shouldNeverThrowOnMessagesWithRandomAttributes(@ForAll @Size(max = 200) final byte[] attributes)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[32 + attributes.length]);
        b.putInt(0, 32 + attributes.length, HOST);
        b.putShort(4, (short)RTM_NEWLINK, HOST);
        b.putBytes(32, attributes);
        final LinkMessageDecoder d = new LinkMessageDecoder();

        final int delivered = d.decode(b, 0, b.capacity(), e -> { });

        assertEquals(1, delivered + d.malformed());
    }
}
