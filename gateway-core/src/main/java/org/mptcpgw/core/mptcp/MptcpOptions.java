package org.mptcpgw.core.mptcp;

/**
 * Reusable holder for the MPTCP options (TCP option kind 30) of one segment, filled by
 * {@link MptcpOptionParser}: a presence bitmask with one bit per subtype (bit = 1 &lt;&lt; subtype, as the
 * kernel's {@code suboptions}) and the decoded fields of each subtype (RFC 8684 section 3, RFC 6824 for v0).
 * <p>
 * Several MPTCP options in one segment: options of <em>different</em> subtypes are all kept (e.g. DSS and
 * ADD_ADDR, each in its own fields). For a repeated subtype the <em>first</em> occurrence is kept and the
 * repetition is counted in {@link #duplicates()}: a later copy cannot override what the gateway acts on.
 * Every kind-30 option remains listed in {@link org.mptcpgw.core.packet.TcpOptions}, so a tool can decode each
 * one on its own with {@link MptcpOptionParser#parseOne}.
 * <p>
 * Options whose length does not match what their subtype, version and flags require are not decoded; their
 * subtype bit is set in {@link #invalid()} instead (RFC 8684 section 3: such an option is ignored). Unknown
 * subtypes are reported in {@link #unknownSubtypes()}, which is not an error.
 * <p>
 * Nothing is allocated after construction.
 */
public final class MptcpOptions
{
    /** Subtype MP_CAPABLE. */
    public static final int SUBTYPE_MP_CAPABLE = 0x0;
    /** Subtype MP_JOIN. */
    public static final int SUBTYPE_MP_JOIN = 0x1;
    /** Subtype DSS. */
    public static final int SUBTYPE_DSS = 0x2;
    /** Subtype ADD_ADDR. */
    public static final int SUBTYPE_ADD_ADDR = 0x3;
    /** Subtype REMOVE_ADDR. */
    public static final int SUBTYPE_REMOVE_ADDR = 0x4;
    /** Subtype MP_PRIO. */
    public static final int SUBTYPE_MP_PRIO = 0x5;
    /** Subtype MP_FAIL. */
    public static final int SUBTYPE_MP_FAIL = 0x6;
    /** Subtype MP_FASTCLOSE. */
    public static final int SUBTYPE_MP_FASTCLOSE = 0x7;
    /** Subtype MP_TCPRST (RFC 8684 only). */
    public static final int SUBTYPE_MP_TCPRST = 0x8;
    /** Subtype MP_EXPERIMENTAL (reported as unknown). */
    public static final int SUBTYPE_MP_EXPERIMENTAL = 0xF;

    /** Presence bit of MP_CAPABLE. */
    public static final int MP_CAPABLE = 1 << SUBTYPE_MP_CAPABLE;
    /** Presence bit of MP_JOIN. */
    public static final int MP_JOIN = 1 << SUBTYPE_MP_JOIN;
    /** Presence bit of DSS. */
    public static final int DSS = 1 << SUBTYPE_DSS;
    /** Presence bit of ADD_ADDR. */
    public static final int ADD_ADDR = 1 << SUBTYPE_ADD_ADDR;
    /** Presence bit of REMOVE_ADDR. */
    public static final int REMOVE_ADDR = 1 << SUBTYPE_REMOVE_ADDR;
    /** Presence bit of MP_PRIO. */
    public static final int MP_PRIO = 1 << SUBTYPE_MP_PRIO;
    /** Presence bit of MP_FAIL. */
    public static final int MP_FAIL = 1 << SUBTYPE_MP_FAIL;
    /** Presence bit of MP_FASTCLOSE. */
    public static final int MP_FASTCLOSE = 1 << SUBTYPE_MP_FASTCLOSE;
    /** Presence bit of MP_TCPRST. */
    public static final int MP_TCPRST = 1 << SUBTYPE_MP_TCPRST;

    /** MP_CAPABLE flag A: checksum required. */
    public static final int CAPABLE_FLAG_A = 0x80;
    /** MP_CAPABLE flag B: extensibility (must be 0). */
    public static final int CAPABLE_FLAG_B = 0x40;
    /** MP_CAPABLE flag C (v1): do not open subflows to this address/port. */
    public static final int CAPABLE_FLAG_C = 0x20;
    /** MP_CAPABLE flag H: HMAC-SHA256 in v1, HMAC-SHA1 in v0. */
    public static final int CAPABLE_FLAG_H = 0x01;

    /** DSS flag A: DATA_ACK present. */
    public static final int DSS_FLAG_DATA_ACK = 0x01;
    /** DSS flag a: DATA_ACK is 8 bytes. */
    public static final int DSS_FLAG_DATA_ACK_8 = 0x02;
    /** DSS flag M: mapping (DSN, SSN, data-level length, checksum) present. */
    public static final int DSS_FLAG_MAPPING = 0x04;
    /** DSS flag m: DSN is 8 bytes. */
    public static final int DSS_FLAG_DSN_8 = 0x08;
    /** DSS flag F: DATA_FIN. */
    public static final int DSS_FLAG_DATA_FIN = 0x10;

    /** MP_TCPRST flag T: transient error. */
    public static final int TCPRST_FLAG_T = 0x1;
    /** MP_TCPRST flag W. */
    public static final int TCPRST_FLAG_W = 0x2;
    /** MP_TCPRST flag V. */
    public static final int TCPRST_FLAG_V = 0x4;
    /** MP_TCPRST flag U. */
    public static final int TCPRST_FLAG_U = 0x8;

    /** Most address ids a REMOVE_ADDR can carry in 40 bytes of options. */
    public static final int MAX_REMOVE_IDS = 37;

    int present;
    int invalid;
    int unknownSubtypes;
    int duplicates;
    int optionCount;

    int capableVersion;
    int capableFlags;
    int capableLength;
    int capableKeyCount;
    long capableSenderKey;
    long capableReceiverKey;
    boolean capableHasDataLength;
    int capableDataLength;
    boolean capableHasChecksum;
    int capableChecksum;

    int joinLength;
    boolean joinBackup;
    int joinAddressId;
    int joinToken;
    int joinNonce;
    long joinTruncatedHmac;
    final byte[] joinHmac = new byte[20];

    int dssFlags;
    long dssDataAck;
    long dssDsn;
    int dssSsn;
    int dssDataLength;
    boolean dssHasChecksum;
    int dssChecksum;

    int addAddrVersion;
    boolean addAddrEcho;
    int addAddrId;
    int addAddrIpVersion;
    int addAddrIpv4;
    long addAddrIpv6High;
    long addAddrIpv6Low;
    int addAddrPort;
    boolean addAddrHasPort;
    boolean addAddrHasHmac;
    long addAddrHmac;

    int removeCount;
    final byte[] removeIds = new byte[MAX_REMOVE_IDS];

    boolean prioBackup;
    int prioAddressId;

    long failDsn;

    long fastCloseKey;

    int tcpRstFlags;
    int tcpRstReason;

    /**
     * Clear the presence bits and counters (fields of absent subtypes are not meaningful).
     *
     * @return this.
     */
    public MptcpOptions reset()
    {
        present = 0;
        invalid = 0;
        unknownSubtypes = 0;
        duplicates = 0;
        optionCount = 0;
        return this;
    }

    /**
     * @return presence bitmask: bit (1 &lt;&lt; subtype) for each subtype decoded.
     */
    public int present()
    {
        return present;
    }

    /**
     * @param bits presence bits to test.
     * @return true if all of them are present.
     */
    public boolean has(final int bits)
    {
        return bits == (present & bits);
    }

    /**
     * @return bitmask of known subtypes seen with a length that does not match (ignored options).
     */
    public int invalid()
    {
        return invalid;
    }

    /**
     * @return bitmask of unknown subtypes seen (bit 1 &lt;&lt; subtype; 9..15).
     */
    public int unknownSubtypes()
    {
        return unknownSubtypes;
    }

    /**
     * @return options of an already decoded subtype that were skipped.
     */
    public int duplicates()
    {
        return duplicates;
    }

    /**
     * @return kind-30 options looked at.
     */
    public int optionCount()
    {
        return optionCount;
    }

    /**
     * @return MP_CAPABLE version (0 = RFC 6824, 1 = RFC 8684).
     */
    public int capableVersion()
    {
        return capableVersion;
    }

    /**
     * @return MP_CAPABLE flags byte (A B C D E F G H from bit 7 to bit 0).
     */
    public int capableFlags()
    {
        return capableFlags;
    }

    /**
     * @return MP_CAPABLE option length.
     */
    public int capableLength()
    {
        return capableLength;
    }

    /**
     * @return number of keys in the MP_CAPABLE option (0, 1 or 2).
     */
    public int capableKeyCount()
    {
        return capableKeyCount;
    }

    /**
     * @return the sender's key (first key; valid when the key count is at least 1).
     */
    public long capableSenderKey()
    {
        return capableSenderKey;
    }

    /**
     * @return the receiver's key (second key; valid when the key count is 2).
     */
    public long capableReceiverKey()
    {
        return capableReceiverKey;
    }

    /**
     * @return true when the MP_CAPABLE carries a data-level length (v1 ACK with data).
     */
    public boolean capableHasDataLength()
    {
        return capableHasDataLength;
    }

    /**
     * @return MP_CAPABLE data-level length.
     */
    public int capableDataLength()
    {
        return capableDataLength;
    }

    /**
     * @return true when the MP_CAPABLE carries a DSS checksum.
     */
    public boolean capableHasChecksum()
    {
        return capableHasChecksum;
    }

    /**
     * @return MP_CAPABLE DSS checksum.
     */
    public int capableChecksum()
    {
        return capableChecksum;
    }

    /**
     * @return MP_JOIN length: 12 (SYN), 16 (SYN/ACK) or 24 (ACK).
     */
    public int joinLength()
    {
        return joinLength;
    }

    /**
     * @return MP_JOIN backup flag (SYN and SYN/ACK).
     */
    public boolean joinBackup()
    {
        return joinBackup;
    }

    /**
     * @return MP_JOIN address id (SYN and SYN/ACK).
     */
    public int joinAddressId()
    {
        return joinAddressId;
    }

    /**
     * @return MP_JOIN receiver's token (SYN).
     */
    public int joinToken()
    {
        return joinToken;
    }

    /**
     * @return MP_JOIN sender's random number (SYN and SYN/ACK).
     */
    public int joinNonce()
    {
        return joinNonce;
    }

    /**
     * @return MP_JOIN sender's truncated HMAC, leftmost 64 bits (SYN/ACK).
     */
    public long joinTruncatedHmac()
    {
        return joinTruncatedHmac;
    }

    /**
     * @return the 20 bytes of the MP_JOIN sender's HMAC (ACK); the array is reused for every segment.
     */
    public byte[] joinHmac()
    {
        return joinHmac;
    }

    /**
     * @return DSS flags byte.
     */
    public int dssFlags()
    {
        return dssFlags;
    }

    /**
     * @return true when the DSS carries a DATA_ACK.
     */
    public boolean dssHasDataAck()
    {
        return 0 != (dssFlags & DSS_FLAG_DATA_ACK);
    }

    /**
     * @return true when the DSS DATA_ACK is 8 bytes.
     */
    public boolean dssDataAck64()
    {
        return 0 != (dssFlags & DSS_FLAG_DATA_ACK_8);
    }

    /**
     * @return DATA_ACK as on the wire (32 or 64 bits).
     */
    public long dssDataAck()
    {
        return dssDataAck;
    }

    /**
     * @return true when the DSS carries a mapping.
     */
    public boolean dssHasMapping()
    {
        return 0 != (dssFlags & DSS_FLAG_MAPPING);
    }

    /**
     * @return true when the DSS data sequence number is 8 bytes.
     */
    public boolean dssDsn64()
    {
        return 0 != (dssFlags & DSS_FLAG_DSN_8);
    }

    /**
     * @return data sequence number as on the wire (32 or 64 bits).
     */
    public long dssDsn()
    {
        return dssDsn;
    }

    /**
     * @return subflow sequence number (relative to the subflow's initial sequence number).
     */
    public int dssSsn()
    {
        return dssSsn;
    }

    /**
     * @return data-level length (0: infinite mapping).
     */
    public int dssDataLength()
    {
        return dssDataLength;
    }

    /**
     * @return true when the DSS mapping carries a checksum.
     */
    public boolean dssHasChecksum()
    {
        return dssHasChecksum;
    }

    /**
     * @return DSS checksum.
     */
    public int dssChecksum()
    {
        return dssChecksum;
    }

    /**
     * @return true when DATA_FIN is set.
     */
    public boolean dssDataFin()
    {
        return 0 != (dssFlags & DSS_FLAG_DATA_FIN);
    }

    /**
     * @return ADD_ADDR version: 0 (RFC 6824, IPVer nibble) or 1 (RFC 8684, echo bit and HMAC).
     */
    public int addAddrVersion()
    {
        return addAddrVersion;
    }

    /**
     * @return ADD_ADDR echo flag (v1).
     */
    public boolean addAddrEcho()
    {
        return addAddrEcho;
    }

    /**
     * @return ADD_ADDR address id.
     */
    public int addAddrId()
    {
        return addAddrId;
    }

    /**
     * @return 4 or 6.
     */
    public int addAddrIpVersion()
    {
        return addAddrIpVersion;
    }

    /**
     * @return ADD_ADDR IPv4 address.
     */
    public int addAddrIpv4()
    {
        return addAddrIpv4;
    }

    /**
     * @return high 64 bits of the ADD_ADDR IPv6 address.
     */
    public long addAddrIpv6High()
    {
        return addAddrIpv6High;
    }

    /**
     * @return low 64 bits of the ADD_ADDR IPv6 address.
     */
    public long addAddrIpv6Low()
    {
        return addAddrIpv6Low;
    }

    /**
     * @return true when the ADD_ADDR carries a port.
     */
    public boolean addAddrHasPort()
    {
        return addAddrHasPort;
    }

    /**
     * @return ADD_ADDR port (0 when absent).
     */
    public int addAddrPort()
    {
        return addAddrPort;
    }

    /**
     * @return true when the ADD_ADDR carries a truncated HMAC (v1, not an echo).
     */
    public boolean addAddrHasHmac()
    {
        return addAddrHasHmac;
    }

    /**
     * @return ADD_ADDR truncated HMAC (64 bits).
     */
    public long addAddrHmac()
    {
        return addAddrHmac;
    }

    /**
     * @return number of address ids in REMOVE_ADDR.
     */
    public int removeCount()
    {
        return removeCount;
    }

    /**
     * @param index id index.
     * @return an address id of REMOVE_ADDR.
     */
    public int removeId(final int index)
    {
        return removeIds[index] & 0xFF;
    }

    /**
     * @return MP_PRIO backup flag.
     */
    public boolean prioBackup()
    {
        return prioBackup;
    }

    /**
     * @return MP_PRIO address id (v0 only), or -1.
     */
    public int prioAddressId()
    {
        return prioAddressId;
    }

    /**
     * @return MP_FAIL data sequence number (64 bits).
     */
    public long failDsn()
    {
        return failDsn;
    }

    /**
     * @return MP_FASTCLOSE receiver's key.
     */
    public long fastCloseKey()
    {
        return fastCloseKey;
    }

    /**
     * @return MP_TCPRST flags nibble (U V W T from bit 3 to bit 0).
     */
    public int tcpRstFlags()
    {
        return tcpRstFlags;
    }

    /**
     * @return MP_TCPRST reason code.
     */
    public int tcpRstReason()
    {
        return tcpRstReason;
    }

    /**
     * @param subtype an MPTCP subtype.
     * @return its name as in RFC 8684 (allocation-free: constants).
     */
    public static String subtypeName(final int subtype)
    {
        switch (subtype)
        {
            case SUBTYPE_MP_CAPABLE:
                return "MP_CAPABLE";
            case SUBTYPE_MP_JOIN:
                return "MP_JOIN";
            case SUBTYPE_DSS:
                return "DSS";
            case SUBTYPE_ADD_ADDR:
                return "ADD_ADDR";
            case SUBTYPE_REMOVE_ADDR:
                return "REMOVE_ADDR";
            case SUBTYPE_MP_PRIO:
                return "MP_PRIO";
            case SUBTYPE_MP_FAIL:
                return "MP_FAIL";
            case SUBTYPE_MP_FASTCLOSE:
                return "MP_FASTCLOSE";
            case SUBTYPE_MP_TCPRST:
                return "MP_TCPRST";
            case SUBTYPE_MP_EXPERIMENTAL:
                return "MP_EXPERIMENTAL";
            default:
                return "UNKNOWN";
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(128).append("MptcpOptions{present=0x")
            .append(Integer.toHexString(present)).append(", invalid=0x").append(Integer.toHexString(invalid))
            .append(", unknown=0x").append(Integer.toHexString(unknownSubtypes))
            .append(", duplicates=").append(duplicates);
        if (has(MP_CAPABLE))
        {
            sb.append(", MP_CAPABLE{v").append(capableVersion).append(" len=").append(capableLength)
                .append(" flags=0x").append(Integer.toHexString(capableFlags));
            if (capableKeyCount > 0)
            {
                sb.append(" key=0x").append(Long.toHexString(capableSenderKey));
            }
            if (capableKeyCount > 1)
            {
                sb.append(" key2=0x").append(Long.toHexString(capableReceiverKey));
            }
            if (capableHasDataLength)
            {
                sb.append(" dll=").append(capableDataLength);
            }
            if (capableHasChecksum)
            {
                sb.append(" csum=0x").append(Integer.toHexString(capableChecksum));
            }
            sb.append('}');
        }
        if (has(MP_JOIN))
        {
            sb.append(", MP_JOIN{len=").append(joinLength).append(" backup=").append(joinBackup)
                .append(" id=").append(joinAddressId).append(" token=0x").append(Integer.toHexString(joinToken))
                .append(" nonce=0x").append(Integer.toHexString(joinNonce))
                .append(" thmac=0x").append(Long.toHexString(joinTruncatedHmac)).append('}');
        }
        if (has(DSS))
        {
            sb.append(", DSS{flags=0x").append(Integer.toHexString(dssFlags));
            if (dssHasDataAck())
            {
                sb.append(" ack=").append(Long.toUnsignedString(dssDataAck));
            }
            if (dssHasMapping())
            {
                sb.append(" dsn=").append(Long.toUnsignedString(dssDsn)).append(" ssn=")
                    .append(Integer.toUnsignedString(dssSsn)).append(" len=").append(dssDataLength);
                if (dssHasChecksum)
                {
                    sb.append(" csum=0x").append(Integer.toHexString(dssChecksum));
                }
            }
            sb.append('}');
        }
        if (has(ADD_ADDR))
        {
            sb.append(", ADD_ADDR{v").append(addAddrVersion).append(" echo=").append(addAddrEcho)
                .append(" id=").append(addAddrId).append(" ipv").append(addAddrIpVersion)
                .append(" port=").append(addAddrPort)
                .append(" hmac=0x").append(Long.toHexString(addAddrHmac)).append('}');
        }
        if (has(REMOVE_ADDR))
        {
            sb.append(", REMOVE_ADDR{count=").append(removeCount).append('}');
        }
        if (has(MP_PRIO))
        {
            sb.append(", MP_PRIO{backup=").append(prioBackup).append(" id=").append(prioAddressId).append('}');
        }
        if (has(MP_FAIL))
        {
            sb.append(", MP_FAIL{dsn=").append(Long.toUnsignedString(failDsn)).append('}');
        }
        if (has(MP_FASTCLOSE))
        {
            sb.append(", MP_FASTCLOSE{key=0x").append(Long.toHexString(fastCloseKey)).append('}');
        }
        if (has(MP_TCPRST))
        {
            sb.append(", MP_TCPRST{flags=0x").append(Integer.toHexString(tcpRstFlags))
                .append(" reason=").append(tcpRstReason).append('}');
        }
        return sb.append('}').toString();
    }
}
