package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteOrder;

/**
 * Per-frame helpers shared by the V2 and V3 receive rings: flags from {@code tp_status} and putting back a
 * VLAN tag the kernel had moved out of band.
 */
final class RingFrames
{
    /** Bytes of an 802.1Q tag. */
    static final int VLAN_TAG_LENGTH = 4;
    /** Offset of the EtherType (or the TPID of a tag) in an Ethernet header. */
    static final int ETHER_TYPE_OFFSET = 12;
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private RingFrames()
    {
    }

    /**
     * @param status tp_status of a received frame.
     * @return the FrameVector flags it implies (checksum state and GSO), without FLAG_TRUNCATED.
     */
    static int flagsFromStatus(final int status)
    {
        int flags = 0;
        if (0 != (status & LinuxConstants.TP_STATUS_CSUMNOTREADY))
        {
            flags |= FrameVector.FLAG_CSUM_PARTIAL;
        }
        if (0 != (status & LinuxConstants.TP_STATUS_CSUM_VALID))
        {
            flags |= FrameVector.FLAG_CSUM_VALID;
        }
        if (0 != (status & LinuxConstants.TP_STATUS_GSO_TCP))
        {
            flags |= FrameVector.FLAG_GSO;
        }
        return flags;
    }

    /**
     * Put a VLAN tag the kernel reported in tp_vlan_tci back into the frame: the two MAC addresses (and the
     * virtio-net header in front of them, whose csum_start and hdr_len then grow by the tag) move
     * {@link #VLAN_TAG_LENGTH} bytes towards the slot header, into the padding the kernel always leaves.
     *
     * @param ring        ring memory.
     * @param macOffset   offset of the frame's first byte.
     * @param vnetLength  0 or {@link VnetHeader#LENGTH}.
     * @param tpid        tag protocol identifier (0x8100 or 0x88a8).
     * @param tci         tag control information.
     * @param lowestOffset first offset the moved bytes may use (the end of the slot header).
     * @return the new offset of the frame, or -1 if there is no room (the frame is left unchanged).
     */
    static int reinsertVlan(
        final UnsafeBuffer ring, final int macOffset, final int vnetLength, final int tpid, final int tci,
        final int lowestOffset)
    {
        final int newMac = macOffset - VLAN_TAG_LENGTH;
        if (newMac - vnetLength < lowestOffset)
        {
            return -1;
        }
        moveDown(ring, macOffset - vnetLength, newMac - vnetLength, vnetLength + ETHER_TYPE_OFFSET);
        ring.putShort(newMac + ETHER_TYPE_OFFSET, (short)tpid, ByteOrder.BIG_ENDIAN);
        ring.putShort(newMac + ETHER_TYPE_OFFSET + 2, (short)tci, ByteOrder.BIG_ENDIAN);
        if (0 != vnetLength)
        {
            final int header = newMac - vnetLength;
            if (0 != (ring.getByte(header + VnetHeader.FLAGS_OFFSET) & VnetHeader.F_NEEDS_CSUM))
            {
                addShort(ring, header + VnetHeader.CSUM_START_OFFSET, VLAN_TAG_LENGTH);
            }
            if (0 != ring.getShort(header + VnetHeader.HDR_LEN_OFFSET, HOST))
            {
                addShort(ring, header + VnetHeader.HDR_LEN_OFFSET, VLAN_TAG_LENGTH);
            }
        }
        return newMac;
    }

    private static void moveDown(final UnsafeBuffer ring, final int from, final int to, final int length)
    {
        // Ascending byte copy: safe for overlapping regions when moving towards lower offsets.
        for (int i = 0; i < length; i++)
        {
            ring.putByte(to + i, ring.getByte(from + i));
        }
    }

    private static void addShort(final UnsafeBuffer ring, final int offset, final int delta)
    {
        ring.putShort(offset, (short)((ring.getShort(offset, HOST) & 0xFFFF) + delta), HOST);
    }
}
