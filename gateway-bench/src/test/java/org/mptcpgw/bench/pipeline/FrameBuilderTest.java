package org.mptcpgw.bench.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpFlyweight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameBuilderTest
{
    static final long DST_MAC = 0x0200_0000_0102L;
    static final long SRC_MAC = 0x0200_0010_00A7L;
    static final int SRC = 0xC000_0207;
    static final int DST = 0xCB00_7164;
    static final int TOKEN = 0x7A11_C0DE;

    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    final ParsedPacket packet = new ParsedPacket();

    @Test
    void shouldPadAnAckToTheEthernetMinimumWithValidChecksums()
    {
        final int length = new FrameBuilder().tcp(buffer, 0, DST_MAC, SRC_MAC, SRC, DST, 40001, 5201,
            TcpFlyweight.ACK, 0x1111, 0x2222, null, 0);
        assertEquals(FrameBuilder.MIN_FRAME_LENGTH, length);
        assertEquals(ParseStatus.OK, new PacketParser().parseEthernet(buffer, 0, length, packet));
        assertEquals(40, packet.ipTotalLength());
        assertChecksumsValid();
    }

    @Test
    void shouldWriteAFullSizedSegment()
    {
        final int length = new FrameBuilder().tcp(buffer, 0, DST_MAC, SRC_MAC, SRC, DST, 40001, 5201,
            TcpFlyweight.ACK | TcpFlyweight.PSH, 1, 2, null, 1460);
        assertEquals(FrameBuilder.MTU_FRAME_LENGTH, length);
        assertEquals(ParseStatus.OK, new PacketParser().parseEthernet(buffer, 0, length, packet));
        assertEquals(1460, packet.payloadLength());
        assertChecksumsValid();
    }

    @Test
    void shouldCarryAnMpJoinTokenTheParserReads()
    {
        final int length = new FrameBuilder().tcp(buffer, 0, DST_MAC, SRC_MAC, SRC, DST, 40003, 5202,
            TcpFlyweight.SYN, 7, 0, FrameBuilder.mpJoinSyn(TOKEN, 0x5151), 0);
        assertEquals(ParseStatus.OK, new PacketParser().parseEthernet(buffer, 0, length, packet));
        final MptcpOptions mptcp = new MptcpOptions();
        MptcpOptionParser.parseAll(buffer, packet.tcpOptions(), packet.tcpFlags(), mptcp);
        assertTrue(mptcp.has(MptcpOptions.MP_JOIN));
        assertEquals(TOKEN, mptcp.joinToken());
        assertChecksumsValid();
    }

    @Test
    void shouldCarryBothKeysInTheThirdAck()
    {
        final int length = new FrameBuilder().tcp(buffer, 0, DST_MAC, SRC_MAC, SRC, DST, 40001, 5201,
            TcpFlyweight.ACK, 1, 1, FrameBuilder.mpCapableAck(0x1D1D262C4CB328FDL, 0xC58478A9DD4BDC20L), 0);
        assertEquals(ParseStatus.OK, new PacketParser().parseEthernet(buffer, 0, length, packet));
        final MptcpOptions mptcp = new MptcpOptions();
        MptcpOptionParser.parseAll(buffer, packet.tcpOptions(), packet.tcpFlags(), mptcp);
        assertTrue(mptcp.has(MptcpOptions.MP_CAPABLE));
        assertEquals(0x1D1D262C4CB328FDL, mptcp.capableSenderKey());
    }

    void assertChecksumsValid()
    {
        assertTrue(PacketParser.ipv4ChecksumValid(buffer, packet), "IPv4 header checksum");
        final int sum = Checksums.sum(buffer, packet.l4Offset(), packet.l4Length(),
            Checksums.ipv4PseudoHeaderSum(SRC, DST, IpProtocol.TCP, packet.l4Length()));
        assertEquals(0xFFFF, sum & 0xFFFF, "TCP checksum");
    }
}
