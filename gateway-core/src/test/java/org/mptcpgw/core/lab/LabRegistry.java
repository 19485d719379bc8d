package org.mptcpgw.core.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Labs that may still have namespaces, and a JVM shutdown hook that takes them down as a last resort (the JUnit
 * extension normally does it; the hook covers a JVM that is told to exit or killed with SIGTERM mid-test).
 */
final class LabRegistry
{
    private static final Set<Lab> LIVE = ConcurrentHashMap.newKeySet();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(LabRegistry::downAll, "mgw-lab-shutdown"));
    }

    private LabRegistry()
    {
    }

    static void register(final Lab lab)
    {
        LIVE.add(lab);
    }

    static void unregister(final Lab lab)
    {
        LIVE.remove(lab);
    }

    static List<Lab> live()
    {
        return new ArrayList<>(LIVE);
    }

    static void downAll()
    {
        for (final Lab lab : live())
        {
            try
            {
                lab.down();
            }
            catch (final RuntimeException ex)
            {
                System.err.println("mgw-lab-shutdown: could not take lab " + lab.id() + " down: " + ex.getMessage());
            }
        }
    }
}
