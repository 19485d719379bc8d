package org.mptcpgw.nat;

import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DeadlineTimerWheel;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One idle timer per session in an Agrona {@link DeadlineTimerWheel}, with memory fixed at construction.
 * <p>
 * The wheel keeps the same number of slots in every spoke and doubles all of them when one spoke overflows, so a
 * burst of sessions with equal deadlines could make it grow without bound. This class gives the wheel its final
 * allocation up front ({@code slots = nextPowerOfTwo(capacity)}, split over the spokes) and counts the timers in
 * each spoke; when the spoke of a deadline is full the timer goes to the next tick instead, so an expiry can be
 * late by at most one turn of the wheel (ticksPerWheel ticks), never early. Timeouts are lower bounds in the
 * RFCs, so a late expiry is allowed; it only happens in bursts. A few spokes (64 by default) spread the timers
 * of a steady load evenly over the slots whatever the timeouts, since deadlines fall in every spoke modulo the
 * wheel's turn; timers due in a later turn simply stay in their spoke and are skipped until due.
 * <p>
 * The wheel scans the current spoke on every poll, so {@link #poll(long, int, Expiry)} polls it only once the
 * current tick is over (a timer fires within one tick of its deadline), resumes a spoke cut short by the limit,
 * and advances at most {@link #MAX_TICKS_PER_POLL} ticks per call so that catching up after a stall stays bounded
 * (after a stall longer than a turn it first skips to one turn behind, which still visits every spoke).
 * Timer ids are stored in the session record as an int slot, {@code spoke * tickAllocation + index}; a reverse
 * array, in direct memory so that its cost does not depend on G1's region size, maps a slot to its session.
 * Not thread-safe.
 */
final class SessionTimers implements DeadlineTimerWheel.TimerHandler
{
    /** Ticks the wheel may advance in one poll call. */
    static final int MAX_TICKS_PER_POLL = 4;

    /**
     * What to do with a session whose timer fired.
     */
    interface Expiry
    {
        /**
         * @param session session whose timer fired; it has no timer any more.
         * @param nowNs   current time.
         */
        void onExpiry(int session, long nowNs);
    }

    private final DeadlineTimerWheel wheel;
    private final long startTimeNs;
    private final int tickShift;
    private final int ticksPerWheel;
    private final int tickAllocation;
    private final int allocationShift;
    private final int[] spokeTimers;
    private final UnsafeBuffer slotSessions;
    private final int slotCount;
    private final long turnNs;
    private Expiry expiry;

    /**
     * @param capacity      most timers alive at once (one per session).
     * @param tickNs        tick, a power of two nanoseconds.
     * @param ticksPerWheel preferred spokes, a power of two (fewer when the capacity is small).
     * @param startTimeNs   time the wheel starts at.
     */
    SessionTimers(final int capacity, final long tickNs, final int ticksPerWheel, final long startTimeNs)
    {
        final int slots = BitUtil.findNextPositivePowerOfTwo(capacity);
        this.ticksPerWheel = Math.min(ticksPerWheel, slots);
        this.tickAllocation = slots / this.ticksPerWheel;
        this.allocationShift = Integer.numberOfTrailingZeros(tickAllocation);
        this.tickShift = Long.numberOfTrailingZeros(tickNs);
        this.startTimeNs = startTimeNs;
        this.wheel = new DeadlineTimerWheel(
            TimeUnit.NANOSECONDS, startTimeNs, tickNs, this.ticksPerWheel, tickAllocation);
        this.spokeTimers = new int[this.ticksPerWheel];
        this.slotSessions = new UnsafeBuffer(BufferUtil.allocateDirectAligned(slots * 4, SessionDescriptor.ALIGNMENT));
        this.slotCount = slots;
        this.turnNs = tickNs * this.ticksPerWheel;
    }

    /**
     * Schedule a session's timer at its deadline, or at the first later tick whose spoke has room.
     *
     * @param session    session index.
     * @param deadlineNs earliest time the timer may fire.
     * @return the timer slot to keep in the session record.
     */
    int schedule(final int session, final long deadlineNs)
    {
        final long currentTick = ((wheel.currentTickTime() - startTimeNs) >> tickShift) - 1;
        final int spokeMask = ticksPerWheel - 1;
        long deadline = deadlineNs;
        for (int i = 0; i < ticksPerWheel; i++)
        {
            final long tick = Math.max((deadline - startTimeNs) >> tickShift, currentTick);
            final int spoke = (int)tick & spokeMask;
            if (spokeTimers[spoke] < tickAllocation)
            {
                final long timerId = wheel.scheduleTimer(deadline);
                final int slot = slotOf(timerId);
                spokeTimers[spoke]++;
                slotSessions.putInt(slot << 2, session);
                return slot;
            }
            deadline = ((tick + 1) << tickShift) + startTimeNs;
        }
        // Unreachable while timers <= capacity <= slots: some spoke always has room.
        throw new IllegalStateException("timer wheel full: capacity exceeded");
    }

    /**
     * @param slot a slot returned by {@link #schedule(int, long)}.
     */
    void cancel(final int slot)
    {
        if (wheel.cancelTimer(timerIdOf(slot)))
        {
            spokeTimers[slot >>> allocationShift]--;
        }
    }

    /**
     * @param slot a live timer slot.
     * @return its deadline.
     */
    long deadlineNs(final int slot)
    {
        return wheel.deadline(timerIdOf(slot));
    }

    /**
     * Fire the timers that are due, handing each session to the expiry callback.
     *
     * @param nowNs   current time.
     * @param limit   most timers to fire.
     * @param handler what to do with each session.
     * @return work done: timers fired plus ticks advanced.
     */
    int poll(final long nowNs, final int limit, final Expiry handler)
    {
        expiry = handler;
        if (nowNs - wheel.currentTickTime() > turnNs)
        {
            // After a stall, skip to one turn behind now: the remaining ticks still visit every spoke once, so
            // every overdue timer fires while catching up, and catching up costs at most one turn.
            wheel.currentTickTime(nowNs - turnNs);
        }
        int fired = 0;
        int ticks = 0;
        while (fired < limit && ticks < MAX_TICKS_PER_POLL && nowNs >= wheel.currentTickTime())
        {
            final long tickBefore = wheel.currentTickTime();
            fired += wheel.poll(nowNs, this, limit - fired);
            if (wheel.currentTickTime() != tickBefore)
            {
                ticks++;
            }
        }
        return fired + ticks;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final int slot = slotOf(timerId);
        spokeTimers[slot >>> allocationShift]--;
        expiry.onExpiry(slotSessions.getInt(slot << 2), now);
        return true;
    }

    /**
     * @return timers scheduled.
     */
    long timerCount()
    {
        return wheel.timerCount();
    }

    /**
     * @return slots per spoke (fixed).
     */
    int tickAllocation()
    {
        return tickAllocation;
    }

    /**
     * @return spokes of the wheel.
     */
    int ticksPerWheel()
    {
        return ticksPerWheel;
    }

    /**
     * @return end of the wheel's current tick: timers due before it fire on the first poll at or after it.
     */
    long currentTickEndNs()
    {
        return wheel.currentTickTime();
    }

    /**
     * @return bytes of heap taken: the wheel's deadlines and the spoke counts.
     */
    long heapBytes()
    {
        return 8L * ticksPerWheel * tickAllocation + 4L * spokeTimers.length;
    }

    /**
     * @return bytes of direct memory taken: the reverse slot array.
     */
    long directBytes()
    {
        return 4L * slotCount;
    }

    private int slotOf(final long timerId)
    {
        return ((int)(timerId >>> 32) << allocationShift) | (int)timerId;
    }

    private long timerIdOf(final int slot)
    {
        return ((long)(slot >>> allocationShift) << 32) | (slot & (tickAllocation - 1));
    }
}
