package org.mptcpgw.hostagent;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.hostagent.netlink.NetlinkMessageWriter;

/**
 * Builds mptcp_pm event messages the way the kernel lays them out (attribute order of the captures) and decodes
 * them with the real decoder, so that agent tests go through the same path as kernel events.
 */
final class TestEvents
{
    static final byte[] HOST = {(byte)192, 0, 2, 2};
    static final byte[] SERVICE = {(byte)203, 0, 113, 100};
    static final int SERVICE_PORT = 5201;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final NetlinkMessageWriter writer = new NetlinkMessageWriter();
    private final MptcpEventDecoder decoder = new MptcpEventDecoder(KernelCaptures.FAMILY_ID);
    private final MptcpEvent event = new MptcpEvent();
    private int length;

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int length()
    {
        return length;
    }

    TestEvents connection(final int type, final int token, final int sourcePort, final boolean serverSide)
    {
        return connection(type, token, HOST, sourcePort, SERVICE, SERVICE_PORT, serverSide);
    }

    TestEvents connection(
        final int type,
        final int token,
        final byte[] source,
        final int sourcePort,
        final byte[] destination,
        final int destinationPort,
        final boolean serverSide)
    {
        writer.wrap(buffer, 0).begin(KernelCaptures.FAMILY_ID, 0, 0, type, MptcpPm.VERSION);
        writer.putU32(MptcpPm.ATTR_TOKEN, token);
        if (serverSide)
        {
            writer.putU8(MptcpPm.ATTR_SERVER_SIDE, 1).putU16(MptcpPm.ATTR_FLAGS, MptcpPm.EVENT_FLAG_SERVER_SIDE);
        }
        endpoints(source, sourcePort, destination, destinationPort);
        writer.putU8(MptcpPm.ATTR_LOC_ID, 0).putU8(MptcpPm.ATTR_REM_ID, 0);
        length = writer.finish();
        return this;
    }

    TestEvents subflow(final int type, final int token, final int sourcePort, final int error)
    {
        writer.wrap(buffer, 0).begin(KernelCaptures.FAMILY_ID, 0, 0, type, MptcpPm.VERSION);
        writer.putU32(MptcpPm.ATTR_TOKEN, token);
        endpoints(HOST, sourcePort, SERVICE, SERVICE_PORT);
        writer.putU8(MptcpPm.ATTR_LOC_ID, 1).putU8(MptcpPm.ATTR_REM_ID, 0).putU8(MptcpPm.ATTR_BACKUP, 0);
        if (0 != error)
        {
            writer.putU8(MptcpPm.ATTR_ERROR, error);
        }
        length = writer.finish();
        return this;
    }

    TestEvents closed(final int token)
    {
        writer.wrap(buffer, 0).begin(KernelCaptures.FAMILY_ID, 0, 0, MptcpPm.EVENT_CLOSED, MptcpPm.VERSION);
        writer.putU32(MptcpPm.ATTR_TOKEN, token);
        length = writer.finish();
        return this;
    }

    MptcpEvent decoded()
    {
        final MptcpEventDecoder.Result result = decoder.decode(buffer, 0, length, event);
        if (MptcpEventDecoder.Result.OK != result)
        {
            throw new IllegalStateException("test event does not decode: " + result);
        }
        return event;
    }

    private void endpoints(final byte[] source, final int sourcePort, final byte[] destination, final int port)
    {
        final boolean ipv4 = 4 == source.length;
        writer.putU16(MptcpPm.ATTR_FAMILY, ipv4 ? MptcpPm.AF_INET : MptcpPm.AF_INET6)
            .putBytes(ipv4 ? MptcpPm.ATTR_SADDR4 : MptcpPm.ATTR_SADDR6, source, source.length)
            .putBytes(ipv4 ? MptcpPm.ATTR_DADDR4 : MptcpPm.ATTR_DADDR6, destination, destination.length)
            .putU16BigEndian(MptcpPm.ATTR_SPORT, sourcePort)
            .putU16BigEndian(MptcpPm.ATTR_DPORT, port);
    }
}
