package org.mptcpgw.core.port.afpacket;

/**
 * Offsets of the kernel structures shared with a packet ring ({@code include/uapi/linux/if_packet.h}).
 * All fields are in host byte order. Sizes are those of x86-64 and AArch64.
 * <pre>
 * struct tpacket2_hdr (32 bytes, then sockaddr_ll at TPACKET_ALIGN(32) = 32):
 *   0 tp_status u32 | 4 tp_len u32 | 8 tp_snaplen u32 | 12 tp_mac u16 | 14 tp_net u16 |
 *  16 tp_sec u32 | 20 tp_nsec u32 | 24 tp_vlan_tci u16 | 26 tp_vlan_tpid u16 | 28 padding[4]
 *
 * struct tpacket_block_desc (V3 block header):
 *   0 version u32 | 4 offset_to_priv u32 | 8 block_status u32 | 12 num_pkts u32 |
 *  16 offset_to_first_pkt u32 | 20 blk_len u32 | 24 seq_num u64 | 32 ts_first_pkt | 44 ts_last_pkt
 *
 * struct tpacket3_hdr (48 bytes, then sockaddr_ll at 48):
 *   0 tp_next_offset u32 | 4 tp_sec u32 | 8 tp_nsec u32 | 12 tp_snaplen u32 | 16 tp_len u32 |
 *  20 tp_status u32 | 24 tp_mac u16 | 26 tp_net u16 | 28 tp_rxhash u32 | 32 tp_vlan_tci u32 |
 *  36 tp_vlan_tpid u16 | 38 tp_padding u16 | 40 tp_padding[8]
 *
 * struct sockaddr_ll (20 bytes):
 *   0 sll_family u16 | 2 sll_protocol be16 | 4 sll_ifindex s32 | 8 sll_hatype u16 |
 *  10 sll_pkttype u8 | 11 sll_halen u8 | 12 sll_addr[8]
 * </pre>
 * On transmit the frame data starts at {@code tp_hdrlen - sizeof(sockaddr_ll)} from the slot: 32 (V2) or 48
 * (V3), unless PACKET_TX_HAS_OFF is used (it is not).
 */
final class TpacketLayout
{
    /** TPACKET_ALIGNMENT. */
    static final int TPACKET_ALIGNMENT = 16;
    /** sizeof(struct sockaddr_ll). */
    static final int SOCKADDR_LL_LENGTH = 20;
    /** sockaddr_ll sll_family. */
    static final int SLL_FAMILY_OFFSET = 0;
    /** sockaddr_ll sll_protocol (network order). */
    static final int SLL_PROTOCOL_OFFSET = 2;
    /** sockaddr_ll sll_ifindex. */
    static final int SLL_IFINDEX_OFFSET = 4;
    /** sockaddr_ll sll_pkttype. */
    static final int SLL_PKTTYPE_OFFSET = 10;

    /** sizeof(struct tpacket2_hdr). */
    static final int TPACKET2_HDR_LENGTH = 32;
    /** TPACKET2_HDRLEN = TPACKET_ALIGN(sizeof(tpacket2_hdr)) + sizeof(sockaddr_ll). */
    static final int TPACKET2_HDRLEN = 52;
    /** tpacket2_hdr tp_status. */
    static final int V2_STATUS_OFFSET = 0;
    /** tpacket2_hdr tp_len. */
    static final int V2_LEN_OFFSET = 4;
    /** tpacket2_hdr tp_snaplen. */
    static final int V2_SNAPLEN_OFFSET = 8;
    /** tpacket2_hdr tp_mac. */
    static final int V2_MAC_OFFSET = 12;
    /** tpacket2_hdr tp_net. */
    static final int V2_NET_OFFSET = 14;
    /** tpacket2_hdr tp_vlan_tci. */
    static final int V2_VLAN_TCI_OFFSET = 24;
    /** tpacket2_hdr tp_vlan_tpid. */
    static final int V2_VLAN_TPID_OFFSET = 26;
    /** Start of transmitted data in a V2 TX slot. */
    static final int V2_TX_DATA_OFFSET = TPACKET2_HDRLEN - SOCKADDR_LL_LENGTH;

    /** tpacket_block_desc hdr.bh1.block_status. */
    static final int BLOCK_STATUS_OFFSET = 8;
    /** tpacket_block_desc hdr.bh1.num_pkts. */
    static final int BLOCK_NUM_PKTS_OFFSET = 12;
    /** tpacket_block_desc hdr.bh1.offset_to_first_pkt. */
    static final int BLOCK_FIRST_PKT_OFFSET = 16;
    /** tpacket_block_desc hdr.bh1.blk_len. */
    static final int BLOCK_LEN_OFFSET = 20;
    /** tpacket_block_desc hdr.bh1.seq_num. */
    static final int BLOCK_SEQ_NUM_OFFSET = 24;

    /** sizeof(struct tpacket3_hdr). */
    static final int TPACKET3_HDR_LENGTH = 48;
    /** TPACKET3_HDRLEN = TPACKET_ALIGN(sizeof(tpacket3_hdr)) + sizeof(sockaddr_ll). */
    static final int TPACKET3_HDRLEN = 68;
    /** tpacket3_hdr tp_next_offset. */
    static final int V3_NEXT_OFFSET_OFFSET = 0;
    /** tpacket3_hdr tp_snaplen. */
    static final int V3_SNAPLEN_OFFSET = 12;
    /** tpacket3_hdr tp_len. */
    static final int V3_LEN_OFFSET = 16;
    /** tpacket3_hdr tp_status. */
    static final int V3_STATUS_OFFSET = 20;
    /** tpacket3_hdr tp_mac. */
    static final int V3_MAC_OFFSET = 24;
    /** tpacket3_hdr tp_net. */
    static final int V3_NET_OFFSET = 26;
    /** tpacket3_hdr hv1.tp_vlan_tci. */
    static final int V3_VLAN_TCI_OFFSET = 32;
    /** tpacket3_hdr hv1.tp_vlan_tpid. */
    static final int V3_VLAN_TPID_OFFSET = 36;
    /** Start of transmitted data in a V3 TX slot. */
    static final int V3_TX_DATA_OFFSET = TPACKET3_HDRLEN - SOCKADDR_LL_LENGTH;

    /** sizeof(struct tpacket_req): block_size, block_nr, frame_size, frame_nr (u32 each). */
    static final int TPACKET_REQ_LENGTH = 16;
    /** sizeof(struct tpacket_req3): tpacket_req + retire_blk_tov, sizeof_priv, feature_req_word. */
    static final int TPACKET_REQ3_LENGTH = 28;
    /** tpacket_req3 tp_retire_blk_tov. */
    static final int REQ3_RETIRE_BLK_TOV_OFFSET = 16;

    /** sizeof(struct tpacket_stats): tp_packets, tp_drops. */
    static final int TPACKET_STATS_LENGTH = 8;
    /** sizeof(struct tpacket_stats_v3): tp_packets, tp_drops, tp_freeze_q_cnt. */
    static final int TPACKET_STATS_V3_LENGTH = 12;

    /** sizeof(struct packet_mreq): mr_ifindex s32, mr_type u16, mr_alen u16, mr_address[8]. */
    static final int PACKET_MREQ_LENGTH = 16;

    private TpacketLayout()
    {
    }

    /**
     * @param value a length.
     * @return TPACKET_ALIGN(value).
     */
    static int tpacketAlign(final int value)
    {
        return (value + TPACKET_ALIGNMENT - 1) & ~(TPACKET_ALIGNMENT - 1);
    }
}
