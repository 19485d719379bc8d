package org.mptcpgw.bench.nat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.mptcpgw.nat.NatSessionTable;

/**
 * Memory per session at a given number of sessions (default one million): heap used after GC (MemoryMXBean) and
 * direct memory (the "direct" BufferPoolMXBean) before the table exists, after it is built empty, and after it is
 * filled, divided by the session count. Everything is allocated at construction, so filling should add nothing.
 * Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp ... SessionTableFootprint [sessions]}.
 */
public final class SessionTableFootprint
{
    private SessionTableFootprint()
    {
    }

    /**
     * @param args optional session count.
     */
    public static void main(final String[] args)
    {
        final int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final long nowNs = 1L << 40;
        final long[] before = measure();

        final NatSessionTable table = SessionTableFill.emptyTable(sessions, nowNs);
        final long[] empty = measure();
        SessionTableFill.fill(table, sessions, nowNs);
        final long[] full = measure();

        final long heap = full[0] - before[0];
        final long direct = full[1] - before[1];
        System.out.printf("sessions                      %,d (live %,d, %d paths, one mapping per session)%n",
            sessions, table.size(), SessionTableFill.PATHS);
        System.out.printf("heap after build, empty       %,d bytes%n", empty[0] - before[0]);
        System.out.printf("heap after fill               %,d bytes (fill added %,d)%n", heap, full[0] - empty[0]);
        System.out.printf("direct after fill             %,d bytes (table says %,d)%n", direct, table.offHeapBytes());
        System.out.printf("table's own array estimate    %,d heap + %,d direct%n",
            table.heapArrayBytes(), table.offHeapBytes());
        System.out.printf("bytes per session             %.1f (heap %.1f + direct %.1f)%n",
            (double)(heap + direct) / sessions, (double)heap / sessions, (double)direct / sessions);
    }

    private static long[] measure()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++)
        {
            System.gc();
        }
        long direct = 0;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                direct = pool.getMemoryUsed();
            }
        }
        return new long[]{memory.getHeapMemoryUsage().getUsed(), direct};
    }
}
