package org.mptcpgw.core.lab;

/**
 * Outcome of a bounded command run by the lab harness.
 *
 * @param exitCode exit status, or -1 when the command was killed on timeout.
 * @param stdout   everything the command wrote to standard output.
 * @param stderr   everything the command wrote to standard error.
 * @param timedOut true when the command did not finish in time and was killed.
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut)
{
    /**
     * Whether the command finished in time with exit status 0.
     *
     * @return true on success.
     */
    public boolean succeeded()
    {
        return !timedOut && exitCode == 0;
    }

    /**
     * Short description for assertion messages.
     *
     * @return exit status, timeout flag and both outputs.
     */
    @Override
    public String toString()
    {
        return "ExecResult{exitCode=" + exitCode + ", timedOut=" + timedOut + ", stdout='" + stdout.strip() +
            "', stderr='" + stderr.strip() + "'}";
    }
}
