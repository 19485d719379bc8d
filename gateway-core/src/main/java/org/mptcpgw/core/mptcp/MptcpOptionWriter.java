package org.mptcpgw.core.mptcp;

import org.agrona.MutableDirectBuffer;
import org.mptcpgw.core.packet.TcpOptions;

import java.nio.ByteOrder;

/**
 * Writes the MPTCP options the gateway emits itself. The gateway forwards every other MPTCP option untouched;
 * it only originates resets for subflows of a dead path (RFC 8684 section 3.6, MP_TCPRST inside the RST) and,
 * if ever needed, MP_FASTCLOSE (section 3.5), for which it knows the receiver's key from the handshake.
 * <pre>
 * MP_TCPRST (4 bytes):
 * +---------------+---------------+-------+-------+---------------+
 * |     Kind      |    Length     |Subtype|U|V|W|T|    Reason     |
 * +---------------+---------------+-------+-------+---------------+
 *
 * MP_FASTCLOSE (12 bytes):
 * +---------------+---------------+-------+-----------------------+
 * |     Kind      |    Length     |Subtype|      (reserved)       |
 * +---------------+---------------+-------+-----------------------+
 * |                      Option Receiver's Key (64 bits)          |
 * +---------------------------------------------------------------+
 * </pre>
 * Stateless and allocation-free.
 */
public final class MptcpOptionWriter
{
    /** Length of MP_TCPRST. */
    public static final int TCPRST_LENGTH = 4;
    /** Length of MP_FASTCLOSE. */
    public static final int FASTCLOSE_LENGTH = 12;

    /** MP_TCPRST reason: unspecified error. */
    public static final int REASON_UNSPECIFIED = 0;
    /** MP_TCPRST reason: MPTCP-specific error. */
    public static final int REASON_MPTCP_ERROR = 1;
    /** MP_TCPRST reason: lack of resources. */
    public static final int REASON_LACK_OF_RESOURCES = 2;
    /** MP_TCPRST reason: administratively prohibited. */
    public static final int REASON_ADMINISTRATIVELY_PROHIBITED = 3;
    /** MP_TCPRST reason: too much outstanding data. */
    public static final int REASON_TOO_MUCH_OUTSTANDING_DATA = 4;
    /** MP_TCPRST reason: unacceptable performance. */
    public static final int REASON_UNACCEPTABLE_PERFORMANCE = 5;
    /** MP_TCPRST reason: middlebox interference. */
    public static final int REASON_MIDDLEBOX_INTERFERENCE = 6;

    private MptcpOptionWriter()
    {
    }

    /**
     * Write MP_TCPRST.
     *
     * @param buffer buffer to write to.
     * @param offset offset of the option's kind byte.
     * @param flags  U V W T nibble ({@link MptcpOptions#TCPRST_FLAG_T} for a transient error).
     * @param reason reason code.
     * @return bytes written ({@value #TCPRST_LENGTH}).
     */
    public static int writeTcpRst(
        final MutableDirectBuffer buffer, final int offset, final int flags, final int reason)
    {
        buffer.putByte(offset, (byte)TcpOptions.KIND_MPTCP);
        buffer.putByte(offset + 1, (byte)TCPRST_LENGTH);
        buffer.putByte(offset + 2, (byte)((MptcpOptions.SUBTYPE_MP_TCPRST << 4) | (flags & 0x0F)));
        buffer.putByte(offset + 3, (byte)reason);
        return TCPRST_LENGTH;
    }

    /**
     * Write MP_FASTCLOSE.
     *
     * @param buffer      buffer to write to.
     * @param offset      offset of the option's kind byte.
     * @param receiverKey key of the option's receiver.
     * @return bytes written ({@value #FASTCLOSE_LENGTH}).
     */
    public static int writeFastClose(final MutableDirectBuffer buffer, final int offset, final long receiverKey)
    {
        buffer.putByte(offset, (byte)TcpOptions.KIND_MPTCP);
        buffer.putByte(offset + 1, (byte)FASTCLOSE_LENGTH);
        buffer.putShort(offset + 2, (short)(MptcpOptions.SUBTYPE_MP_FASTCLOSE << 12), ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 4, receiverKey, ByteOrder.BIG_ENDIAN);
        return FASTCLOSE_LENGTH;
    }
}
