package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Layout of the Linux "cooked" capture header, version 1 (LINKTYPE_LINUX_SLL = 113, as written by libpcap for
 * {@code tcpdump -i any}; see the tcpdump.org link-layer header types page).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Packet type          |        ARPHRD_ type           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Link-layer address length    |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |             Link-layer address (8 bytes, padded)              |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |        Protocol type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The protocol type is an EtherType for the usual ARPHRD types; libpcap re-inserts VLAN tags after it.
 * Read-only static accessors: the gateway never writes this header.
 */
public final class LinuxCookedFlyweight
{
    /** Offset of the packet type (0 to us, 4 sent by us, ...). */
    public static final int PACKET_TYPE_OFFSET = 0;
    /** Offset of the ARPHRD_ device type. */
    public static final int ARPHRD_TYPE_OFFSET = 2;
    /** Offset of the link-layer address length. */
    public static final int ADDRESS_LENGTH_OFFSET = 4;
    /** Offset of the link-layer address. */
    public static final int ADDRESS_OFFSET = 6;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_OFFSET = 14;
    /** Length of the header. */
    public static final int MIN_HEADER_LENGTH = PROTOCOL_OFFSET + 2;
    /** Packet type: sent by this host. */
    public static final int PACKET_TYPE_OUTGOING = 4;

    private LinuxCookedFlyweight()
    {
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return packet type.
     */
    public static int packetType(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + PACKET_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return link-layer address length.
     */
    public static int addressLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + ADDRESS_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return the first 6 address bytes as a MAC address in the low 48 bits.
     */
    public static long address(final DirectBuffer buffer, final int offset)
    {
        return EthernetFlyweight.mac(buffer, offset + ADDRESS_OFFSET);
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return protocol type (an EtherType).
     */
    public static int protocol(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + PROTOCOL_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
