package org.mptcpgw.gateway.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files of a journal directory: one {@code *.cq4} file per roll cycle, named after the cycle's start in UTC
 * (so that names sort in time order: {@code 20261129F.cq4} daily, {@code 20261129-15F.cq4} hourly) and the queue's
 * {@code metadata.cq4t}. Control plane only (file system calls).
 */
final class JournalFiles
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalFiles.class);

    private JournalFiles()
    {
    }

    /**
     * @param dir journal directory.
     * @return the cycle files, oldest first (empty when the directory is missing).
     */
    static List<Path> cycleFiles(final Path dir)
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SingleChronicleQueue.SUFFIX))
        {
            for (final Path p : stream)
            {
                if (Files.isRegularFile(p))
                {
                    files.add(p);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot list journal directory {}: {}", dir, ex.toString());
        }
        Collections.sort(files);
        return files;
    }

    /**
     * @param dir journal directory.
     * @return true if it holds a queue (its metadata file).
     */
    static boolean isJournal(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE));
    }

    /**
     * @param dir journal directory.
     * @return bytes of the regular files in it (apparent sizes: Chronicle pre-allocates what it reserves).
     */
    static long diskUsageBytes(final Path dir)
    {
        long total = 0;
        if (!Files.isDirectory(dir))
        {
            return 0;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path p : stream)
            {
                try
                {
                    if (Files.isRegularFile(p))
                    {
                        total += Files.size(p);
                    }
                }
                catch (final IOException ex)
                {
                    // deleted between the listing and the size (retention): it no longer uses space
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot list journal directory {}: {}", dir, ex.toString());
        }
        return total;
    }

    /**
     * Delete every cycle file but the newest ones.
     *
     * @param dir  journal directory.
     * @param keep number of cycle files to keep (at least 1: the one being written).
     * @return number of files deleted.
     */
    static int deleteOldest(final Path dir, final int keep)
    {
        final List<Path> files = cycleFiles(dir);
        int deleted = 0;
        for (int i = 0, excess = files.size() - Math.max(1, keep); i < excess; i++)
        {
            try
            {
                if (Files.deleteIfExists(files.get(i)))
                {
                    deleted++;
                    LOG.info("journal retention: deleted {}", files.get(i));
                }
            }
            catch (final IOException ex)
            {
                LOG.warn("journal retention: cannot delete {}: {}", files.get(i), ex.toString());
            }
        }
        return deleted;
    }

    /**
     * The roll cycle the directory was written with, from its file names (the queue's metadata holds it too, but
     * opening with a different one logs a warning).
     *
     * @param dir      journal directory.
     * @param fallback cycle to use when there are no cycle files.
     * @return the roll cycle.
     */
    static RollCycle detectRollCycle(final Path dir, final RollCycle fallback)
    {
        final List<Path> files = cycleFiles(dir);
        if (files.isEmpty())
        {
            return fallback;
        }
        final String name = files.get(files.size() - 1).getFileName().toString();
        for (final RollCycle candidate : new RollCycle[]{RollCycles.FAST_HOURLY, RollCycles.FAST_DAILY})
        {
            final String format = candidate.format().replace("'", "");
            if (name.length() == format.length() + SingleChronicleQueue.SUFFIX.length() &&
                name.charAt(format.length() - 1) == format.charAt(format.length() - 1) &&
                (format.indexOf('-') < 0) == (name.indexOf('-') < 0))
            {
                return candidate;
            }
        }
        return fallback;
    }
}
