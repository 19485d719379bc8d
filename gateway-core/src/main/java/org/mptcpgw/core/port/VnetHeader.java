package org.mptcpgw.core.port;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Layout of {@code struct virtio_net_hdr} (include/uapi/linux/virtio_net.h), the 10 bytes that precede a
 * frame on an AF_PACKET socket with {@code PACKET_VNET_HDR}. It carries the offload state of the frame so that
 * partial checksums and GSO super-frames pass through the gateway intact and the transmitting kernel finishes
 * them.
 * <pre>
 *   0      1      2             4             6             8             10
 *   +------+------+-------------+-------------+-------------+-------------+
 *   |flags |gso_ty|  hdr_len    |  gso_size   | csum_start  | csum_offset |
 *   +------+------+-------------+-------------+-------------+-------------+
 * </pre>
 * Multi-byte fields are in the host's byte order (little-endian on x86; virtio 1.0 legacy on a packet socket).
 */
public final class VnetHeader
{
    /** Size of the header in bytes. */
    public static final int LENGTH = 10;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of the GSO type byte. */
    public static final int GSO_TYPE_OFFSET = 1;
    /** Offset of the header length (u16). */
    public static final int HDR_LEN_OFFSET = 2;
    /** Offset of the GSO segment size (u16). */
    public static final int GSO_SIZE_OFFSET = 4;
    /** Offset of the checksum start (u16), from the start of the frame. */
    public static final int CSUM_START_OFFSET = 6;
    /** Offset of the checksum field offset (u16), from csum_start. */
    public static final int CSUM_OFFSET_OFFSET = 8;

    /** VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum at csum_start + csum_offset holds only the pseudo-header sum. */
    public static final int F_NEEDS_CSUM = 1;
    /** VIRTIO_NET_HDR_F_DATA_VALID: the checksum was validated. */
    public static final int F_DATA_VALID = 2;
    /** VIRTIO_NET_HDR_GSO_NONE. */
    public static final int GSO_NONE = 0;
    /** VIRTIO_NET_HDR_GSO_TCPV4. */
    public static final int GSO_TCPV4 = 1;
    /** VIRTIO_NET_HDR_GSO_UDP. */
    public static final int GSO_UDP = 3;
    /** VIRTIO_NET_HDR_GSO_TCPV6. */
    public static final int GSO_TCPV6 = 4;
    /** VIRTIO_NET_HDR_GSO_ECN flag bit of gso_type. */
    public static final int GSO_ECN = 0x80;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VnetHeader()
    {
    }

    /**
     * Derive {@link FrameVector} flags from a virtio-net header.
     *
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return FLAG_* bits (always including {@link FrameVector#FLAG_VNET}).
     */
    public static int frameFlags(final DirectBuffer buffer, final int offset)
    {
        int flags = FrameVector.FLAG_VNET;
        final int hdrFlags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if (0 != (hdrFlags & F_NEEDS_CSUM))
        {
            flags |= FrameVector.FLAG_CSUM_PARTIAL;
        }
        if (0 != (hdrFlags & F_DATA_VALID))
        {
            flags |= FrameVector.FLAG_CSUM_VALID;
        }
        if (GSO_NONE != (buffer.getByte(offset + GSO_TYPE_OFFSET) & 0x7F))
        {
            flags |= FrameVector.FLAG_GSO;
        }
        return flags;
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return csum_start: offset of the transport header from the start of the frame.
     */
    public static int csumStart(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + CSUM_START_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return csum_offset: offset of the checksum field from csum_start.
     */
    public static int csumOffset(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + CSUM_OFFSET_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * @param buffer buffer holding the header.
     * @param offset offset of the header.
     * @return gso_size: payload bytes per segment.
     */
    public static int gsoSize(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + GSO_SIZE_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Write an empty header: no offload, fully checksummed frame.
     *
     * @param buffer buffer to write to.
     * @param offset offset of the header.
     */
    public static void writeNone(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.setMemory(offset, LENGTH, (byte)0);
    }

    /**
     * Write a header asking the kernel to finish a partial checksum.
     *
     * @param buffer      buffer to write to.
     * @param offset      offset of the header.
     * @param csumStart   offset of the transport header from the frame start.
     * @param csumOffset  offset of the checksum field within the transport header.
     */
    public static void writeNeedsCsum(
        final MutableDirectBuffer buffer, final int offset, final int csumStart, final int csumOffset)
    {
        buffer.setMemory(offset, LENGTH, (byte)0);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)F_NEEDS_CSUM);
        buffer.putShort(offset + CSUM_START_OFFSET, (short)csumStart, ORDER);
        buffer.putShort(offset + CSUM_OFFSET_OFFSET, (short)csumOffset, ORDER);
    }
}
