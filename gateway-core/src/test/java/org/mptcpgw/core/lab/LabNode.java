package org.mptcpgw.core.lab;

/**
 * The five nodes of a lab, each a network namespace named {@code mgw-<id>-<node>}.
 */
public enum LabNode
{
    /** The LAN host (h0 192.0.2.2/24). */
    HOST("host"),
    /** The gateway (lan, wan1, wan2), where the userspace gateway runs in inline mode. */
    GW("gw"),
    /** The first ISP router (i1g towards gw, i1s towards the server), shaped both ways. */
    ISP1("isp1"),
    /** The second ISP router (i2g 198.51.100.1/26 towards gw, i2s towards the server), shaped both ways. */
    ISP2("isp2"),
    /** The server (service address 203.0.113.100 on lo, MPTCP iperf3 on port 5201). */
    SERVER("server");

    private final String nodeName;

    LabNode(final String nodeName)
    {
        this.nodeName = nodeName;
    }

    /**
     * Name of the node as lab.sh spells it.
     *
     * @return e.g. "isp1".
     */
    public String nodeName()
    {
        return nodeName;
    }
}
