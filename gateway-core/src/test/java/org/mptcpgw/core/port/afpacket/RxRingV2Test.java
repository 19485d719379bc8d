package org.mptcpgw.core.port.afpacket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.nativeio.LinuxConstants;
import org.mptcpgw.core.port.FrameVector;
import org.mptcpgw.core.port.VnetHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mptcpgw.core.nativeio.LinuxConstants.*;
import static org.mptcpgw.core.port.afpacket.TpacketLayout.*;

class RxRingV2Test
{
    private static final ByteOrder HOST = ByteOrder.nativeOrder();
    private static final int PAGE = 4096;
    private static final int FRAME = 2048;
    private static final int MAC = 66;
    private static final int FD = 0x2A;

    private final RingGeometry geometry = RingGeometry.ofBlocks(PAGE, 2, FRAME, TPACKET2_HDRLEN, PAGE);
    private final UnsafeBuffer ring = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAGE));
    private final AfPacketCounters counters = new AfPacketCounters();
    private final FakeLibC libc = new FakeLibC();
    private final FrameVector vector = new FrameVector(16);
    private RxRingV2 rx;

    @BeforeEach
    void setUp()
    {
        rx = new RxRingV2(ring, geometry, 0, FD, libc, new OversizeBuffers(2), counters);
    }

    private void fill(final int index, final int status, final int length, final int snapLength, final int mac)
    {
        final int slot = geometry.frameOffset(index);
        ring.putInt(slot + V2_LEN_OFFSET, length, HOST);
        ring.putInt(slot + V2_SNAPLEN_OFFSET, snapLength, HOST);
        ring.putShort(slot + V2_MAC_OFFSET, (short)mac, HOST);
        ring.putByte(slot + mac, (byte)(0xA0 + index));
        ring.putIntVolatile(slot + V2_STATUS_OFFSET, status);
    }

    private int status(final int index)
    {
        return ring.getIntVolatile(geometry.frameOffset(index) + V2_STATUS_OFFSET);
    }

    @Test
    void shouldHandOutFramesInPlaceAndReturnThemAtRelease()
    {
        fill(0, TP_STATUS_USER, 60, 60, MAC);
        fill(1, TP_STATUS_USER, 98, 98, MAC);

        assertEquals(2, rx.receive(vector, 3, 0x5EED));

        assertEquals(ring.addressOffset() + MAC, vector.address(0));
        assertEquals(ring.addressOffset() + geometry.frameOffset(1) + MAC, vector.address(1));
        assertEquals(98, vector.length(1));
        assertEquals(3, vector.rxPort(1));
        assertEquals(0x5EED, vector.timestampNs(0));
        assertEquals(TP_STATUS_USER, status(0));
        rx.release();
        assertEquals(TP_STATUS_KERNEL, status(0));
        assertEquals(TP_STATUS_KERNEL, status(1));
        assertEquals(0, rx.receive(vector, 3, 0));
    }

    @Test
    void shouldContinueWhereAFullVectorStoppedAndWrapAround()
    {
        final FrameVector one = new FrameVector(1);
        for (int i = 0; i < 4; i++)
        {
            fill(i, TP_STATUS_USER, 60, 60, MAC);
        }
        for (int i = 0; i < 4; i++)
        {
            one.clear();
            assertEquals(1, rx.receive(one, 0, 0));
            assertEquals(ring.addressOffset() + geometry.frameOffset(i) + MAC, one.address(0));
        }
        one.clear();
        assertEquals(0, rx.receive(one, 0, 0), "every slot is held: nothing more even though statuses say user");
        rx.release();
        fill(0, TP_STATUS_USER, 60, 60, MAC);
        assertEquals(1, rx.receive(one, 0, 0));
        assertEquals(ring.addressOffset() + MAC, one.address(0));
    }

    @Test
    void shouldTakeFlagsFromTheStatusWord()
    {
        fill(0, TP_STATUS_USER | TP_STATUS_CSUMNOTREADY | TP_STATUS_GSO_TCP, 1500, 1500, MAC);
        fill(1, TP_STATUS_USER | TP_STATUS_CSUM_VALID, 3000, FRAME - MAC, MAC);

        assertEquals(2, rx.receive(vector, 0, 0));

        assertEquals(FrameVector.FLAG_CSUM_PARTIAL | FrameVector.FLAG_GSO, vector.flags(0));
        assertEquals(FrameVector.FLAG_CSUM_VALID | FrameVector.FLAG_TRUNCATED, vector.flags(1));
        assertEquals(FRAME - MAC, vector.length(1));
        assertEquals(1, counters.get(AfPacketCounter.TRUNCATED));
    }

    @Test
    void shouldTakeFlagsFromTheVnetHeader()
    {
        rx = new RxRingV2(ring, geometry, VnetHeader.LENGTH, FD, libc, new OversizeBuffers(2), counters);
        final int mac = MAC + VnetHeader.LENGTH;
        VnetHeader.writeNeedsCsum(ring, mac - VnetHeader.LENGTH, 34, 16);
        ring.putByte(mac - VnetHeader.LENGTH + VnetHeader.GSO_TYPE_OFFSET, (byte)VnetHeader.GSO_TCPV4);
        fill(0, TP_STATUS_USER, 1514, 1514, mac);

        assertEquals(1, rx.receive(vector, 0, 0));

        assertEquals(FrameVector.FLAG_VNET | FrameVector.FLAG_CSUM_PARTIAL | FrameVector.FLAG_GSO, vector.flags(0));
        assertEquals(ring.addressOffset() + mac, vector.address(0));
    }

    @Test
    void shouldSkipEntriesWithImpossibleOffsetsButStillReleaseThem()
    {
        fill(0, TP_STATUS_USER, 60, 60, 20);
        fill(1, TP_STATUS_USER, 60, FRAME, MAC);
        fill(2, TP_STATUS_USER, 60, 60, MAC);

        assertEquals(1, rx.receive(vector, 0, 0));

        assertEquals(ring.addressOffset() + geometry.frameOffset(2) + MAC, vector.address(0));
        assertEquals(2, counters.get(AfPacketCounter.MALFORMED_RING_ENTRY));
        rx.release();
        assertEquals(TP_STATUS_KERNEL, status(0));
        assertEquals(TP_STATUS_KERNEL, status(1));
    }

    @Test
    void shouldPutBackAVlanTagTheKernelTookOut()
    {
        final int slot = geometry.frameOffset(0);
        for (int i = 0; i < 14; i++)
        {
            ring.putByte(slot + MAC + i, (byte)(0x10 + i));
        }
        ring.putShort(slot + V2_VLAN_TCI_OFFSET, (short)0x0064, HOST);
        ring.putShort(slot + V2_LEN_OFFSET, (short)60, HOST);
        ring.putInt(slot + V2_LEN_OFFSET, 60, HOST);
        ring.putInt(slot + V2_SNAPLEN_OFFSET, 60, HOST);
        ring.putShort(slot + V2_MAC_OFFSET, (short)MAC, HOST);
        ring.putIntVolatile(slot, TP_STATUS_USER | TP_STATUS_VLAN_VALID);

        assertEquals(1, rx.receive(vector, 0, 0));

        final UnsafeBuffer frame = vector.wrap(0, new UnsafeBuffer(0, 0));
        assertEquals(64, frame.capacity());
        assertEquals(0x10, frame.getByte(0));
        assertEquals(0x1B, frame.getByte(11));
        assertEquals(0x8100, frame.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        assertEquals(0x0064, frame.getShort(14, ByteOrder.BIG_ENDIAN));
        assertEquals(0x1C1D, frame.getShort(16, ByteOrder.BIG_ENDIAN));
        assertEquals(1, counters.get(AfPacketCounter.VLAN_REINSERTED));
    }

    @Test
    void shouldReadAFrameLongerThanItsSlotFromTheSocketQueue()
    {
        final UnsafeBuffer whole = new UnsafeBuffer(new byte[3000]);
        whole.putByte(0, (byte)0xC0);
        whole.putByte(2999, (byte)0xFE);
        libc.datagrams.add(whole);
        fill(0, TP_STATUS_USER | TP_STATUS_COPY, 3000, FRAME - MAC, MAC);
        fill(1, TP_STATUS_USER, 60, 60, MAC);

        assertEquals(2, rx.receive(vector, 0, 0));

        assertEquals(3000, vector.length(0));
        final UnsafeBuffer frame = vector.wrap(0, new UnsafeBuffer(0, 0));
        assertEquals((byte)0xC0, frame.getByte(0));
        assertEquals((byte)0xFE, frame.getByte(2999));
        assertEquals(0, vector.flags(0));
        assertEquals(1, counters.get(AfPacketCounter.OVERSIZE_RECEIVED));
    }

    @Test
    void shouldHandOutTheTruncatedPrefixWhenTheCopyDoesNotMatch()
    {
        libc.datagrams.add(new UnsafeBuffer(new byte[2999]));
        fill(0, TP_STATUS_USER | TP_STATUS_COPY, 3000, FRAME - MAC, MAC);

        assertEquals(1, rx.receive(vector, 0, 0));

        assertEquals(ring.addressOffset() + MAC, vector.address(0));
        assertEquals(FrameVector.FLAG_TRUNCATED, vector.flags(0));
        assertEquals(1, counters.get(AfPacketCounter.OVERSIZE_MISMATCH));
    }

    @Test
    void shouldStopTheBatchWhenEveryOversizeBufferIsInUse()
    {
        for (int i = 0; i < 3; i++)
        {
            libc.datagrams.add(new UnsafeBuffer(new byte[3000]));
            fill(i, TP_STATUS_USER | TP_STATUS_COPY, 3000, FRAME - MAC, MAC);
        }

        assertEquals(2, rx.receive(vector, 0, 0));
        rx.release();
        assertEquals(TP_STATUS_USER | TP_STATUS_COPY, status(2));
        vector.clear();
        assertEquals(1, rx.receive(vector, 0, 0));
        assertEquals(3000, vector.length(0));
    }

    @Test
    void shouldNotTouchTheStatusOfFramesNotHandedOut()
    {
        fill(0, TP_STATUS_USER, 60, 60, MAC);
        fill(1, LinuxConstants.TP_STATUS_KERNEL, 60, 60, MAC);

        assertEquals(1, rx.receive(vector, 0, 0));
        fill(1, TP_STATUS_USER, 60, 60, MAC);
        rx.release();

        assertEquals(TP_STATUS_USER, status(1));
    }
}
