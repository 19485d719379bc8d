package org.mptcpgw.core.mptcp;

import org.agrona.DirectBuffer;
import org.mptcpgw.core.packet.FrameBytes;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptions;


/**
 * Decodes MPTCP options (TCP option kind 30) into a reusable {@link MptcpOptions}, in the manner of the Linux
 * kernel's {@code mptcp_parse_option}: for each subtype the expected length is computed first, from the subtype,
 * the version, the option's flags and (for MP_CAPABLE and MP_JOIN, whose layout depends on the handshake step)
 * the TCP SYN and ACK flags; fields are read only when the option's length matches. An option that does not
 * match is ignored and reported in {@link MptcpOptions#invalid()}; an unknown subtype is reported in
 * {@link MptcpOptions#unknownSubtypes()}.
 * <p>
 * Layouts and lengths (bytes, kind and length included), RFC 8684 section 3 (v1) and RFC 6824 (v0):
 * <pre>
 * MP_CAPABLE  0x0  kind|len|sub:4 ver:4|A B C D E F G H|[sender key 8]|[receiver key 8]|[DLL 2]|[csum 2]
 *                  v1: SYN 4, SYN/ACK 12, ACK 20, ACK+data 22 (24 with checksum). v0: SYN and SYN/ACK 12, ACK 20.
 * MP_JOIN     0x1  SYN 12:     kind|len|sub:4 rsv:3 B:1|addr id|receiver's token 4|sender's nonce 4
 *                  SYN/ACK 16: kind|len|sub:4 rsv:3 B:1|addr id|sender's truncated HMAC 8|sender's nonce 4
 *                  ACK 24:     kind|len|sub:4 rsv:12|sender's HMAC 20
 * DSS         0x2  kind|len|sub:4 rsv:4|rsv:3 F m M a A|[DATA_ACK 4/8]|[DSN 4/8, SSN 4, DLL 2, [csum 2]]
 * ADD_ADDR    0x3  v1: kind|len|sub:4 rsv:3 E:1|addr id|address 4/16|[port 2]|[truncated HMAC 8 unless E]
 *                  v0: kind|len|sub:4 IPVer:4|addr id|address 4/16|[port 2]
 * REMOVE_ADDR 0x4  kind|len|sub:4 rsv:4|addr id ... (len - 3 ids)
 * MP_PRIO     0x5  kind|len|sub:4 rsv:3 B:1|[addr id, v0 only]           (3 or 4)
 * MP_FAIL     0x6  kind|len|sub:4 rsv:12|DSN 8                           (12)
 * MP_FASTCLOSE 0x7 kind|len|sub:4 rsv:12|receiver's key 8                (12)
 * MP_TCPRST   0x8  kind|len|sub:4 U V W T|reason                         (4)
 * </pre>
 * ADD_ADDR versions are told apart by the nibble after the subtype: 4 or 6 is RFC 6824's IPVer, anything else is
 * RFC 8684's reserved bits and echo flag (a v1 option with reserved bits set to 0100 or 0110 would be taken as
 * v0: no implementation sets them).
 * <p>
 * Stateless and allocation-free; reads only inside the option, whose length the TCP option walker validated.
 */
public final class MptcpOptionParser
{
    /** Result: the option has a known subtype but a length that does not match. */
    public static final int RESULT_INVALID = -1;
    /** Result: the subtype is not one this parser knows (reported, not fatal). */
    public static final int RESULT_UNKNOWN = -2;
    /** Result: a subtype already decoded in this segment; the first one is kept. */
    public static final int RESULT_DUPLICATE = -3;
    /** Result: the option is too short to hold a subtype (length 2). */
    public static final int RESULT_MALFORMED = -4;

    private static final int MPC_SYN_V1 = 4;
    private static final int MPC_SYNACK = 12;
    private static final int MPC_ACK = 20;
    private static final int MPC_ACK_DATA = 22;
    private static final int MPC_ACK_DATA_CSUM = 24;
    private static final int JOIN_SYN = 12;
    private static final int JOIN_SYNACK = 16;
    private static final int JOIN_ACK = 24;
    private static final int JOIN_HMAC_LENGTH = 20;
    private static final int DSS_BASE = 4;
    private static final int DSS_CHECKSUM = 2;
    private static final int ADD_ADDR_BASE = 4;
    private static final int ADD_ADDR_HMAC = 8;
    private static final int PORT = 2;
    private static final int REMOVE_ADDR_BASE = 3;
    private static final int PRIO = 3;
    private static final int PRIO_WITH_ID = 4;
    private static final int FAIL = 12;
    private static final int FASTCLOSE = 12;
    private static final int TCPRST = 4;

    private MptcpOptionParser()
    {
    }

    /**
     * Decode every MPTCP option the TCP option walker found.
     *
     * @param buffer     buffer holding the segment.
     * @param tcpOptions options of the segment, as walked.
     * @param tcpFlags   the segment's TCP flags (SYN and ACK select the MP_CAPABLE and MP_JOIN layouts).
     * @param out        holder to fill; it is reset first.
     * @return presence bitmask (also in the holder).
     */
    public static int parseAll(
        final DirectBuffer buffer, final TcpOptions tcpOptions, final int tcpFlags, final MptcpOptions out)
    {
        out.reset();
        final int count = tcpOptions.mptcpCount();
        for (int i = 0; i < count; i++)
        {
            parse(buffer, tcpOptions.mptcpOffset(i), tcpOptions.mptcpLength(i), tcpFlags, out);
        }
        return out.present;
    }

    /**
     * Decode one MPTCP option on its own (tools print every option, even repeated subtypes).
     *
     * @param buffer       buffer holding the option.
     * @param optionOffset offset of the option's kind byte.
     * @param optionLength the option's length byte, already checked against the options area.
     * @param tcpFlags     the segment's TCP flags.
     * @param out          holder to fill; it is reset first.
     * @return the subtype decoded, or a negative RESULT_* value.
     */
    public static int parseOne(
        final DirectBuffer buffer,
        final int optionOffset,
        final int optionLength,
        final int tcpFlags,
        final MptcpOptions out)
    {
        out.reset();
        return parse(buffer, optionOffset, optionLength, tcpFlags, out);
    }

    /**
     * Decode one MPTCP option into a holder that may already hold other subtypes of the same segment.
     *
     * @param buffer       buffer holding the option.
     * @param optionOffset offset of the option's kind byte.
     * @param optionLength the option's length byte, already checked against the options area.
     * @param tcpFlags     the segment's TCP flags.
     * @param out          holder to add to.
     * @return the subtype decoded, or a negative RESULT_* value.
     */
    public static int parse(
        final DirectBuffer buffer,
        final int optionOffset,
        final int optionLength,
        final int tcpFlags,
        final MptcpOptions out)
    {
        out.optionCount++;
        if (optionLength < 3 || !FrameBytes.fits(buffer, optionOffset, optionLength))
        {
            return RESULT_MALFORMED;
        }
        // Kind, length, subtype byte and the byte after it in one read when the option has four bytes.
        final int head = optionLength >= 4 ? FrameBytes.getInt(buffer, optionOffset) :
            (FrameBytes.getByte(buffer, optionOffset + 2) & 0xFF) << 8;
        final int subtypeByte = (head >>> 8) & 0xFF;
        final int subtype = subtypeByte >>> 4;
        if (subtype > MptcpOptions.SUBTYPE_MP_TCPRST)
        {
            out.unknownSubtypes |= 1 << subtype;
            return RESULT_UNKNOWN;
        }
        final int bit = 1 << subtype;
        if (0 != (out.present & bit))
        {
            out.duplicates++;
            return RESULT_DUPLICATE;
        }
        final boolean valid = decode(buffer, optionOffset, optionLength, subtype, head, tcpFlags, out);
        if (valid)
        {
            out.present |= bit;
            return subtype;
        }
        out.invalid |= bit;
        return RESULT_INVALID;
    }

    private static boolean decode(
        final DirectBuffer buffer,
        final int optionOffset,
        final int optionLength,
        final int subtype,
        final int head,
        final int tcpFlags,
        final MptcpOptions out)
    {
        final int subtypeByte = (head >>> 8) & 0xFF;
        final boolean valid;
        switch (subtype)
        {
            case MptcpOptions.SUBTYPE_MP_CAPABLE:
                valid = parseCapable(buffer, optionOffset, optionLength, head, tcpFlags, out);
                break;
            case MptcpOptions.SUBTYPE_MP_JOIN:
                valid = parseJoin(buffer, optionOffset, optionLength, subtypeByte, tcpFlags, out);
                break;
            case MptcpOptions.SUBTYPE_DSS:
                valid = parseDss(buffer, optionOffset, optionLength, head, out);
                break;
            case MptcpOptions.SUBTYPE_ADD_ADDR:
                valid = parseAddAddr(buffer, optionOffset, optionLength, subtypeByte & 0x0F, out);
                break;
            case MptcpOptions.SUBTYPE_REMOVE_ADDR:
                valid = parseRemoveAddr(buffer, optionOffset, optionLength, out);
                break;
            case MptcpOptions.SUBTYPE_MP_PRIO:
                valid = parsePrio(buffer, optionOffset, optionLength, subtypeByte, out);
                break;
            case MptcpOptions.SUBTYPE_MP_FAIL:
                valid = parseFail(buffer, optionOffset, optionLength, out);
                break;
            case MptcpOptions.SUBTYPE_MP_FASTCLOSE:
                valid = parseFastClose(buffer, optionOffset, optionLength, out);
                break;
            default:
                valid = parseTcpRst(buffer, optionOffset, optionLength, subtypeByte, out);
                break;
        }
        return valid;
    }

    private static boolean capableLengthValid(final int length, final int version, final int tcpFlags)
    {
        final boolean syn = 0 != (tcpFlags & TcpFlyweight.SYN);
        if (0 == version)
        {
            // RFC 6824 section 3.1: the SYN and the SYN/ACK carry the sender's key, the third ACK both keys.
            return length == (syn ? MPC_SYNACK : MPC_ACK);
        }
        if (1 == version)
        {
            // RFC 8684 section 3.1: no key on the SYN; B's key on the SYN/ACK; both on the third ACK, which is
            // repeated with the data-level length (and checksum) on the first data if it was not acknowledged.
            if (syn)
            {
                return length == (0 != (tcpFlags & TcpFlyweight.ACK) ? MPC_SYNACK : MPC_SYN_V1);
            }
            return MPC_ACK == length || MPC_ACK_DATA == length || MPC_ACK_DATA_CSUM == length;
        }
        return false;
    }

    private static boolean parseCapable(
        final DirectBuffer buffer,
        final int at,
        final int length,
        final int head,
        final int tcpFlags,
        final MptcpOptions out)
    {
        final int version = (head >>> 8) & 0x0F;
        if (!capableLengthValid(length, version, tcpFlags))
        {
            return false;
        }
        out.capableVersion = version;
        out.capableLength = length;
        out.capableFlags = head & 0xFF;
        out.capableKeyCount = length >= MPC_ACK ? 2 : (length >= MPC_SYNACK ? 1 : 0);
        if (out.capableKeyCount > 0)
        {
            out.capableSenderKey = FrameBytes.getLong(buffer, at + 4);
        }
        if (out.capableKeyCount > 1)
        {
            out.capableReceiverKey = FrameBytes.getLong(buffer, at + 12);
        }
        out.capableHasDataLength = length >= MPC_ACK_DATA;
        out.capableHasChecksum = MPC_ACK_DATA_CSUM == length;
        out.capableDataLength = 0;
        out.capableChecksum = 0;
        if (out.capableHasDataLength)
        {
            readCapableData(buffer, at, out);
        }
        return true;
    }

    private static void readCapableData(final DirectBuffer buffer, final int at, final MptcpOptions out)
    {
        out.capableDataLength = FrameBytes.getShort(buffer, at + 20) & 0xFFFF;
        if (out.capableHasChecksum)
        {
            out.capableChecksum = FrameBytes.getShort(buffer, at + 22) & 0xFFFF;
        }
    }

    private static boolean parseJoin(
        final DirectBuffer buffer,
        final int at,
        final int length,
        final int subtypeByte,
        final int tcpFlags,
        final MptcpOptions out)
    {
        final boolean syn = 0 != (tcpFlags & TcpFlyweight.SYN);
        final boolean ack = 0 != (tcpFlags & TcpFlyweight.ACK);
        // RFC 8684 section 3.2: the handshake step fixes the layout.
        final int expected = syn ? (ack ? JOIN_SYNACK : JOIN_SYN) : JOIN_ACK;
        if (length != expected)
        {
            return false;
        }
        out.joinLength = length;
        if (JOIN_ACK == length)
        {
            out.joinBackup = false;
            out.joinAddressId = 0;
            buffer.getBytes(at + 4, out.joinHmac, 0, JOIN_HMAC_LENGTH);
            return true;
        }
        out.joinBackup = 0 != (subtypeByte & 0x01);
        out.joinAddressId = FrameBytes.getByte(buffer, at + 3) & 0xFF;
        if (JOIN_SYN == length)
        {
            out.joinToken = FrameBytes.getInt(buffer, at + 4);
            out.joinNonce = FrameBytes.getInt(buffer, at + 8);
        }
        else
        {
            out.joinTruncatedHmac = FrameBytes.getLong(buffer, at + 4);
            out.joinNonce = FrameBytes.getInt(buffer, at + 12);
        }
        return true;
    }

    private static boolean parseDss(
        final DirectBuffer buffer, final int at, final int length, final int head, final MptcpOptions out)
    {
        if (length < DSS_BASE)
        {
            return false;
        }
        final int flags = head & 0xFF;
        final boolean hasAck = 0 != (flags & MptcpOptions.DSS_FLAG_DATA_ACK);
        final boolean ack64 = 0 != (flags & MptcpOptions.DSS_FLAG_DATA_ACK_8);
        final boolean hasMapping = 0 != (flags & MptcpOptions.DSS_FLAG_MAPPING);
        final boolean dsn64 = 0 != (flags & MptcpOptions.DSS_FLAG_DSN_8);
        final int ackLength = hasAck ? (ack64 ? 8 : 4) : 0;
        final int mappingLength = hasMapping ? (dsn64 ? 8 : 4) + 4 + 2 : 0;
        final int expected = DSS_BASE + ackLength + mappingLength;
        final boolean hasChecksum;
        if (length == expected)
        {
            hasChecksum = false;
        }
        else if (hasMapping && length == expected + DSS_CHECKSUM)
        {
            hasChecksum = true;
        }
        else
        {
            return false;
        }
        out.dssFlags = flags;
        out.dssHasChecksum = hasChecksum;
        out.dssDataAck = 0;
        if (hasAck)
        {
            out.dssDataAck = ack64 ?
                FrameBytes.getLong(buffer, at + DSS_BASE) :
                FrameBytes.getInt(buffer, at + DSS_BASE) & 0xFFFF_FFFFL;
        }
        readMapping(buffer, at + DSS_BASE + ackLength, hasMapping, dsn64, out);
        return true;
    }

    private static void readMapping(
        final DirectBuffer buffer, final int at, final boolean hasMapping, final boolean dsn64, final MptcpOptions out)
    {
        if (!hasMapping)
        {
            out.dssDsn = 0;
            out.dssSsn = 0;
            out.dssDataLength = 0;
            out.dssChecksum = 0;
            return;
        }
        out.dssDsn = dsn64 ?
            FrameBytes.getLong(buffer, at) : FrameBytes.getInt(buffer, at) & 0xFFFF_FFFFL;
        final int i = at + (dsn64 ? 8 : 4);
        out.dssSsn = FrameBytes.getInt(buffer, i);
        out.dssDataLength = FrameBytes.getShort(buffer, i + 4) & 0xFFFF;
        out.dssChecksum = out.dssHasChecksum ? FrameBytes.getShort(buffer, i + 6) & 0xFFFF : 0;
    }

    private static boolean parseAddAddr(
        final DirectBuffer buffer, final int at, final int length, final int nibble, final MptcpOptions out)
    {
        final int ipVersion;
        final boolean hasPort;
        final boolean echo;
        final boolean hasHmac;
        if (4 == nibble || 6 == nibble)
        {
            // RFC 6824 section 3.4.1: IPVer in the nibble, no authentication.
            final int base = ADD_ADDR_BASE + (4 == nibble ? 4 : 16);
            if (length != base && length != base + PORT)
            {
                return false;
            }
            ipVersion = nibble;
            hasPort = length == base + PORT;
            echo = false;
            hasHmac = false;
            out.addAddrVersion = 0;
        }
        else
        {
            // RFC 8684 section 3.4.1: the IP version follows from the length; no HMAC on an echo.
            echo = 0 != (nibble & 0x01);
            hasHmac = !echo;
            final int addressAndPort = length - ADD_ADDR_BASE - (hasHmac ? ADD_ADDR_HMAC : 0);
            switch (addressAndPort)
            {
                case 4:
                    ipVersion = 4;
                    hasPort = false;
                    break;
                case 4 + PORT:
                    ipVersion = 4;
                    hasPort = true;
                    break;
                case 16:
                    ipVersion = 6;
                    hasPort = false;
                    break;
                case 16 + PORT:
                    ipVersion = 6;
                    hasPort = true;
                    break;
                default:
                    return false;
            }
            out.addAddrVersion = 1;
        }
        out.addAddrEcho = echo;
        out.addAddrId = FrameBytes.getByte(buffer, at + 3) & 0xFF;
        out.addAddrIpVersion = ipVersion;
        int i = at + ADD_ADDR_BASE;
        if (4 == ipVersion)
        {
            out.addAddrIpv4 = FrameBytes.getInt(buffer, i);
            out.addAddrIpv6High = 0;
            out.addAddrIpv6Low = 0;
            i += 4;
        }
        else
        {
            out.addAddrIpv4 = 0;
            out.addAddrIpv6High = FrameBytes.getLong(buffer, i);
            out.addAddrIpv6Low = FrameBytes.getLong(buffer, i + 8);
            i += 16;
        }
        out.addAddrHasPort = hasPort;
        out.addAddrPort = hasPort ? FrameBytes.getShort(buffer, i) & 0xFFFF : 0;
        if (hasPort)
        {
            i += PORT;
        }
        out.addAddrHasHmac = hasHmac;
        out.addAddrHmac = hasHmac ? FrameBytes.getLong(buffer, i) : 0;
        return true;
    }

    private static boolean parseFail(
        final DirectBuffer buffer, final int at, final int length, final MptcpOptions out)
    {
        if (FAIL != length)
        {
            return false;
        }
        out.failDsn = FrameBytes.getLong(buffer, at + 4);
        return true;
    }

    private static boolean parseFastClose(
        final DirectBuffer buffer, final int at, final int length, final MptcpOptions out)
    {
        if (FASTCLOSE != length)
        {
            return false;
        }
        out.fastCloseKey = FrameBytes.getLong(buffer, at + 4);
        return true;
    }

    private static boolean parseTcpRst(
        final DirectBuffer buffer, final int at, final int length, final int subtypeByte, final MptcpOptions out)
    {
        if (TCPRST != length)
        {
            return false;
        }
        out.tcpRstFlags = subtypeByte & 0x0F;
        out.tcpRstReason = FrameBytes.getByte(buffer, at + 3) & 0xFF;
        return true;
    }

    private static boolean parseRemoveAddr(
        final DirectBuffer buffer, final int at, final int length, final MptcpOptions out)
    {
        final int count = length - REMOVE_ADDR_BASE;
        if (count < 1 || count > MptcpOptions.MAX_REMOVE_IDS)
        {
            return false;
        }
        buffer.getBytes(at + REMOVE_ADDR_BASE, out.removeIds, 0, count);
        out.removeCount = count;
        return true;
    }

    private static boolean parsePrio(
        final DirectBuffer buffer, final int at, final int length, final int subtypeByte, final MptcpOptions out)
    {
        // RFC 8684 section 3.3.8: 3 bytes (Linux pads with a NOP); RFC 6824 section 3.3.8 allows an address id.
        if (PRIO != length && PRIO_WITH_ID != length)
        {
            return false;
        }
        out.prioBackup = 0 != (subtypeByte & 0x01);
        out.prioAddressId = PRIO_WITH_ID == length ? FrameBytes.getByte(buffer, at + 3) & 0xFF : -1;
        return true;
    }
}
