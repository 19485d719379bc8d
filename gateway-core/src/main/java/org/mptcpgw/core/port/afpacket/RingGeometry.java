package org.mptcpgw.core.port.afpacket;

/**
 * Shape of a packet ring and the index arithmetic over it, checked against the kernel's rules in
 * {@code packet_set_ring()} before any system call so that a bad configuration fails with a clear message:
 * <ul>
 *   <li>the block size is a positive multiple of the page size;</li>
 *   <li>the frame size is a multiple of TPACKET_ALIGNMENT (16) and at least the ring header;</li>
 *   <li>a block holds at least one frame, and frames never straddle blocks: a block holds
 *       {@code blockSize / frameSize} frames and the rest of the block is unused;</li>
 *   <li>{@code frameCount == framesPerBlock * blockCount}.</li>
 * </ul>
 * Frame {@code i} starts at {@code (i / framesPerBlock) * blockSize + (i % framesPerBlock) * frameSize}
 * from the start of the mapping.
 */
final class RingGeometry
{
    /** Target size of a TX ring block: small enough for an order-4 page allocation. */
    static final int TX_BLOCK_TARGET_BYTES = 64 * 1024;

    private final int blockSize;
    private final int blockCount;
    private final int frameSize;
    private final int framesPerBlock;
    private final int frameCount;

    private RingGeometry(final int blockSize, final int blockCount, final int frameSize)
    {
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.frameSize = frameSize;
        this.framesPerBlock = blockSize / frameSize;
        this.frameCount = framesPerBlock * blockCount;
    }

    /**
     * A ring given by its blocks (RX rings).
     *
     * @param blockSize      bytes per block.
     * @param blockCount     number of blocks.
     * @param frameSize      bytes per frame slot.
     * @param minFrameSize   ring header length the kernel requires per frame.
     * @param pageSize       the system page size.
     * @return the geometry.
     * @throws IllegalArgumentException naming the violated rule.
     */
    static RingGeometry ofBlocks(
        final int blockSize, final int blockCount, final int frameSize, final int minFrameSize, final int pageSize)
    {
        if (blockSize <= 0 || 0 != blockSize % pageSize)
        {
            throw new IllegalArgumentException(
                "block size " + blockSize + " must be a positive multiple of the page size " + pageSize);
        }
        if (blockCount <= 0)
        {
            throw new IllegalArgumentException("block count must be positive: " + blockCount);
        }
        if (frameSize < minFrameSize || 0 != frameSize % TpacketLayout.TPACKET_ALIGNMENT)
        {
            throw new IllegalArgumentException("frame size " + frameSize + " must be a multiple of " +
                TpacketLayout.TPACKET_ALIGNMENT + " and at least " + minFrameSize);
        }
        if (frameSize > blockSize)
        {
            throw new IllegalArgumentException("frame size " + frameSize + " exceeds block size " + blockSize);
        }
        if ((long)blockSize * blockCount > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("ring of " + blockCount + " x " + blockSize + " bytes exceeds 2 GiB");
        }
        return new RingGeometry(blockSize, blockCount, frameSize);
    }

    /**
     * A ring given by its frames (TX rings): blocks of about {@link #TX_BLOCK_TARGET_BYTES}, at least one frame
     * each, enough blocks for the frames asked for.
     *
     * @param frameSize    bytes per frame slot.
     * @param frameCount   frames wanted (rounded up to whole blocks).
     * @param minFrameSize ring header length the kernel requires per frame.
     * @param pageSize     the system page size.
     * @return the geometry.
     */
    static RingGeometry ofFrames(final int frameSize, final int frameCount, final int minFrameSize, final int pageSize)
    {
        if (frameCount <= 0)
        {
            throw new IllegalArgumentException("frame count must be positive: " + frameCount);
        }
        if (frameSize <= 0)
        {
            throw new IllegalArgumentException("frame size must be positive: " + frameSize);
        }
        final int framesPerBlock = Math.max(1, TX_BLOCK_TARGET_BYTES / frameSize);
        final int blockSize = roundUp(framesPerBlock * frameSize, pageSize);
        final int perBlock = blockSize / frameSize;
        final int blockCount = (frameCount + perBlock - 1) / perBlock;
        return ofBlocks(blockSize, blockCount, frameSize, minFrameSize, pageSize);
    }

    static int roundUp(final int value, final int multiple)
    {
        return ((value + multiple - 1) / multiple) * multiple;
    }

    /**
     * @param index frame index in [0, frameCount).
     * @return offset of the frame slot from the start of the mapping.
     */
    int frameOffset(final int index)
    {
        return (index / framesPerBlock) * blockSize + (index % framesPerBlock) * frameSize;
    }

    /**
     * @param block block index in [0, blockCount).
     * @return offset of the block from the start of the mapping.
     */
    int blockOffset(final int block)
    {
        return block * blockSize;
    }

    /**
     * @param index a frame or block index.
     * @param count number of frames or blocks.
     * @return the next index, wrapping to 0.
     */
    static int next(final int index, final int count)
    {
        final int next = index + 1;
        return next == count ? 0 : next;
    }

    int blockSize()
    {
        return blockSize;
    }

    int blockCount()
    {
        return blockCount;
    }

    int frameSize()
    {
        return frameSize;
    }

    int framesPerBlock()
    {
        return framesPerBlock;
    }

    int frameCount()
    {
        return frameCount;
    }

    /**
     * @return bytes to map.
     */
    long mappedBytes()
    {
        return (long)blockSize * blockCount;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return blockCount + " blocks x " + blockSize + " bytes, " + frameCount + " frames x " + frameSize + " bytes";
    }
}
