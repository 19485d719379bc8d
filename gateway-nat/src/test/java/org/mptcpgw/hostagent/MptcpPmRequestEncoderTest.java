package org.mptcpgw.hostagent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class MptcpPmRequestEncoderTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(MptcpPmRequestEncoder.MAX_LENGTH));
    private final MptcpPmRequestEncoder encoder = new MptcpPmRequestEncoder(KernelCaptures.FAMILY_ID);

    private byte[] encoded(final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    @Test
    void shouldEncodeExactlyTheIpv4RequestTheKernelAccepted()
    {
        final int length = encoder.subflowCreate(buffer, 0x65, 0x33042304, MptcpPm.AF_INET,
            new byte[]{(byte)192, 0, 2, 2}, 1, new byte[]{(byte)203, 0, 113, 100}, 5201);

        final byte[] expected = KernelCaptures.bytes(KernelCaptures.SUBFLOW_CREATE_REQUEST);
        assertEquals(expected.length, length);
        assertArrayEquals(expected, encoded(length));
    }

    @Test
    void shouldEncodeExactlyTheIpv6RequestTheKernelAccepted()
    {
        final byte[] local = new byte[16];
        final byte[] remote = new byte[16];
        final byte[] prefix = {0x20, 0x01, 0x0d, (byte)0xb8, 0x00, 0x01};
        System.arraycopy(prefix, 0, local, 0, prefix.length);
        System.arraycopy(prefix, 0, remote, 0, prefix.length);
        local[15] = 2;
        remote[15] = 1;

        final int length = encoder.subflowCreate(buffer, 0x65, 0x3a380f02, MptcpPm.AF_INET6, local, 1, remote, 5201);

        final byte[] expected = KernelCaptures.bytes(KernelCaptures.SUBFLOW_CREATE_REQUEST_IPV6);
        assertEquals(expected.length, length);
        assertArrayEquals(expected, encoded(length));
    }

    @Test
    void shouldEncodeExactlyTheLivenessProbeTheKernelAnswered()
    {
        final int length = encoder.livenessProbe(buffer, 0x64, 0x6bd5322d, MptcpPm.AF_INET,
            new byte[]{(byte)192, 0, 2, 2}, new byte[]{(byte)203, 0, 113, 100});

        final byte[] expected = KernelCaptures.bytes(KernelCaptures.PROBE_REQUEST);
        assertEquals(expected.length, length);
        assertArrayEquals(expected, encoded(length));
    }

    @Test
    void shouldPutThePortInHostByteOrder()
    {
        final int length =
            encoder.subflowCreate(buffer, 1, 1, MptcpPm.AF_INET, new byte[4], 1, new byte[4], 0x1234);

        // Last attribute of the message: MPTCP_PM_ADDR_ATTR_PORT, 6 bytes + 2 padding.
        assertEquals(0x1234, buffer.getShort(length - 4, java.nio.ByteOrder.nativeOrder()));
    }
}
