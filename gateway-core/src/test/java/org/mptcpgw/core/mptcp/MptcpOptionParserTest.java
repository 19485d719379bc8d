package org.mptcpgw.core.mptcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.packet.Checksums;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.FrameBuilder;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParseStatus;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptionWalker;
import org.mptcpgw.core.packet.TcpOptions;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mptcpgw.core.packet.FrameBuilder.hex;

class MptcpOptionParserTest
{
    private static final int SYN = TcpFlyweight.SYN;
    private static final int SYN_ACK = TcpFlyweight.SYN | TcpFlyweight.ACK;
    private static final int ACK = TcpFlyweight.ACK;
    private static final String KEY_A = "9c9eabd1e46a33b2";
    private static final String KEY_B = "967d2770b6960552";

    private final MptcpOptions options = new MptcpOptions();

    @Test
    void shouldDecodeMpCapableV1AtEveryHandshakeStep()
    {
        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e040101", SYN));
        assertEquals(1, options.capableVersion());
        assertEquals(0x01, options.capableFlags());
        assertEquals(0, options.capableKeyCount());

        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e0c0101" + KEY_B, SYN_ACK));
        assertEquals(1, options.capableKeyCount());
        assertEquals(0x967d2770b6960552L, options.capableSenderKey());

        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e140101" + KEY_A + KEY_B, ACK));
        assertEquals(2, options.capableKeyCount());
        assertEquals(0x9c9eabd1e46a33b2L, options.capableSenderKey());
        assertEquals(0x967d2770b6960552L, options.capableReceiverKey());
        assertFalse(options.capableHasDataLength());

        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e160101" + KEY_A + KEY_B + "2000", ACK | 0x08));
        assertTrue(options.capableHasDataLength());
        assertEquals(0x2000, options.capableDataLength());
        assertFalse(options.capableHasChecksum());

        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e180181" + KEY_A + KEY_B + "0010beef", ACK));
        assertTrue(options.capableHasChecksum());
        assertEquals(0xbeef, options.capableChecksum());
        assertEquals(0x81, options.capableFlags());
    }

    @Test
    void shouldDecodeMpCapableV0()
    {
        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e0c0081" + KEY_A, SYN));
        assertEquals(0, options.capableVersion());
        assertEquals(0x9c9eabd1e46a33b2L, options.capableSenderKey());
        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e0c0081" + KEY_B, SYN_ACK));
        assertEquals(MptcpOptions.SUBTYPE_MP_CAPABLE, parse("1e140081" + KEY_A + KEY_B, ACK));
        assertEquals(0x967d2770b6960552L, options.capableReceiverKey());
    }

    @Test
    void shouldRejectMpCapableWhoseLengthDoesNotFitVersionAndHandshakeStep()
    {
        assertInvalid("1e0c0101" + KEY_A, SYN, MptcpOptions.MP_CAPABLE);
        assertInvalid("1e040101", SYN_ACK, MptcpOptions.MP_CAPABLE);
        assertInvalid("1e0c0101" + KEY_A, ACK, MptcpOptions.MP_CAPABLE);
        assertInvalid("1e040001", SYN, MptcpOptions.MP_CAPABLE);
        assertInvalid("1e160081" + KEY_A + KEY_B + "0001", ACK, MptcpOptions.MP_CAPABLE);
        assertInvalid("1e040201", SYN, MptcpOptions.MP_CAPABLE);
        assertInvalid("1e0301", SYN, MptcpOptions.MP_CAPABLE);
    }

    @Test
    void shouldDecodeMpJoinAtEveryHandshakeStep()
    {
        assertEquals(MptcpOptions.SUBTYPE_MP_JOIN, parse("1e0c1103e47f01421b665a18", SYN));
        assertTrue(options.joinBackup());
        assertEquals(3, options.joinAddressId());
        assertEquals(0xe47f0142, options.joinToken());
        assertEquals(0x1b665a18, options.joinNonce());

        assertEquals(MptcpOptions.SUBTYPE_MP_JOIN, parse("1e1010015ab680c7884af03d33abe9d5", SYN_ACK));
        assertFalse(options.joinBackup());
        assertEquals(1, options.joinAddressId());
        assertEquals(0x5ab680c7884af03dL, options.joinTruncatedHmac());
        assertEquals(0x33abe9d5, options.joinNonce());

        assertEquals(MptcpOptions.SUBTYPE_MP_JOIN, parse("1e181000cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a", ACK));
        assertEquals(24, options.joinLength());
        assertArrayEquals(hex("cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a"), options.joinHmac());

        assertInvalid("1e1010015ab680c7884af03d33abe9d5", SYN, MptcpOptions.MP_JOIN);
        assertInvalid("1e0c1103e47f01421b665a18", ACK, MptcpOptions.MP_JOIN);
    }

    @Test
    void shouldDecodeEveryDssFlagCombinationWithAndWithoutChecksum()
    {
        for (int flags = 0; flags < 32; flags++)
        {
            for (int csum = 0; csum < 2; csum++)
            {
                final boolean hasAck = 0 != (flags & MptcpOptions.DSS_FLAG_DATA_ACK);
                final boolean ack64 = 0 != (flags & MptcpOptions.DSS_FLAG_DATA_ACK_8);
                final boolean hasMap = 0 != (flags & MptcpOptions.DSS_FLAG_MAPPING);
                final boolean dsn64 = 0 != (flags & MptcpOptions.DSS_FLAG_DSN_8);
                final boolean withChecksum = 1 == csum;
                final StringBuilder body = new StringBuilder();
                if (hasAck)
                {
                    body.append(ack64 ? "a1a2a3a4a5a6a7a8" : "b1b2b3b4");
                }
                if (hasMap)
                {
                    body.append(dsn64 ? "c1c2c3c4c5c6c7c8" : "d1d2d3d4").append("00000011").append("0029");
                    if (withChecksum)
                    {
                        body.append("082f");
                    }
                }
                final int length = 4 + body.length() / 2;
                final String option = String.format("1e%02x20%02x", length, flags) + body;
                final int result = parse(option, ACK);
                if (withChecksum && !hasMap)
                {
                    // No mapping, no checksum: a 2-byte checksum alone is a length mismatch.
                    assertEquals(MptcpOptionParser.RESULT_INVALID, parse(option + "0000", ACK, length + 2));
                    continue;
                }
                assertEquals(MptcpOptions.SUBTYPE_DSS, result, option);
                assertEquals(flags, options.dssFlags());
                assertEquals(0 != (flags & MptcpOptions.DSS_FLAG_DATA_FIN), options.dssDataFin());
                if (hasAck)
                {
                    assertEquals(ack64 ? 0xa1a2a3a4a5a6a7a8L : 0xb1b2b3b4L, options.dssDataAck(), option);
                }
                if (hasMap)
                {
                    assertEquals(dsn64 ? 0xc1c2c3c4c5c6c7c8L : 0xd1d2d3d4L, options.dssDsn(), option);
                    assertEquals(0x11, options.dssSsn());
                    assertEquals(41, options.dssDataLength());
                    assertEquals(withChecksum, options.dssHasChecksum());
                    assertEquals(withChecksum ? 0x082f : 0, options.dssChecksum());
                }
                // One byte more or less than the flags require is ignored.
                assertEquals(MptcpOptionParser.RESULT_INVALID, parse(option + "00", ACK, length + 1), option);
            }
        }
    }

    @Test
    void shouldDecodeAddAddrV1AllLengths()
    {
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e103001c0a888e1669928744366716c", ACK));
        assertEquals(1, options.addAddrVersion());
        assertFalse(options.addAddrEcho());
        assertEquals(1, options.addAddrId());
        assertEquals(4, options.addAddrIpVersion());
        assertEquals(0xc0a888e1, options.addAddrIpv4());
        assertFalse(options.addAddrHasPort());
        assertTrue(options.addAddrHasHmac());
        assertEquals(0x669928744366716cL, options.addAddrHmac());

        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e123002cb0071641452f8295862f645df19", ACK));
        assertTrue(options.addAddrHasPort());
        assertEquals(5202, options.addAddrPort());
        assertEquals(0xf8295862f645df19L, options.addAddrHmac());

        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e0831010a000201", ACK));
        assertTrue(options.addAddrEcho());
        assertFalse(options.addAddrHasHmac());
        assertEquals(0x0a000201, options.addAddrIpv4());

        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e0a31010a0002011452", ACK));
        assertTrue(options.addAddrEcho());
        assertEquals(5202, options.addAddrPort());

        final String v6 = "20010db8000000000000000000000064";
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e1c3005" + v6 + "1122334455667788", ACK));
        assertEquals(6, options.addAddrIpVersion());
        assertEquals(0x20010db800000000L, options.addAddrIpv6High());
        assertEquals(0x64L, options.addAddrIpv6Low());
        assertEquals(0x1122334455667788L, options.addAddrHmac());
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e1e3005" + v6 + "14511122334455667788", ACK));
        assertEquals(5201, options.addAddrPort());
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e143105" + v6, ACK));
        assertTrue(options.addAddrEcho());
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e163105" + v6 + "1451", ACK));

        assertInvalid("1e0c30010a0002011122", ACK, MptcpOptions.ADD_ADDR);
        assertInvalid("1e1031010a000201669928744366716c", ACK, MptcpOptions.ADD_ADDR);
    }

    @Test
    void shouldDecodeAddAddrV0()
    {
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e0834010a010202", ACK));
        assertEquals(0, options.addAddrVersion());
        assertEquals(4, options.addAddrIpVersion());
        assertEquals(0x0a010202, options.addAddrIpv4());
        assertFalse(options.addAddrHasHmac());
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e0a34010a0102020016", ACK));
        assertEquals(22, options.addAddrPort());
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e14360220010db8000000000000000000000064", ACK));
        assertEquals(6, options.addAddrIpVersion());
        assertEquals(MptcpOptions.SUBTYPE_ADD_ADDR, parse("1e16360220010db80000000000000000000000640016", ACK));
        assertInvalid("1e1034010a010202", ACK, MptcpOptions.ADD_ADDR);
    }

    @Test
    void shouldDecodeRemoveAddrPrioFailFastcloseAndTcpRst()
    {
        assertEquals(MptcpOptions.SUBTYPE_REMOVE_ADDR, parse("1e044003", ACK));
        assertEquals(1, options.removeCount());
        assertEquals(3, options.removeId(0));
        assertEquals(MptcpOptions.SUBTYPE_REMOVE_ADDR, parse("1e06400102ff", ACK));
        assertEquals(3, options.removeCount());
        assertEquals(0xff, options.removeId(2));
        assertInvalid("1e0340", ACK, MptcpOptions.REMOVE_ADDR);

        assertEquals(MptcpOptions.SUBTYPE_MP_PRIO, parse("1e0351", ACK));
        assertTrue(options.prioBackup());
        assertEquals(-1, options.prioAddressId());
        assertEquals(MptcpOptions.SUBTYPE_MP_PRIO, parse("1e045007", ACK));
        assertFalse(options.prioBackup());
        assertEquals(7, options.prioAddressId());
        assertInvalid("1e05500700", ACK, MptcpOptions.MP_PRIO);

        assertEquals(MptcpOptions.SUBTYPE_MP_FAIL, parse("1e0c6000c802fb3d6f4b9e91", ACK));
        assertEquals(0xc802fb3d6f4b9e91L, options.failDsn());
        assertInvalid("1e086000c802fb3d", ACK, MptcpOptions.MP_FAIL);

        assertEquals(MptcpOptions.SUBTYPE_MP_FASTCLOSE, parse("1e0c7000d005b1ab34bad344", ACK));
        assertEquals(0xd005b1ab34bad344L, options.fastCloseKey());
        assertInvalid("1e0e7000d005b1ab34bad3440000", ACK, MptcpOptions.MP_FASTCLOSE);

        assertEquals(MptcpOptions.SUBTYPE_MP_TCPRST, parse("1e048906", TcpFlyweight.RST | ACK));
        assertEquals(MptcpOptions.TCPRST_FLAG_U | MptcpOptions.TCPRST_FLAG_T, options.tcpRstFlags());
        assertEquals(6, options.tcpRstReason());
        assertInvalid("1e058906ff", ACK, MptcpOptions.MP_TCPRST);
    }

    @Test
    void shouldReportUnknownSubtypesWithoutFailing()
    {
        assertEquals(MptcpOptionParser.RESULT_UNKNOWN, parse("1e049000", ACK));
        assertEquals(1 << 9, options.unknownSubtypes());
        assertEquals(MptcpOptionParser.RESULT_UNKNOWN, parse("1e06f0001234", ACK));
        assertEquals(1 << 15, options.unknownSubtypes());
        assertEquals(0, options.invalid());
        assertEquals(MptcpOptionParser.RESULT_MALFORMED, parse("1e02", ACK));
    }

    @Test
    void shouldKeepEverySubtypeOfASegmentAndTheFirstOfARepeatedOne()
    {
        // NOP NOP DSS(ack 4) ADD_ADDR echo DSS(ack 4 again) EOL
        final UnsafeBuffer b = new UnsafeBuffer(hex("0101" + "1e082001b1b2b3b4" + "1e0831010a000201" +
            "1e082001c1c2c3c4" + "0000"));
        final TcpOptions tcpOptions = TcpOptionWalker.walk(b, 0, b.capacity(), new TcpOptions());
        assertEquals(3, tcpOptions.mptcpCount());
        final int present = MptcpOptionParser.parseAll(b, tcpOptions, ACK, options);
        assertEquals(MptcpOptions.DSS | MptcpOptions.ADD_ADDR, present);
        assertEquals(0xb1b2b3b4L, options.dssDataAck());
        assertEquals(1, options.duplicates());
        assertEquals(3, options.optionCount());
        assertTrue(options.addAddrEcho());
        // Each option can still be decoded on its own.
        assertEquals(MptcpOptions.SUBTYPE_DSS,
            MptcpOptionParser.parseOne(b, tcpOptions.mptcpOffset(2), tcpOptions.mptcpLength(2), ACK, options));
        assertEquals(0xc1c2c3c4L, options.dssDataAck());
    }

    @Test
    void shouldWriteOptionsThatParseBack()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[16]);
        assertEquals(4, MptcpOptionWriter.writeTcpRst(b, 0, MptcpOptions.TCPRST_FLAG_T,
            MptcpOptionWriter.REASON_MIDDLEBOX_INTERFERENCE));
        assertEquals("1e048106", FrameBuilder.toHex(copy(b, 4)));
        assertEquals(MptcpOptions.SUBTYPE_MP_TCPRST, MptcpOptionParser.parseOne(b, 0, 4, TcpFlyweight.RST, options));
        assertEquals(MptcpOptions.TCPRST_FLAG_T, options.tcpRstFlags());
        assertEquals(6, options.tcpRstReason());

        assertEquals(12, MptcpOptionWriter.writeFastClose(b, 0, 0xd005b1ab34bad344L));
        assertEquals("1e0c7000d005b1ab34bad344", FrameBuilder.toHex(copy(b, 12)));
    }

    @Test
    void shouldBuildAValidSubflowResetFrame()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[128]);
        final int length = new SubflowResetWriter().writeIpv4(b, 0, FrameBuilder.HOST_MAC, FrameBuilder.GATEWAY_MAC,
            FrameBuilder.SERVER, FrameBuilder.HOST, 5201, 40000, 0x11223344, 0x55667788,
            MptcpOptions.TCPRST_FLAG_T, MptcpOptionWriter.REASON_UNACCEPTABLE_PERFORMANCE);
        assertEquals(SubflowResetWriter.IPV4_FRAME_LENGTH, length);
        final ParsedPacket p = new ParsedPacket();
        final UnsafeBuffer frame = new UnsafeBuffer(b, 0, length);
        assertEquals(ParseStatus.OK, new PacketParser().parseEthernet(frame, 0, length, p));
        assertEquals(TcpFlyweight.RST | TcpFlyweight.ACK, p.tcpFlags());
        assertEquals(0x11223344, p.tcpSequence());
        assertEquals(FrameBuilder.SERVER, p.ipv4Source());
        assertEquals(40000, p.destinationPort());
        assertTrue(Checksums.ipv4HeaderValid(frame, p.l3Offset(), p.ipHeaderLength()));
        final int pseudo = Checksums.ipv4PseudoHeaderSum(FrameBuilder.SERVER, FrameBuilder.HOST, IpProtocol.TCP,
            p.l4Length());
        assertEquals(0xFFFF, Checksums.sum(frame, p.l4Offset(), p.l4Length(), pseudo));
        assertEquals(MptcpOptions.MP_TCPRST, MptcpOptionParser.parseAll(frame, p.tcpOptions(), p.tcpFlags(), options));
        assertEquals(MptcpOptionWriter.REASON_UNACCEPTABLE_PERFORMANCE, options.tcpRstReason());
        assertEquals(64, b.getByte(EthernetFlyweight.MIN_HEADER_LENGTH + Ipv4Flyweight.TTL_OFFSET));
        assertEquals(0, b.getShort(EthernetFlyweight.MIN_HEADER_LENGTH + 20 + 14, ByteOrder.BIG_ENDIAN));
    }

    private static byte[] copy(final UnsafeBuffer b, final int length)
    {
        final byte[] out = new byte[length];
        b.getBytes(0, out);
        return out;
    }

    @Test
    void shouldCallAnOptionThatDoesNotFitItsBufferMalformedWithoutReadingIt()
    {
        // A caller that breaks the contract (length checked against the option area) gets a result, not a read
        // outside the buffer: the parser reads without a bounds check per field once the option fits.
        final UnsafeBuffer eight = new UnsafeBuffer(hex("1e1034010a010202"));
        assertEquals(MptcpOptionParser.RESULT_MALFORMED, MptcpOptionParser.parseOne(eight, 0, 16, ACK, options));
        assertEquals(MptcpOptionParser.RESULT_MALFORMED, MptcpOptionParser.parseOne(eight, 6, 4, ACK, options));
        assertEquals(MptcpOptionParser.RESULT_MALFORMED, MptcpOptionParser.parseOne(eight, -1, 4, ACK, options));
        assertEquals(0, options.present());
    }

    private int parse(final String option, final int tcpFlags)
    {
        final byte[] bytes = hex(option);
        return parse(option, tcpFlags, bytes[1] & 0xFF);
    }

    private int parse(final String option, final int tcpFlags, final int length)
    {
        // The option area holds the declared length (as the TCP option walker guarantees), zero-padded when the
        // test's bytes are shorter. Wrap exactly that: with assertions on, any read past its end throws.
        final byte[] bytes = java.util.Arrays.copyOf(hex(option), Math.max(length, hex(option).length));
        bytes[1] = (byte)length;
        return MptcpOptionParser.parseOne(new UnsafeBuffer(bytes, 0, length), 0, length, tcpFlags, options);
    }

    private void assertInvalid(final String option, final int tcpFlags, final int bit)
    {
        assertEquals(MptcpOptionParser.RESULT_INVALID, parse(option, tcpFlags), option);
        assertEquals(bit, options.invalid(), option);
        assertEquals(0, options.present(), option);
    }
}
