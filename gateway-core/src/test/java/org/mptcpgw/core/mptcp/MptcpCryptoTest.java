package org.mptcpgw.core.mptcp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.mptcpgw.core.packet.FrameBuilder;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.pcap.PcapReader;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every vector of protocol.md section 4.
 */
class MptcpCryptoTest
{
    static final Path CAPTURES = Paths.get("src/test/resources/captures");

    private final MptcpCrypto crypto = new MptcpCrypto();

    @Test
    void shouldDeriveTheV0TokensOfThePublicReadme()
    {
        // protocol.md 4.1: six key/token pairs from gureya/mptcp-assignment (decimal), IDSN computed.
        assertV0(0x1d1d262c4cb328fdL, 3453009450L, 1503863612112995015L);
        assertV0(0xc58478a9dd4bdc20L, 1187499290L, Long.parseUnsignedLong("11466889562377873336"));
        assertV0(Long.parseUnsignedLong("983142155943229432"), 3611618124L, 5616890261603316719L);
        assertV0(Long.parseUnsignedLong("6234784353306747016"), 2308765430L, 6155320071713109490L);
        assertV0(Long.parseUnsignedLong("5823071776475689728"), 229917286L, 1669106921649570812L);
        assertV0(Long.parseUnsignedLong("4848392901692201259"), 1243844425L,
            Long.parseUnsignedLong("10877230496803594671"));
        assertEquals(0xcdd0be2a, crypto.token(0x1d1d262c4cb328fdL, MptcpCrypto.VERSION_0));
        assertEquals(0x46c7cd1a, crypto.token(0xc58478a9dd4bdc20L, MptcpCrypto.VERSION_0));
    }

    @Test
    void shouldNotMatchWhenTheKeyIsReadLittleEndian()
    {
        // The classic bug: hashing the key's bytes in host order gives a different token.
        assertNotEquals(0xcdd0be2a, crypto.token(Long.reverseBytes(0x1d1d262c4cb328fdL), MptcpCrypto.VERSION_0));
        assertNotEquals(0x46c7cd1a, crypto.token(Long.reverseBytes(0xc58478a9dd4bdc20L), MptcpCrypto.VERSION_0));
    }

    @Test
    void shouldDeriveTheTokensAndIdsnsOfTheTcpdumpV0Capture()
    {
        final long keyA = 0x9c9eabd1e46a33b2L;
        final long keyB = 0x967d2770b6960552L;
        assertEquals(0xaf9706eb, crypto.token(keyA, MptcpCrypto.VERSION_0));
        assertEquals(0xe47f0142, crypto.token(keyB, MptcpCrypto.VERSION_0));
        final long idsnA = crypto.idsn(keyA, MptcpCrypto.VERSION_0);
        final long idsnB = crypto.idsn(keyB, MptcpCrypto.VERSION_0);
        assertEquals(Long.parseUnsignedLong("10975753215851282121"), idsnA);
        assertEquals(Long.parseUnsignedLong("16464867208451421327"), idsnB);
        assertEquals(3576348362L, (idsnA + 1) & 0xFFFF_FFFFL);
        assertEquals(3518592144L, (idsnB + 1) & 0xFFFF_FFFFL);
    }

    @Test
    void shouldComputeTheJoinHmacsOfTheTcpdumpV0Capture()
    {
        final long keyA = 0x9c9eabd1e46a33b2L;
        final long keyB = 0x967d2770b6960552L;
        final int nonceA = 0x1b665a18;
        final int nonceB = 0x33abe9d5;
        assertEquals(0x5ab680c7884af03dL, crypto.joinSynAckHmac(MptcpCrypto.VERSION_0, keyB, keyA, nonceB, nonceA));
        assertArrayEquals(FrameBuilder.hex("cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a"),
            crypto.joinAckHmac(MptcpCrypto.VERSION_0, keyA, keyB, nonceA, nonceB, new byte[20]));
    }

    @Test
    void shouldComputeTheProjectJoinVectorsForBothVersions()
    {
        // protocol.md 4.3.
        final long keyA = 0x1d1d262c4cb328fdL;
        final long keyB = 0xc58478a9dd4bdc20L;
        final int nonceA = 0x11223344;
        final int nonceB = 0x55667788;
        assertEquals(0x2a4003f907f27834L, crypto.joinSynAckHmac(MptcpCrypto.VERSION_1, keyB, keyA, nonceB, nonceA));
        assertArrayEquals(FrameBuilder.hex("0b7ee98fe8220cbd9027f7defb164943e2f4cf80"),
            crypto.joinAckHmac(MptcpCrypto.VERSION_1, keyA, keyB, nonceA, nonceB, new byte[20]));
        assertEquals(0x291a43d5abc06f82L, crypto.joinSynAckHmac(MptcpCrypto.VERSION_0, keyB, keyA, nonceB, nonceA));
        assertArrayEquals(FrameBuilder.hex("3a02852c502c5c24cd72386beb2f9078561125fe"),
            crypto.joinAckHmac(MptcpCrypto.VERSION_0, keyA, keyB, nonceA, nonceB, new byte[20]));
    }

    @Test
    void shouldDeriveTheProjectKeyVectors()
    {
        assertKey(2L, MptcpCrypto.VERSION_0, 0x07aae1b6, 0xfa1723bef8656fe4L);
        assertKey(2L, MptcpCrypto.VERSION_1, 0xcd04a475, 0x886540e5dce77f70L);
        assertKey(0x0102030405060708L, MptcpCrypto.VERSION_0, 0xdd5783bc, 0x3a95ed6e4ebb4ad5L);
        assertKey(0x0102030405060708L, MptcpCrypto.VERSION_1, 0x66840dda, 0xf5a101d3d29d6f72L);
    }

    @Test
    void shouldDeriveTheV1CaptureValues()
    {
        // tcpdump mptcp-v1.pcap
        assertEquals(0x239fbdb0, crypto.token(0x1fdb5df328bc3defL, MptcpCrypto.VERSION_1));
        assertEquals(0xa35d6d82, crypto.token(0x29a6c86981ad933cL, MptcpCrypto.VERSION_1));
        assertEquals(Long.parseUnsignedLong("14413541604287230030"),
            crypto.idsn(0x1fdb5df328bc3defL, MptcpCrypto.VERSION_1) + 1);
        assertEquals(Long.parseUnsignedLong("11713449205243392242"),
            crypto.idsn(0x29a6c86981ad933cL, MptcpCrypto.VERSION_1) + 1);
        // ptcpdump mptcp.pcap
        assertEquals(0xc43eb50e, crypto.token(0xfe7b93dc894dcb73L, MptcpCrypto.VERSION_1));
        assertEquals(0x64a48c01, crypto.token(0xe356a8f252e41976L, MptcpCrypto.VERSION_1));
        assertEquals(3891854986895050394L, crypto.idsn(0xfe7b93dc894dcb73L, MptcpCrypto.VERSION_1));
        final long idsnB = crypto.idsn(0xe356a8f252e41976L, MptcpCrypto.VERSION_1);
        assertEquals(Long.parseUnsignedLong("16853452819136928152"), idsnB + 1);
        assertEquals(2876660120L, (idsnB + 1) & 0xFFFF_FFFFL);
        // tcpdump mptcp-aa-v1.pcap
        assertEquals(Long.parseUnsignedLong("17186763219675866565"),
            crypto.idsn(0x8f0c7c64a6a32ac1L, MptcpCrypto.VERSION_1) + 1);
        assertEquals(Long.parseUnsignedLong("12148165319181844526"),
            crypto.idsn(0x73bb150358a0aecbL, MptcpCrypto.VERSION_1) + 1);
    }

    @Test
    void shouldShowTheAaV1CaptureUsesTheLeftmostHmacNotTheRfcRightmost()
    {
        final long keyA = 0x8f0c7c64a6a32ac1L;
        final long keyB = 0x73bb150358a0aecbL;
        final byte[] address = {(byte)192, (byte)168, (byte)136, (byte)225};
        // The server (B) announces: key = B||A, message = id 1, address, port 0.
        assertEquals(0x669928744366716cL, crypto.addAddrHmacLeftmost(keyB, keyA, 1, address, 0));
        assertEquals(0xe0e054c3444e4c25L, crypto.addAddrHmac(keyB, keyA, 1, address, 0));
    }

    @Test
    void shouldReproduceTheKernelKunitHmacVectors()
    {
        assertKunit("0b0b0b0b0b0b0b0b", "48692054",
            "8385e24fb4235ac37556b6b886db106284a1da671699f46db1f235ec622dcafa");
        assertKunit("aaaaaaaaaaaaaaaa", "dddddddd",
            "2c5e219164ff1dca1c4a92318d847bb6b9d44492984e1eb71aff9022f71046e9");
        assertKunit("0102030405060708", "cdcdcdcd",
            "e73b9ba9969969cefb04aa0d6df18ec2fcc075b6f23b4d8c4da736a5dbbc6e7d");
    }

    @Test
    void shouldComputeTheDssChecksumsOfTheTcpdumpV0Capture() throws Exception
    {
        final long idsnA = crypto.idsn(0x9c9eabd1e46a33b2L, MptcpCrypto.VERSION_0);
        final long idsnB = crypto.idsn(0x967d2770b6960552L, MptcpCrypto.VERSION_0);
        // Frame 4: server data (41 bytes) with DSN = IDSN_B + 1; frame 6: client data with IDSN_A + 1.
        assertEquals(0x082f, dssChecksumOfFrame(4, idsnB + 1, 1, 41));
        assertEquals(0x45c9, dssChecksumOfFrame(6, idsnA + 1, 1, 41));
    }

    @Test
    void shouldHashKeysWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sink += crypto.hashKey(i, i & 1).token();
        }
        // Steady state: the first of up to five rounds that the JIT does not disturb (a late compile may allocate a
        // few KB once; an allocation per key would be megabytes in every round).
        final StringBuilder rounds = new StringBuilder();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated >= 1024; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                sink += crypto.hashKey(i, i & 1).idsn();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            rounds.append(' ').append(allocated);
        }
        assertTrue(allocated < 1024, "bytes allocated per round of 100000 keys:" + rounds + " (sink " + sink + ")");
    }

    private int dssChecksumOfFrame(final int frameNumber, final long dsn64, final int ssn, final int length)
        throws Exception
    {
        try (PcapReader reader = PcapReader.open(CAPTURES.resolve("tcpdump-mptcp-v0.pcap")))
        {
            while (reader.next())
            {
                if (reader.frameCount() == frameNumber)
                {
                    final UnsafeBuffer b = new UnsafeBuffer(reader.frame());
                    final ParsedPacket p = new ParsedPacket();
                    new PacketParser().parseEthernet(b, 0, b.capacity(), p);
                    assertEquals(length, p.payloadLength());
                    assertTrue(new String(reader.frame(), p.payloadOffset(), length, StandardCharsets.US_ASCII)
                        .startsWith("SSH-2.0-OpenSSH_5.5p1 Debian-6+squeeze"));
                    final MptcpOptions options = new MptcpOptions();
                    MptcpOptionParser.parseAll(b, p.tcpOptions(), p.tcpFlags(), options);
                    final int computed = MptcpCrypto.dssChecksum(dsn64, ssn, length, b, p.payloadOffset(), length);
                    assertEquals(options.dssChecksum(), computed);
                    return computed;
                }
            }
        }
        throw new AssertionError("frame " + frameNumber + " not found");
    }

    private void assertV0(final long key, final long token, final long idsn)
    {
        crypto.hashKey(key, MptcpCrypto.VERSION_0);
        assertEquals((int)token, crypto.token());
        assertEquals(idsn, crypto.idsn());
    }

    private void assertKey(final long key, final int version, final int token, final long idsn)
    {
        assertEquals(token, crypto.token(key, version));
        assertEquals(idsn, crypto.idsn(key, version));
    }

    private void assertKunit(final String key, final String message, final String expected)
    {
        // crypto_test.c takes the strings' ASCII bytes: key1 = key[0..8], key2 = key[8..16], nonces = msg[0..8].
        final byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        final byte[] messageBytes = message.getBytes(StandardCharsets.US_ASCII);
        final byte[] hmac = crypto.hmac(MptcpCrypto.VERSION_1, keyBytes, messageBytes);
        assertArrayEquals(FrameBuilder.hex(expected), hmac);
        final UnsafeBuffer k = new UnsafeBuffer(keyBytes);
        final UnsafeBuffer m = new UnsafeBuffer(messageBytes);
        final byte[] join = crypto.joinAckHmac(MptcpCrypto.VERSION_1, k.getLong(0, ByteOrder.BIG_ENDIAN),
            k.getLong(8, ByteOrder.BIG_ENDIAN), m.getInt(0, ByteOrder.BIG_ENDIAN), m.getInt(4, ByteOrder.BIG_ENDIAN),
            new byte[20]);
        assertEquals(expected.substring(0, 40), FrameBuilder.toHex(join));
    }
}
