package org.mptcpgw.core.lab;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code scripts/lab.sh}: the {@value Lab#SCRIPT_PROPERTY} system property if set, otherwise the first
 * {@code scripts/lab.sh} found walking up from the working directory (module directory under Maven) to the
 * repository root.
 */
public final class LabScript
{
    private static final Path RELATIVE = Path.of("scripts", "lab.sh");

    private LabScript()
    {
    }

    /**
     * Locate lab.sh.
     *
     * @return its absolute path.
     * @throws LabException when there is none.
     */
    public static Path locate()
    {
        final String explicit = System.getProperty(Lab.SCRIPT_PROPERTY);
        if (explicit != null && !explicit.isEmpty())
        {
            final Path path = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(path))
            {
                throw new LabException(Lab.SCRIPT_PROPERTY + "=" + explicit + " is not a file");
            }
            return path;
        }
        return locate(Path.of("").toAbsolutePath());
    }

    /**
     * Locate lab.sh walking up from a directory, stopping at the repository root (a directory holding .git).
     *
     * @param start directory to start from.
     * @return its absolute path.
     * @throws LabException when there is none.
     */
    public static Path locate(final Path start)
    {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate))
            {
                return candidate;
            }
            if (Files.exists(dir.resolve(".git")))
            {
                break;
            }
        }
        throw new LabException("scripts/lab.sh not found in " + start + " or above (up to the repository root); " +
            "set -D" + Lab.SCRIPT_PROPERTY + "=<path>");
    }
}
