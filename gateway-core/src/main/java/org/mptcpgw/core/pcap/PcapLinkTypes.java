package org.mptcpgw.core.pcap;

import org.mptcpgw.core.packet.ParsedPacket;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Mapping between pcap link types (the LINKTYPE_ numbers in a file header, as {@link ParsedPacket} uses them)
 * and libpcap's DLT_ values that pcap4j speaks.
 * <p>
 * Raw IP is the one that differs: files carry LINKTYPE_RAW (101), which libpcap reports as DLT_RAW, 12 on Linux
 * (14 on OpenBSD); when writing, DLT_RAW is turned back into 101 in the file header.
 */
public final class PcapLinkTypes
{
    /** DLT_RAW as libpcap reports it on Linux and most systems. */
    public static final int DLT_RAW = 12;
    /** DLT_RAW as OpenBSD numbers it. */
    public static final int DLT_RAW_OPENBSD = 14;

    private PcapLinkTypes()
    {
    }

    /**
     * @param dlt a libpcap DLT_ value.
     * @return the LINKTYPE_ value used by {@link ParsedPacket} (LINK_ETHERNET, LINK_LINUX_SLL, LINK_RAW), or -1
     * for a link type the codecs do not parse.
     */
    public static int fromDlt(final int dlt)
    {
        switch (dlt)
        {
            case 1:
                return ParsedPacket.LINK_ETHERNET;
            case 113:
                return ParsedPacket.LINK_LINUX_SLL;
            case DLT_RAW:
            case DLT_RAW_OPENBSD:
            case ParsedPacket.LINK_RAW:
                return ParsedPacket.LINK_RAW;
            default:
                return -1;
        }
    }

    /**
     * @param linkType LINK_ETHERNET, LINK_LINUX_SLL or LINK_RAW.
     * @return the pcap4j data link type to open a dead handle with.
     */
    public static DataLinkType toDataLinkType(final int linkType)
    {
        switch (linkType)
        {
            case ParsedPacket.LINK_ETHERNET:
                return DataLinkType.EN10MB;
            case ParsedPacket.LINK_LINUX_SLL:
                return DataLinkType.LINUX_SLL;
            case ParsedPacket.LINK_RAW:
                return DataLinkType.RAW;
            default:
                throw new IllegalArgumentException("unsupported link type " + linkType);
        }
    }

    /**
     * @param linkType LINK_ETHERNET, LINK_LINUX_SLL or LINK_RAW.
     * @return a short name: {@code ethernet}, {@code linux_sll} or {@code raw}.
     */
    public static String name(final int linkType)
    {
        switch (linkType)
        {
            case ParsedPacket.LINK_ETHERNET:
                return "ethernet";
            case ParsedPacket.LINK_LINUX_SLL:
                return "linux_sll";
            case ParsedPacket.LINK_RAW:
                return "raw";
            default:
                return "unknown";
        }
    }
}
