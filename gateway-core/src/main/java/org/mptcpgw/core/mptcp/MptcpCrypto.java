package org.mptcpgw.core.mptcp;

import org.agrona.DirectBuffer;
import org.mptcpgw.core.packet.Checksums;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MPTCP key-derived values (RFC 8684 section 3.1 for v1, RFC 6824 section 3.1 for v0): the token is the most
 * significant 32 bits and the initial data sequence number (IDSN) the least significant 64 bits of the hash of
 * the 64-bit key, taken big-endian as on the wire; v0 hashes with SHA-1, v1 with SHA-256 (Linux
 * {@code mptcp_crypto_key_sha}).
 * <p>
 * HMAC helpers (RFC 8684 sections 3.2 and 3.4.1): MP_JOIN uses {@code HMAC(Key_A||Key_B, R_A||R_B)} for the
 * subflow initiator A and {@code HMAC(Key_B||Key_A, R_B||R_A)} for the responder B, HMAC-SHA1 in v0 and
 * HMAC-SHA256 in v1; the SYN/ACK carries the leftmost 64 bits and the third ACK the leftmost 160 bits. ADD_ADDR
 * v1 carries the <em>rightmost</em> 64 bits of {@code HMAC-SHA256(Key_sender||Key_receiver,
 * AddrID||Address||Port)} (port zero when absent); Linux kernels before the RFC-conformance fix sent the
 * leftmost 64 bits, which {@link #addAddrHmacLeftmost} reproduces for interop tests.
 * <p>
 * Zero allocation in steady state for {@link #hashKey}, {@link #token} and {@link #idsn}: the digests and
 * arrays are reused. The HMAC helpers are for tests and the decoder, not for the per-packet path (the JDK's
 * {@link Mac} needs a key object per key). Not thread-safe: one instance per thread.
 */
public final class MptcpCrypto
{
    /** MPTCP version 0 (RFC 6824): SHA-1. */
    public static final int VERSION_0 = 0;
    /** MPTCP version 1 (RFC 8684): SHA-256. */
    public static final int VERSION_1 = 1;
    /** Length of the MP_JOIN third-ACK HMAC in bytes (160 bits). */
    public static final int JOIN_ACK_HMAC_LENGTH = 20;

    private final MessageDigest sha1;
    private final MessageDigest sha256;
    private final Mac hmacSha1;
    private final Mac hmacSha256;
    private final byte[] keyBytes = new byte[8];
    private final byte[] digest = new byte[32];
    private final byte[] hmacKey = new byte[16];
    private final byte[] hmacMessage = new byte[19];
    private final byte[] hmacOut = new byte[32];
    private int token;
    private long idsn;

    /**
     * Create an instance with its own digests.
     *
     * @throws IllegalStateException if the JDK lacks SHA-1, SHA-256 or their HMACs (never on a standard JDK).
     */
    public MptcpCrypto()
    {
        try
        {
            sha1 = MessageDigest.getInstance("SHA-1");
            sha256 = MessageDigest.getInstance("SHA-256");
            hmacSha1 = Mac.getInstance("HmacSHA1");
            hmacSha256 = Mac.getInstance("HmacSHA256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("JDK without SHA-1/SHA-256", ex);
        }
    }

    /**
     * Hash a key and keep its token and IDSN, readable with {@link #token()} and {@link #idsn()}.
     *
     * @param key     the 64-bit key as read big-endian from the option.
     * @param version {@link #VERSION_0} or {@link #VERSION_1}.
     * @return this.
     */
    public MptcpCrypto hashKey(final long key, final int version)
    {
        putLong(keyBytes, 0, key);
        final MessageDigest md = VERSION_0 == version ? sha1 : sha256;
        md.update(keyBytes, 0, 8);
        try
        {
            md.digest(digest, 0, md.getDigestLength());
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        final int length = md.getDigestLength();
        token = getInt(digest, 0);
        idsn = getLong(digest, length - 8);
        return this;
    }

    /**
     * @return token of the key last hashed.
     */
    public int token()
    {
        return token;
    }

    /**
     * @return IDSN of the key last hashed.
     */
    public long idsn()
    {
        return idsn;
    }

    /**
     * @param key     the 64-bit key.
     * @param version {@link #VERSION_0} or {@link #VERSION_1}.
     * @return the key's token (most significant 32 bits of the hash).
     */
    public int token(final long key, final int version)
    {
        return hashKey(key, version).token;
    }

    /**
     * @param key     the 64-bit key.
     * @param version {@link #VERSION_0} or {@link #VERSION_1}.
     * @return the key's IDSN (least significant 64 bits of the hash).
     */
    public long idsn(final long key, final int version)
    {
        return hashKey(key, version).idsn;
    }

    /**
     * Truncated HMAC the MP_JOIN SYN/ACK carries: leftmost 64 bits of {@code HMAC(Key_B||Key_A, R_B||R_A)}.
     *
     * @param version MPTCP version.
     * @param keyB    key of the responder (the SYN/ACK's sender).
     * @param keyA    key of the subflow initiator.
     * @param nonceB  responder's random number.
     * @param nonceA  initiator's random number.
     * @return the truncated HMAC.
     */
    public long joinSynAckHmac(final int version, final long keyB, final long keyA, final int nonceB, final int nonceA)
    {
        joinHmac(version, keyB, keyA, nonceB, nonceA);
        return getLong(hmacOut, 0);
    }

    /**
     * HMAC the MP_JOIN third ACK carries: leftmost 160 bits of {@code HMAC(Key_A||Key_B, R_A||R_B)}.
     *
     * @param version MPTCP version.
     * @param keyA    key of the subflow initiator (the ACK's sender).
     * @param keyB    key of the responder.
     * @param nonceA  initiator's random number.
     * @param nonceB  responder's random number.
     * @param out     array of at least 20 bytes receiving the HMAC.
     * @return out.
     */
    public byte[] joinAckHmac(
        final int version, final long keyA, final long keyB, final int nonceA, final int nonceB, final byte[] out)
    {
        joinHmac(version, keyA, keyB, nonceA, nonceB);
        System.arraycopy(hmacOut, 0, out, 0, JOIN_ACK_HMAC_LENGTH);
        return out;
    }

    private void joinHmac(final int version, final long key1, final long key2, final int nonce1, final int nonce2)
    {
        putLong(hmacKey, 0, key1);
        putLong(hmacKey, 8, key2);
        putInt(hmacMessage, 0, nonce1);
        putInt(hmacMessage, 4, nonce2);
        mac(VERSION_0 == version ? hmacSha1 : hmacSha256, hmacKey, 16, hmacMessage, 8);
    }

    /**
     * ADD_ADDR v1 truncated HMAC as RFC 8684 section 3.4.1 defines it: the rightmost 64 bits of
     * {@code HMAC-SHA256(Key_sender||Key_receiver, AddrID||Address||Port)}.
     *
     * @param senderKey   key of the ADD_ADDR's sender.
     * @param receiverKey key of its receiver.
     * @param addressId   address id.
     * @param address     address bytes (4 or 16), network order.
     * @param port        port, or 0 when the option has none.
     * @return the truncated HMAC.
     */
    public long addAddrHmac(
        final long senderKey, final long receiverKey, final int addressId, final byte[] address, final int port)
    {
        addAddrMac(senderKey, receiverKey, addressId, address, port);
        return getLong(hmacOut, 32 - 8);
    }

    /**
     * ADD_ADDR v1 HMAC truncated to the leftmost 64 bits, as Linux kernels before the RFC 8684 conformance fix
     * sent it (seen in tcpdump's {@code mptcp-aa-v1.pcap}); for interop tests only.
     *
     * @param senderKey   key of the ADD_ADDR's sender.
     * @param receiverKey key of its receiver.
     * @param addressId   address id.
     * @param address     address bytes (4 or 16), network order.
     * @param port        port, or 0 when the option has none.
     * @return the leftmost 64 bits.
     */
    public long addAddrHmacLeftmost(
        final long senderKey, final long receiverKey, final int addressId, final byte[] address, final int port)
    {
        addAddrMac(senderKey, receiverKey, addressId, address, port);
        return getLong(hmacOut, 0);
    }

    private void addAddrMac(
        final long senderKey, final long receiverKey, final int addressId, final byte[] address, final int port)
    {
        putLong(hmacKey, 0, senderKey);
        putLong(hmacKey, 8, receiverKey);
        hmacMessage[0] = (byte)addressId;
        System.arraycopy(address, 0, hmacMessage, 1, address.length);
        hmacMessage[1 + address.length] = (byte)(port >>> 8);
        hmacMessage[2 + address.length] = (byte)port;
        mac(hmacSha256, hmacKey, 16, hmacMessage, 3 + address.length);
    }

    /**
     * Raw HMAC over arbitrary bytes (for test vectors such as the kernel's KUnit ones); allocates the result.
     *
     * @param version {@link #VERSION_0} for HMAC-SHA1, {@link #VERSION_1} for HMAC-SHA256.
     * @param key     key bytes.
     * @param message message bytes.
     * @return the full HMAC.
     */
    public byte[] hmac(final int version, final byte[] key, final byte[] message)
    {
        final Mac mac = VERSION_0 == version ? hmacSha1 : hmacSha256;
        mac(mac, key, key.length, message, message.length);
        final byte[] result = new byte[mac.getMacLength()];
        System.arraycopy(hmacOut, 0, result, 0, result.length);
        return result;
    }

    private void mac(final Mac mac, final byte[] key, final int keyLength, final byte[] message, final int length)
    {
        try
        {
            mac.init(new SecretKeySpec(key, 0, keyLength, mac.getAlgorithm()));
            mac.update(message, 0, length);
            mac.doFinal(hmacOut, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * DSS checksum (RFC 8684 section 3.3.1): the Internet checksum over a pseudo-header of the 64-bit data
     * sequence number, the 32-bit subflow sequence number, the 16-bit data-level length and 16 zero bits,
     * followed by the mapped payload.
     *
     * @param dsn64         the mapping's data sequence number, expanded to 64 bits.
     * @param ssn           the mapping's relative subflow sequence number.
     * @param dataLength    the mapping's data-level length.
     * @param buffer        buffer holding the payload.
     * @param payloadOffset offset of the payload.
     * @param payloadLength length of the payload covered.
     * @return the checksum the option should carry.
     */
    public static int dssChecksum(
        final long dsn64,
        final int ssn,
        final int dataLength,
        final DirectBuffer buffer,
        final int payloadOffset,
        final int payloadLength)
    {
        final long header = (dsn64 >>> 48) + ((dsn64 >>> 32) & 0xFFFF) + ((dsn64 >>> 16) & 0xFFFF) +
            (dsn64 & 0xFFFF) + (ssn >>> 16) + (ssn & 0xFFFF) + (dataLength & 0xFFFF);
        final int sum = Checksums.sum(buffer, payloadOffset, payloadLength, Checksums.fold(header));
        return ~sum & 0xFFFF;
    }

    private static void putLong(final byte[] array, final int index, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            array[index + i] = (byte)(value >>> (56 - 8 * i));
        }
    }

    private static void putInt(final byte[] array, final int index, final int value)
    {
        for (int i = 0; i < 4; i++)
        {
            array[index + i] = (byte)(value >>> (24 - 8 * i));
        }
    }

    private static long getLong(final byte[] array, final int index)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (array[index + i] & 0xFF);
        }
        return value;
    }

    private static int getInt(final byte[] array, final int index)
    {
        return (int)(getLong(array, index) >>> 32);
    }
}
