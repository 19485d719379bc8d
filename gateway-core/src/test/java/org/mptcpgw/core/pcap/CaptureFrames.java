package org.mptcpgw.core.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of the test captures, loaded once, for property and allocation tests.
 */
public final class CaptureFrames
{
    public static final Path DIRECTORY = Paths.get("src/test/resources/captures");

    /** One captured frame. */
    public static final class Frame
    {
        public final String file;
        public final long number;
        public final int linkType;
        public final byte[] bytes;

        Frame(final String file, final long number, final int linkType, final byte[] bytes)
        {
            this.file = file;
            this.number = number;
            this.linkType = linkType;
            this.bytes = bytes;
        }

        @Override
        public String toString()
        {
            return file + "#" + number;
        }
    }

    private static final List<Frame> ALL = load();

    private CaptureFrames()
    {
    }

    public static List<Frame> all()
    {
        return ALL;
    }

    public static List<Path> files()
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(DIRECTORY, "*.pcap"))
        {
            dir.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        files.sort(null);
        return files;
    }

    public static Frame find(final String file, final long number)
    {
        for (final Frame f : ALL)
        {
            if (f.file.equals(file) && f.number == number)
            {
                return f;
            }
        }
        throw new IllegalArgumentException(file + "#" + number);
    }

    private static List<Frame> load()
    {
        final List<Frame> frames = new ArrayList<>();
        for (final Path file : files())
        {
            try (PcapReader reader = PcapReader.open(file))
            {
                while (reader.next())
                {
                    frames.add(new Frame(file.getFileName().toString(), reader.frameCount(), reader.linkType(),
                        reader.frame().clone()));
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return frames;
    }
}
