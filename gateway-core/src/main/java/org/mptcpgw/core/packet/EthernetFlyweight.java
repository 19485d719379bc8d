package org.mptcpgw.core.packet;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an Ethernet II header (IEEE 802.3 clause 3.1.1, RFC 894 for IPv4) and its IEEE 802.1Q /
 * 802.1ad VLAN tags.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination MAC address                      |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                     Source MAC address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       EtherType or TPID       |  PCP|D|     VLAN id (TCI)     |  (tag: TPID 0x8100 or 0x88a8)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  EtherType of the payload     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A tag (4 bytes) sits where the EtherType would be: its tag protocol identifier (TPID) is 0x8100 (802.1Q
 * C-tag) or 0x88a8 (802.1ad S-tag, the outer tag of QinQ), followed by the tag control information (TCI) and
 * then the next EtherType or tag. The tag walk itself, which is bounded, is done by {@link PacketParser}; this
 * flyweight offers the accessors.
 */
public final class EthernetFlyweight
{
    /** Offset of the destination MAC address. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source MAC address. */
    public static final int SOURCE_OFFSET = 6;
    /** Offset of the EtherType (or of the first tag's TPID). */
    public static final int ETHER_TYPE_OFFSET = 12;
    /** Length of a MAC address. */
    public static final int MAC_LENGTH = 6;
    /** Length of the untagged header. */
    public static final int MIN_HEADER_LENGTH = ETHER_TYPE_OFFSET + 2;
    /** Length of one VLAN tag (TPID + TCI). */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Offset of the TCI within a tag, from the TPID. */
    public static final int TCI_OFFSET = 2;
    /** Mask of the VLAN id in a TCI. */
    public static final int VLAN_ID_MASK = 0x0FFF;
    /** Most tags {@link #payloadOffset} walks (an 802.1ad outer and an 802.1Q inner tag). */
    public static final int MAX_VLAN_TAGS = 2;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Point the flyweight at a header.
     *
     * @param buffer buffer holding the frame.
     * @param offset offset of the destination MAC address.
     * @return this.
     */
    public EthernetFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @return the buffer wrapped.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the header in the buffer.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Read a MAC address as a 48-bit value in wire order.
     *
     * @param buffer buffer holding the address.
     * @param index  offset of the first byte.
     * @return the address in the low 48 bits.
     */
    public static long mac(final DirectBuffer buffer, final int index)
    {
        return ((buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFFL) << 32) |
            (buffer.getInt(index + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    /**
     * Write a MAC address given as a 48-bit value in wire order.
     *
     * @param buffer buffer to write to.
     * @param index  offset of the first byte.
     * @param mac    the address in the low 48 bits.
     */
    public static void mac(final MutableDirectBuffer buffer, final int index, final long mac)
    {
        buffer.putShort(index, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        buffer.putInt(index + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer buffer holding the frame.
     * @param offset offset of the Ethernet header.
     * @return the EtherType (or first TPID) field.
     */
    public static int etherType(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer    buffer holding the frame.
     * @param tagOffset offset of a tag's TPID.
     * @return the tag's VLAN id (12 bits).
     */
    public static int vlanId(final DirectBuffer buffer, final int tagOffset)
    {
        return buffer.getShort(tagOffset + TCI_OFFSET, ByteOrder.BIG_ENDIAN) & VLAN_ID_MASK;
    }

    /**
     * Bounded walk over the VLAN tags after the MAC addresses: at most {@link #MAX_VLAN_TAGS} tags.
     *
     * @param buffer buffer holding the frame.
     * @param offset offset of the Ethernet header.
     * @param length captured length of the frame.
     * @return offset of the payload's EtherType field (read it with {@code getShort(result, BIG_ENDIAN)}; the
     * payload starts 2 bytes later), or -1 when the frame is too short or carries more tags than the bound.
     */
    public static int payloadOffset(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MIN_HEADER_LENGTH)
        {
            return -1;
        }
        int at = offset + ETHER_TYPE_OFFSET;
        final int end = offset + length;
        for (int tags = 0; EtherType.isVlanTag(buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF); tags++)
        {
            if (MAX_VLAN_TAGS == tags || end - at < VLAN_TAG_LENGTH + 2)
            {
                return -1;
            }
            at += VLAN_TAG_LENGTH;
        }
        return at;
    }

    /**
     * @return destination MAC address in the low 48 bits.
     */
    public long destination()
    {
        return mac(buffer, offset + DESTINATION_OFFSET);
    }

    /**
     * @param mac destination MAC address in the low 48 bits.
     * @return this.
     */
    public EthernetFlyweight destination(final long mac)
    {
        mac(buffer, offset + DESTINATION_OFFSET, mac);
        return this;
    }

    /**
     * @return source MAC address in the low 48 bits.
     */
    public long source()
    {
        return mac(buffer, offset + SOURCE_OFFSET);
    }

    /**
     * @param mac source MAC address in the low 48 bits.
     * @return this.
     */
    public EthernetFlyweight source(final long mac)
    {
        mac(buffer, offset + SOURCE_OFFSET, mac);
        return this;
    }

    /**
     * @return the EtherType field of the untagged header (a TPID when the frame is tagged).
     */
    public int etherType()
    {
        return etherType(buffer, offset);
    }

    /**
     * @param etherType EtherType (or TPID) to write.
     * @return this.
     */
    public EthernetFlyweight etherType(final int etherType)
    {
        buffer.putShort(offset + ETHER_TYPE_OFFSET, (short)etherType, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Format a 48-bit MAC address as {@code aa:bb:cc:dd:ee:ff} (allocates; for debugging and tools).
     *
     * @param mac the address in the low 48 bits.
     * @return the text form.
     */
    public static String macToString(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int b = (int)(mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Ethernet{dst=" + macToString(destination()) + ", src=" + macToString(source()) +
            ", etherType=0x" + Integer.toHexString(etherType()) + '}';
    }
}
