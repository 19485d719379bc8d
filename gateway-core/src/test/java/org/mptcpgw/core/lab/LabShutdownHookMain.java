package org.mptcpgw.core.lab;

/**
 * Child JVM for {@link LabShutdownHookTest}: brings a lab up, reports it, then waits to be terminated without ever
 * calling {@link Lab#down()}; only the shutdown hook can clean up.
 */
final class LabShutdownHookMain
{
    static final String READY = "LAB-UP ";
    private static final long MAX_WAIT_MS = 120_000;

    private LabShutdownHookMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Lab lab = Lab.create(args[0]).up(LabMode.INLINE);
        lab.spawn(LabNode.SERVER, "sleep", "300");
        System.out.println(READY + lab.id());
        System.out.flush();
        Thread.sleep(MAX_WAIT_MS);
        System.exit(3);
    }
}
