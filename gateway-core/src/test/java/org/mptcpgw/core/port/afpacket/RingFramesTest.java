package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mptcpgw.core.nativeio.LinuxConstants.*;

class RingFramesTest
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    @Test
    void shouldMoveTheVnetHeaderWithTheMacsAndGrowItsOffsets()
    {
        final UnsafeBuffer ring = new UnsafeBuffer(new byte[256]);
        final int mac = 100;
        VnetHeader.writeNeedsCsum(ring, mac - VnetHeader.LENGTH, 34, 16);
        ring.putShort(mac - VnetHeader.LENGTH + VnetHeader.HDR_LEN_OFFSET, (short)66, HOST);
        for (int i = 0; i < 14; i++)
        {
            ring.putByte(mac + i, (byte)(0x30 + i));
        }

        final int moved = RingFrames.reinsertVlan(ring, mac, VnetHeader.LENGTH, ETH_P_8021AD, 0xE00A, 80);

        assertEquals(mac - 4, moved);
        assertEquals(38, VnetHeader.csumStart(ring, moved - VnetHeader.LENGTH));
        assertEquals(16, VnetHeader.csumOffset(ring, moved - VnetHeader.LENGTH));
        assertEquals(70, ring.getShort(moved - VnetHeader.LENGTH + VnetHeader.HDR_LEN_OFFSET, HOST));
        assertEquals(0x30, ring.getByte(moved));
        assertEquals(0x3B, ring.getByte(moved + 11));
        assertEquals((short)0x88A8, ring.getShort(moved + 12, ByteOrder.BIG_ENDIAN));
        assertEquals((short)0xE00A, ring.getShort(moved + 14, ByteOrder.BIG_ENDIAN));
        assertEquals(0x3C, ring.getByte(moved + 16), "EtherType stays in place after the tag");
    }

    @Test
    void shouldLeaveTheFrameAloneWithoutRoom()
    {
        final UnsafeBuffer ring = new UnsafeBuffer(new byte[128]);
        ring.putByte(66, (byte)0x77);

        assertEquals(-1, RingFrames.reinsertVlan(ring, 66, 0, ETH_P_8021Q, 1, 64));
        assertEquals(0x77, ring.getByte(66));
    }

    @Test
    void shouldMapStatusBits()
    {
        assertEquals(0, RingFrames.flagsFromStatus(TP_STATUS_USER | TP_STATUS_LOSING));
        assertEquals(FrameVector.FLAG_CSUM_PARTIAL | FrameVector.FLAG_CSUM_VALID | FrameVector.FLAG_GSO,
            RingFrames.flagsFromStatus(TP_STATUS_CSUMNOTREADY | TP_STATUS_CSUM_VALID | TP_STATUS_GSO_TCP));
    }
}
