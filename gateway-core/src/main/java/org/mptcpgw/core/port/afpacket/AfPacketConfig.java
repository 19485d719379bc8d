package org.mptcpgw.core.port.afpacket;

/**
 * Immutable options of an {@link AfPacketPort}. Build with {@link #builder()}; every option has a default,
 * chosen by measurement where it matters (docs/afpacket.md holds the table and the command that reproduces
 * it).
 * <pre>
 *   AfPacketConfig config = AfPacketConfig.builder().ringVersion(RingVersion.V3).build();
 * </pre>
 */
public final class AfPacketConfig
{
    /** Default {@link #ringVersion()}: V2, because V3 adds up to the retire timer (1 ms) per crossing. */
    public static final RingVersion RING_VERSION_DEFAULT = RingVersion.V2;
    /** Default {@link #rxBlockSizeBytes()}: 1 MiB. */
    public static final int RX_BLOCK_SIZE_BYTES_DEFAULT = 1024 * 1024;
    /** Default {@link #rxBlockCount()}: 8 blocks. */
    public static final int RX_BLOCK_COUNT_DEFAULT = 8;
    /** Default {@link #rxFrameSizeBytes()}: 2048 bytes, an MTU-sized frame plus ring headers. */
    public static final int RX_FRAME_SIZE_BYTES_DEFAULT = 2048;
    /** Default {@link #retireBlockTimeoutMs()}: 1 ms, the smallest the kernel takes. */
    public static final int RETIRE_BLOCK_TIMEOUT_MS_DEFAULT = 1;
    /** Default {@link #txMode()}. */
    public static final TxMode TX_MODE_DEFAULT = TxMode.TX_RING;
    /** Default {@link #txFrameSizeBytes()}: 2048 bytes; longer frames take the oversize path. */
    public static final int TX_FRAME_SIZE_BYTES_DEFAULT = 2048;
    /** Default {@link #txFrameCount()}: 1024 slots. */
    public static final int TX_FRAME_COUNT_DEFAULT = 1024;
    /**
     * Default {@link #txLargeFrameCount()}: 0, GSO super-frames leave with one {@code send()} each. On veth that
     * took less forwarder CPU per Gbit/s than a large-slot ring (docs/afpacket.md).
     */
    public static final int TX_LARGE_FRAME_COUNT_DEFAULT = 0;
    /** Default {@link #qdiscBypass()}. */
    public static final boolean QDISC_BYPASS_DEFAULT = false;
    /** Default {@link #vnetHeader()}. */
    public static final boolean VNET_HEADER_DEFAULT = true;
    /** Default {@link #ignoreOutgoing()}. */
    public static final boolean IGNORE_OUTGOING_DEFAULT = true;
    /** Default {@link #promiscuous()}. */
    public static final boolean PROMISCUOUS_DEFAULT = true;
    /** Default {@link #fanoutGroupId()}: no fanout. */
    public static final int FANOUT_GROUP_ID_DEFAULT = -1;
    /** Default {@link #socketBufferBytes()}: 4 MiB. */
    public static final int SOCKET_BUFFER_BYTES_DEFAULT = 4 * 1024 * 1024;
    /** Default {@link #oversizeBufferCount()}: 16 frames of up to 64 KiB per batch. */
    public static final int OVERSIZE_BUFFER_COUNT_DEFAULT = 16;

    private static final AfPacketConfig DEFAULTS = new Builder().build();

    private final RingVersion ringVersion;
    private final int rxBlockSizeBytes;
    private final int rxBlockCount;
    private final int rxFrameSizeBytes;
    private final int retireBlockTimeoutMs;
    private final boolean receive;
    private final TxMode txMode;
    private final int txFrameSizeBytes;
    private final int txFrameCount;
    private final int txLargeFrameCount;
    private final boolean qdiscBypass;
    private final boolean vnetHeader;
    private final boolean ignoreOutgoing;
    private final boolean promiscuous;
    private final int fanoutGroupId;
    private final FanoutMode fanoutMode;
    private final int socketBufferBytes;
    private final boolean lockRingMemory;
    private final boolean oversizeCopy;
    private final int oversizeBufferCount;

    private AfPacketConfig(final Builder b)
    {
        ringVersion = b.ringVersion;
        rxBlockSizeBytes = b.rxBlockSizeBytes;
        rxBlockCount = b.rxBlockCount;
        rxFrameSizeBytes = b.rxFrameSizeBytes;
        retireBlockTimeoutMs = b.retireBlockTimeoutMs;
        receive = b.receive;
        txMode = b.txMode;
        txFrameSizeBytes = b.txFrameSizeBytes;
        txFrameCount = b.txFrameCount;
        txLargeFrameCount = b.txLargeFrameCount;
        qdiscBypass = b.qdiscBypass;
        vnetHeader = b.vnetHeader;
        ignoreOutgoing = b.ignoreOutgoing;
        promiscuous = b.promiscuous;
        fanoutGroupId = b.fanoutGroupId;
        fanoutMode = b.fanoutMode;
        socketBufferBytes = b.socketBufferBytes;
        lockRingMemory = b.lockRingMemory;
        oversizeCopy = b.oversizeCopy;
        oversizeBufferCount = b.oversizeBufferCount;
    }

    /**
     * @return the defaults.
     */
    public static AfPacketConfig defaults()
    {
        return DEFAULTS;
    }

    /**
     * @return a builder holding the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return a builder holding this configuration.
     */
    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /**
     * @return ring layout of the receive ring and of the transmit ring (see {@link RingVersion} for the latency
     * trade-off).
     */
    public RingVersion ringVersion()
    {
        return ringVersion;
    }

    /**
     * @return bytes per receive ring block: a multiple of the page size. With V3 a block is the unit handed
     * between kernel and user space, so it bounds the batch; with V2 it only groups frame slots.
     */
    public int rxBlockSizeBytes()
    {
        return rxBlockSizeBytes;
    }

    /**
     * @return receive ring blocks. {@code rxBlockSizeBytes * rxBlockCount} is the burst the port absorbs
     * while the worker is busy; past it the kernel drops (counted as ring drops).
     */
    public int rxBlockCount()
    {
        return rxBlockCount;
    }

    /**
     * @return bytes per V2 receive slot, headers included (about 80 bytes of ring header and padding precede
     * the frame). Frames longer than the slot take the oversize path.
     */
    public int rxFrameSizeBytes()
    {
        return rxFrameSizeBytes;
    }

    /**
     * @return V3 block retire timer in milliseconds: the longest a frame waits in a partly filled block, i.e.
     * the added latency at low rates. Ignored with V2.
     */
    public int retireBlockTimeoutMs()
    {
        return retireBlockTimeoutMs;
    }

    /**
     * @return true to receive; false for a transmit-only port (a generator), which then has no receive ring.
     */
    public boolean receive()
    {
        return receive;
    }

    /**
     * @return how frames are transmitted.
     */
    public TxMode txMode()
    {
        return txMode;
    }

    /**
     * @return bytes per TX ring slot including the slot header (32 bytes for V2, 48 for V3) and the
     * virtio-net header. Longer frames (GSO super-frames, with the virtio-net header only) leave through
     * {@code send()} on a second socket, or through the large-slot ring ({@link #txLargeFrameCount()}).
     */
    public int txFrameSizeBytes()
    {
        return txFrameSizeBytes;
    }

    /**
     * @return TX ring slots: frames in flight between flush and completion by the kernel.
     */
    public int txFrameCount()
    {
        return txFrameCount;
    }

    /**
     * @return TX_RING mode with a virtio-net header: slots of a second TX ring, each holding a 64 KiB GSO
     * super-frame, for frames longer than {@link #txFrameSizeBytes()} (64 slots: 4.3 MiB). 0 sends such frames
     * with one {@code send()} each instead. A ring saves the copy into a socket buffer, but a veth copies ring
     * pages again when it forwards (skb_orphan_frags), and there the ring measured slower.
     */
    public int txLargeFrameCount()
    {
        return txLargeFrameCount;
    }

    /**
     * @return true to send with PACKET_QDISC_BYPASS (straight to the driver; frames then do not show in
     * {@code tcpdump} on the sending interface and skip traffic control).
     */
    public boolean qdiscBypass()
    {
        return qdiscBypass;
    }

    /**
     * @return true to receive and send a virtio-net header (PACKET_VNET_HDR) with every frame, so that
     * partial checksums and GSO super-frames from veth or a NIC with offloads pass through unchanged and the
     * transmitting kernel completes them. Needed to forward traffic of hosts with default offloads.
     */
    public boolean vnetHeader()
    {
        return vnetHeader;
    }

    /**
     * @return true to set PACKET_IGNORE_OUTGOING, so the receive ring never gets the frames sent on the
     * interface (the gateway's own transmissions included).
     */
    public boolean ignoreOutgoing()
    {
        return ignoreOutgoing;
    }

    /**
     * @return true to put the interface into promiscuous mode for the socket's lifetime
     * (PACKET_MR_PROMISC): a bump-in-the-wire must see frames addressed to other MACs.
     */
    public boolean promiscuous()
    {
        return promiscuous;
    }

    /**
     * @return PACKET_FANOUT group id in [0, 65535] shared by the workers that open the same interface, or -1
     * for no fanout.
     */
    public int fanoutGroupId()
    {
        return fanoutGroupId;
    }

    /**
     * @return how the fanout group spreads frames.
     */
    public FanoutMode fanoutMode()
    {
        return fanoutMode;
    }

    /**
     * @return SO_RCVBUF / SO_SNDBUF in bytes (forced past the sysctl maximum when CAP_NET_ADMIN allows): the
     * receive side holds oversize frames for {@link #oversizeCopy()}, the send side bounds the bytes in
     * flight.
     */
    public int socketBufferBytes()
    {
        return socketBufferBytes;
    }

    /**
     * @return true to map rings with MAP_LOCKED | MAP_POPULATE. Off by default: ring pages are kernel pages
     * inserted when mapping, never swapped, so locking only adds a RLIMIT_MEMLOCK check.
     */
    public boolean lockRingMemory()
    {
        return lockRingMemory;
    }

    /**
     * @return V2 only: set PACKET_COPY_THRESH so that a frame longer than a slot is also queued whole to the
     * socket (TP_STATUS_COPY) and the port reads it with {@code recv()}; otherwise it arrives truncated and
     * is flagged so.
     */
    public boolean oversizeCopy()
    {
        return oversizeCopy;
    }

    /**
     * @return buffers of 64 KiB for oversize frames received in one batch; a batch stops early when they are
     * all in use.
     */
    public int oversizeBufferCount()
    {
        return oversizeBufferCount;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "AfPacketConfig{ringVersion=" + ringVersion +
            ", rxBlockSizeBytes=" + rxBlockSizeBytes +
            ", rxBlockCount=" + rxBlockCount +
            ", rxFrameSizeBytes=" + rxFrameSizeBytes +
            ", retireBlockTimeoutMs=" + retireBlockTimeoutMs +
            ", receive=" + receive +
            ", txMode=" + txMode +
            ", txFrameSizeBytes=" + txFrameSizeBytes +
            ", txFrameCount=" + txFrameCount +
            ", txLargeFrameCount=" + txLargeFrameCount +
            ", qdiscBypass=" + qdiscBypass +
            ", vnetHeader=" + vnetHeader +
            ", ignoreOutgoing=" + ignoreOutgoing +
            ", promiscuous=" + promiscuous +
            ", fanoutGroupId=" + fanoutGroupId +
            ", fanoutMode=" + fanoutMode +
            ", socketBufferBytes=" + socketBufferBytes +
            ", lockRingMemory=" + lockRingMemory +
            ", oversizeCopy=" + oversizeCopy +
            ", oversizeBufferCount=" + oversizeBufferCount + '}';
    }

    /**
     * Mutable builder of an {@link AfPacketConfig}; setters return {@code this}.
     */
    public static final class Builder
    {
        private RingVersion ringVersion = RING_VERSION_DEFAULT;
        private int rxBlockSizeBytes = RX_BLOCK_SIZE_BYTES_DEFAULT;
        private int rxBlockCount = RX_BLOCK_COUNT_DEFAULT;
        private int rxFrameSizeBytes = RX_FRAME_SIZE_BYTES_DEFAULT;
        private int retireBlockTimeoutMs = RETIRE_BLOCK_TIMEOUT_MS_DEFAULT;
        private boolean receive = true;
        private TxMode txMode = TX_MODE_DEFAULT;
        private int txFrameSizeBytes = TX_FRAME_SIZE_BYTES_DEFAULT;
        private int txFrameCount = TX_FRAME_COUNT_DEFAULT;
        private int txLargeFrameCount = TX_LARGE_FRAME_COUNT_DEFAULT;
        private boolean qdiscBypass = QDISC_BYPASS_DEFAULT;
        private boolean vnetHeader = VNET_HEADER_DEFAULT;
        private boolean ignoreOutgoing = IGNORE_OUTGOING_DEFAULT;
        private boolean promiscuous = PROMISCUOUS_DEFAULT;
        private int fanoutGroupId = FANOUT_GROUP_ID_DEFAULT;
        private FanoutMode fanoutMode = FanoutMode.HASH;
        private int socketBufferBytes = SOCKET_BUFFER_BYTES_DEFAULT;
        private boolean lockRingMemory;
        private boolean oversizeCopy = true;
        private int oversizeBufferCount = OVERSIZE_BUFFER_COUNT_DEFAULT;

        private Builder()
        {
        }

        private Builder(final AfPacketConfig c)
        {
            ringVersion = c.ringVersion;
            rxBlockSizeBytes = c.rxBlockSizeBytes;
            rxBlockCount = c.rxBlockCount;
            rxFrameSizeBytes = c.rxFrameSizeBytes;
            retireBlockTimeoutMs = c.retireBlockTimeoutMs;
            receive = c.receive;
            txMode = c.txMode;
            txFrameSizeBytes = c.txFrameSizeBytes;
            txFrameCount = c.txFrameCount;
            txLargeFrameCount = c.txLargeFrameCount;
            qdiscBypass = c.qdiscBypass;
            vnetHeader = c.vnetHeader;
            ignoreOutgoing = c.ignoreOutgoing;
            promiscuous = c.promiscuous;
            fanoutGroupId = c.fanoutGroupId;
            fanoutMode = c.fanoutMode;
            socketBufferBytes = c.socketBufferBytes;
            lockRingMemory = c.lockRingMemory;
            oversizeCopy = c.oversizeCopy;
            oversizeBufferCount = c.oversizeBufferCount;
        }

        /**
         * @param version see {@link AfPacketConfig#ringVersion()}.
         * @return this.
         */
        public Builder ringVersion(final RingVersion version)
        {
            this.ringVersion = version;
            return this;
        }

        /**
         * @param bytes see {@link AfPacketConfig#rxBlockSizeBytes()}.
         * @return this.
         */
        public Builder rxBlockSizeBytes(final int bytes)
        {
            this.rxBlockSizeBytes = bytes;
            return this;
        }

        /**
         * @param count see {@link AfPacketConfig#rxBlockCount()}.
         * @return this.
         */
        public Builder rxBlockCount(final int count)
        {
            this.rxBlockCount = count;
            return this;
        }

        /**
         * @param bytes see {@link AfPacketConfig#rxFrameSizeBytes()}.
         * @return this.
         */
        public Builder rxFrameSizeBytes(final int bytes)
        {
            this.rxFrameSizeBytes = bytes;
            return this;
        }

        /**
         * @param timeoutMs see {@link AfPacketConfig#retireBlockTimeoutMs()}.
         * @return this.
         */
        public Builder retireBlockTimeoutMs(final int timeoutMs)
        {
            this.retireBlockTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * @param enabled see {@link AfPacketConfig#receive()}.
         * @return this.
         */
        public Builder receive(final boolean enabled)
        {
            this.receive = enabled;
            return this;
        }

        /**
         * @param mode see {@link AfPacketConfig#txMode()}.
         * @return this.
         */
        public Builder txMode(final TxMode mode)
        {
            this.txMode = mode;
            return this;
        }

        /**
         * @param bytes see {@link AfPacketConfig#txFrameSizeBytes()}.
         * @return this.
         */
        public Builder txFrameSizeBytes(final int bytes)
        {
            this.txFrameSizeBytes = bytes;
            return this;
        }

        /**
         * @param count see {@link AfPacketConfig#txFrameCount()}.
         * @return this.
         */
        public Builder txFrameCount(final int count)
        {
            this.txFrameCount = count;
            return this;
        }

        /**
         * @param count see {@link AfPacketConfig#txLargeFrameCount()}.
         * @return this.
         */
        public Builder txLargeFrameCount(final int count)
        {
            this.txLargeFrameCount = count;
            return this;
        }

        /**
         * @param bypass see {@link AfPacketConfig#qdiscBypass()}.
         * @return this.
         */
        public Builder qdiscBypass(final boolean bypass)
        {
            this.qdiscBypass = bypass;
            return this;
        }

        /**
         * @param enabled see {@link AfPacketConfig#vnetHeader()}.
         * @return this.
         */
        public Builder vnetHeader(final boolean enabled)
        {
            this.vnetHeader = enabled;
            return this;
        }

        /**
         * @param ignore see {@link AfPacketConfig#ignoreOutgoing()}.
         * @return this.
         */
        public Builder ignoreOutgoing(final boolean ignore)
        {
            this.ignoreOutgoing = ignore;
            return this;
        }

        /**
         * @param enabled see {@link AfPacketConfig#promiscuous()}.
         * @return this.
         */
        public Builder promiscuous(final boolean enabled)
        {
            this.promiscuous = enabled;
            return this;
        }

        /**
         * @param groupId see {@link AfPacketConfig#fanoutGroupId()}.
         * @param mode    see {@link AfPacketConfig#fanoutMode()}.
         * @return this.
         */
        public Builder fanout(final int groupId, final FanoutMode mode)
        {
            this.fanoutGroupId = groupId;
            this.fanoutMode = mode;
            return this;
        }

        /**
         * @param bytes see {@link AfPacketConfig#socketBufferBytes()}.
         * @return this.
         */
        public Builder socketBufferBytes(final int bytes)
        {
            this.socketBufferBytes = bytes;
            return this;
        }

        /**
         * @param lock see {@link AfPacketConfig#lockRingMemory()}.
         * @return this.
         */
        public Builder lockRingMemory(final boolean lock)
        {
            this.lockRingMemory = lock;
            return this;
        }

        /**
         * @param enabled see {@link AfPacketConfig#oversizeCopy()}.
         * @return this.
         */
        public Builder oversizeCopy(final boolean enabled)
        {
            this.oversizeCopy = enabled;
            return this;
        }

        /**
         * @param count see {@link AfPacketConfig#oversizeBufferCount()}.
         * @return this.
         */
        public Builder oversizeBufferCount(final int count)
        {
            this.oversizeBufferCount = count;
            return this;
        }

        /**
         * @return the configuration.
         * @throws IllegalArgumentException for a value out of range.
         */
        public AfPacketConfig build()
        {
            if (null == ringVersion || null == txMode || null == fanoutMode)
            {
                throw new IllegalArgumentException("ringVersion, txMode and fanoutMode must be set");
            }
            if (retireBlockTimeoutMs < 1)
            {
                throw new IllegalArgumentException("retireBlockTimeoutMs must be at least 1: " + retireBlockTimeoutMs);
            }
            if (fanoutGroupId < -1 || fanoutGroupId > 0xFFFF)
            {
                throw new IllegalArgumentException("fanoutGroupId must be -1 or in [0, 65535]: " + fanoutGroupId);
            }
            if (socketBufferBytes <= 0 || oversizeBufferCount < 0 || txFrameCount <= 0 || txLargeFrameCount < 0)
            {
                throw new IllegalArgumentException("socketBufferBytes and txFrameCount must be positive, " +
                    "oversizeBufferCount and txLargeFrameCount not negative");
            }
            return new AfPacketConfig(this);
        }
    }
}
