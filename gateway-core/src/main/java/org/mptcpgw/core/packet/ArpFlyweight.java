package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an ARP packet for Ethernet and IPv4 (RFC 826; field names as in RFC 5227 section 1.1).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Hardware type (HTYPE) = 1   |  Protocol type (PTYPE) 0x0800 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  HLEN = 6     |  PLEN = 4     |        Operation (OPER)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Sender hardware address (SHA), 6 bytes             |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | Sender protocol address (SPA) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                               | Target hardware address (THA) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Target protocol address (TPA)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpFlyweight
{
    /** Offset of the hardware type. */
    public static final int HARDWARE_TYPE_OFFSET = 0;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Offset of the hardware address length. */
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    /** Offset of the protocol address length. */
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    /** Offset of the operation. */
    public static final int OPERATION_OFFSET = 6;
    /** Offset of the sender hardware address. */
    public static final int SENDER_HARDWARE_OFFSET = 8;
    /** Offset of the sender protocol address. */
    public static final int SENDER_PROTOCOL_OFFSET = SENDER_HARDWARE_OFFSET + 6;
    /** Offset of the target hardware address. */
    public static final int TARGET_HARDWARE_OFFSET = SENDER_PROTOCOL_OFFSET + 4;
    /** Offset of the target protocol address. */
    public static final int TARGET_PROTOCOL_OFFSET = TARGET_HARDWARE_OFFSET + 6;
    /** Length of an Ethernet/IPv4 ARP packet. */
    public static final int MIN_HEADER_LENGTH = TARGET_PROTOCOL_OFFSET + 4;

    /** Hardware type Ethernet. */
    public static final int HARDWARE_TYPE_ETHERNET = 1;
    /** Operation request. */
    public static final int OPERATION_REQUEST = 1;
    /** Operation reply. */
    public static final int OPERATION_REPLY = 2;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at an ARP packet.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the hardware type.
     * @return this.
     */
    public ArpFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Check the fixed fields of an Ethernet/IPv4 ARP packet.
     *
     * @param buffer buffer holding the packet.
     * @param offset offset of the hardware type.
     * @param length bytes readable from offset.
     * @return true when the packet is long enough and is for Ethernet and IPv4.
     */
    public static boolean isEthernetIpv4(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= MIN_HEADER_LENGTH &&
            HARDWARE_TYPE_ETHERNET == (buffer.getShort(offset + HARDWARE_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) &&
            EtherType.IPV4 == (buffer.getShort(offset + PROTOCOL_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) &&
            6 == buffer.getByte(offset + HARDWARE_LENGTH_OFFSET) &&
            4 == buffer.getByte(offset + PROTOCOL_LENGTH_OFFSET);
    }

    /**
     * @return hardware type.
     */
    public int hardwareType()
    {
        return buffer.getShort(offset + HARDWARE_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return protocol type.
     */
    public int protocolType()
    {
        return buffer.getShort(offset + PROTOCOL_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return operation (1 request, 2 reply).
     */
    public int operation()
    {
        return buffer.getShort(offset + OPERATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param operation operation to write.
     * @return this.
     */
    public ArpFlyweight operation(final int operation)
    {
        buffer.putShort(offset + OPERATION_OFFSET, (short)operation, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Write the fixed Ethernet/IPv4 fields (HTYPE, PTYPE, HLEN, PLEN).
     *
     * @return this.
     */
    public ArpFlyweight ethernetIpv4()
    {
        buffer.putShort(offset + HARDWARE_TYPE_OFFSET, (short)HARDWARE_TYPE_ETHERNET, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + PROTOCOL_TYPE_OFFSET, (short)EtherType.IPV4, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + HARDWARE_LENGTH_OFFSET, (byte)6);
        buffer.putByte(offset + PROTOCOL_LENGTH_OFFSET, (byte)4);
        return this;
    }

    /**
     * @return sender hardware address in the low 48 bits.
     */
    public long senderHardware()
    {
        return EthernetFlyweight.mac(buffer, offset + SENDER_HARDWARE_OFFSET);
    }

    /**
     * @param mac sender hardware address in the low 48 bits.
     * @return this.
     */
    public ArpFlyweight senderHardware(final long mac)
    {
        EthernetFlyweight.mac(buffer, offset + SENDER_HARDWARE_OFFSET, mac);
        return this;
    }

    /**
     * @return sender IPv4 address.
     */
    public int senderProtocol()
    {
        return buffer.getInt(offset + SENDER_PROTOCOL_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param address sender IPv4 address.
     * @return this.
     */
    public ArpFlyweight senderProtocol(final int address)
    {
        buffer.putInt(offset + SENDER_PROTOCOL_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * @return target hardware address in the low 48 bits.
     */
    public long targetHardware()
    {
        return EthernetFlyweight.mac(buffer, offset + TARGET_HARDWARE_OFFSET);
    }

    /**
     * @param mac target hardware address in the low 48 bits.
     * @return this.
     */
    public ArpFlyweight targetHardware(final long mac)
    {
        EthernetFlyweight.mac(buffer, offset + TARGET_HARDWARE_OFFSET, mac);
        return this;
    }

    /**
     * @return target IPv4 address.
     */
    public int targetProtocol()
    {
        return buffer.getInt(offset + TARGET_PROTOCOL_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param address target IPv4 address.
     * @return this.
     */
    public ArpFlyweight targetProtocol(final int address)
    {
        buffer.putInt(offset + TARGET_PROTOCOL_OFFSET, address, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Arp{htype=" + hardwareType() + ", ptype=0x" + Integer.toHexString(protocolType()) +
            ", oper=" + operation() +
            ", sha=" + EthernetFlyweight.macToString(senderHardware()) +
            ", spa=" + Ipv4Flyweight.addressToString(senderProtocol()) +
            ", tha=" + EthernetFlyweight.macToString(targetHardware()) +
            ", tpa=" + Ipv4Flyweight.addressToString(targetProtocol()) + '}';
    }
}
