package org.mptcpgw.gateway.pipeline;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Later fragments of an inbound datagram that came in before its first fragment ("Received Fragment Out of Order",
 * RFC 4787 REQ-14): they carry no ports, so their session is unknown until the first fragment arrives. Each is
 * copied into a slot here and released, translated, when the first fragment's session is learned
 * ({@link FragmentFlows}); a slot not claimed within its deadline is freed and counted as expired.
 * <p>
 * Bounded: {@code slots} frames of at most {@code slotBytes} bytes in one direct buffer allocated at start, key
 * and deadline in primitive arrays; a full hold refuses (the fragment is then dropped as {@code fragment_no_flow}).
 * The gateway never reassembles: fragments leave as they came. Release and expiry scan the slots, which only
 * happens while something is held. Single writer: the worker.
 */
final class FragmentHold
{
    private final int slotBytes;
    private final UnsafeBuffer frames;
    private final long[] addresses;
    private final int[] identification;
    private final int[] protocol;
    private final int[] length;
    private final int[] l3Offset;
    private final long[] deadlineNs;
    private final long holdNs;
    private int held;

    /**
     * @param slots     fragments held at once.
     * @param slotBytes largest frame held.
     * @param holdNs    how long a fragment waits for its first.
     */
    FragmentHold(final int slots, final int slotBytes, final long holdNs)
    {
        this.slotBytes = slotBytes;
        this.frames = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(1, slots) * slotBytes, 64));
        addresses = new long[slots];
        identification = new int[slots];
        protocol = new int[slots];
        length = new int[slots];
        l3Offset = new int[slots];
        deadlineNs = new long[slots];
        this.holdNs = holdNs;
    }

    /**
     * Copy a fragment in.
     *
     * @param source         source address.
     * @param destination    destination address.
     * @param ipProtocol     IP protocol.
     * @param id             IPv4 identification.
     * @param frame          the frame.
     * @param frameLength    its length.
     * @param l3             offset of its IPv4 header.
     * @param nowNs          time of the duty cycle.
     * @return true when held, false when the hold is full or the frame too long.
     */
    boolean hold(
        final int source,
        final int destination,
        final int ipProtocol,
        final int id,
        final DirectBuffer frame,
        final int frameLength,
        final int l3,
        final long nowNs)
    {
        if (frameLength > slotBytes)
        {
            return false;
        }
        for (int slot = 0; slot < length.length; slot++)
        {
            if (0 == length[slot])
            {
                frames.putBytes(slot * slotBytes, frame, 0, frameLength);
                addresses[slot] = pair(source, destination);
                identification[slot] = id & 0xFFFF;
                protocol[slot] = ipProtocol;
                length[slot] = frameLength;
                l3Offset[slot] = l3;
                deadlineNs[slot] = nowNs + holdNs;
                held++;
                return true;
            }
        }
        return false;
    }

    /**
     * @return fragments held now.
     */
    int held()
    {
        return held;
    }

    /**
     * The held fragments of a datagram, one at a time: the next slot at or after {@code from} that holds one.
     *
     * @param from           first slot to look at.
     * @param source         source address.
     * @param destination    destination address.
     * @param ipProtocol     IP protocol.
     * @param id             IPv4 identification.
     * @return the slot, or -1 when there is no more.
     */
    int next(final int from, final int source, final int destination, final int ipProtocol, final int id)
    {
        if (0 == held)
        {
            return -1;
        }
        final long pair = pair(source, destination);
        for (int slot = from; slot < length.length; slot++)
        {
            if (0 != length[slot] && addresses[slot] == pair && identification[slot] == (id & 0xFFFF) &&
                protocol[slot] == ipProtocol)
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * @param slot a slot from {@link #next}, and a buffer to view it through.
     * @param view wrapped over the held frame.
     * @return the view.
     */
    UnsafeBuffer frame(final int slot, final UnsafeBuffer view)
    {
        view.wrap(frames, slot * slotBytes, length[slot]);
        return view;
    }

    /**
     * @param slot a held slot.
     * @return offset of its IPv4 header.
     */
    int l3Offset(final int slot)
    {
        return l3Offset[slot];
    }

    /**
     * Free a slot (its fragment was sent).
     *
     * @param slot a held slot.
     */
    void free(final int slot)
    {
        length[slot] = 0;
        held--;
    }

    /**
     * Free the slots whose deadline passed.
     *
     * @param nowNs time of the duty cycle.
     * @return slots freed.
     */
    int expire(final long nowNs)
    {
        if (0 == held)
        {
            return 0;
        }
        int expired = 0;
        for (int slot = 0; slot < length.length; slot++)
        {
            if (0 != length[slot] && deadlineNs[slot] - nowNs <= 0)
            {
                free(slot);
                expired++;
            }
        }
        return expired;
    }

    private static long pair(final int source, final int destination)
    {
        return ((long)source << 32) | (destination & 0xFFFF_FFFFL);
    }
}
