package org.mptcpgw.gateway.golden;

import org.mptcpgw.core.mptcp.MptcpCrypto;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.Icmpv4Flyweight;
import org.mptcpgw.core.packet.TcpFlyweight;

import java.util.ArrayList;
import java.util.List;

import static org.mptcpgw.gateway.pipeline.TestFrames.GW1;
import static org.mptcpgw.gateway.pipeline.TestFrames.GW2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST2;
import static org.mptcpgw.gateway.pipeline.TestFrames.HOST_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.KEY_A;
import static org.mptcpgw.gateway.pipeline.TestFrames.KEY_B;
import static org.mptcpgw.gateway.pipeline.TestFrames.LAN_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER1;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER1_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER2;
import static org.mptcpgw.gateway.pipeline.TestFrames.ROUTER2_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.SERVER;
import static org.mptcpgw.gateway.pipeline.TestFrames.WAN2_MAC;
import static org.mptcpgw.gateway.pipeline.TestFrames.arp;
import static org.mptcpgw.gateway.pipeline.TestFrames.echo;
import static org.mptcpgw.gateway.pipeline.TestFrames.fragments;
import static org.mptcpgw.gateway.pipeline.TestFrames.icmpError;
import static org.mptcpgw.gateway.pipeline.TestFrames.mpCapableAck;
import static org.mptcpgw.gateway.pipeline.TestFrames.mpCapableSyn;
import static org.mptcpgw.gateway.pipeline.TestFrames.mpCapableSynAck;
import static org.mptcpgw.gateway.pipeline.TestFrames.mpJoinSyn;
import static org.mptcpgw.gateway.pipeline.TestFrames.mpJoinSynAck;
import static org.mptcpgw.gateway.pipeline.TestFrames.mss;
import static org.mptcpgw.gateway.pipeline.TestFrames.tcp;
import static org.mptcpgw.gateway.pipeline.TestFrames.udp;
import static org.mptcpgw.gateway.pipeline.TestFrames.withIdentification;
import static org.mptcpgw.gateway.pipeline.TestFrames.withoutDf;

/**
 * The inputs of the golden tests: a configuration and a frame sequence per scenario. Frames from an uplink carry the
 * ISP router's MAC as source (that is how the replay knows their port); LAN frames go to the host's router MAC.
 */
final class GoldenScenarios
{
    static final int SYN = TcpFlyweight.SYN;
    static final int ACK = TcpFlyweight.ACK;
    static final int FIN = TcpFlyweight.FIN;
    static final int PSH = TcpFlyweight.PSH;
    static final int RST = TcpFlyweight.RST;
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** Port the NAT gives the first join from the host: the inside port, preserved (RFC 4787 REQ-2 spirit). */
    static final int JOIN_PORT = 40002;

    private GoldenScenarios()
    {
    }

    static String config(final String scenario)
    {
        final StringBuilder c = new StringBuilder(String.join("\n",
            "lan.interface=lan",
            "path.isp1.interface=wan1",
            "path.isp1.role=primary",
            "path.isp1.address=192.0.2.254",
            "path.isp1.next-hop=192.0.2.1",
            "path.isp1.next-hop-mac=02:00:00:00:01:02",
            "path.isp2.interface=wan2",
            "path.isp2.address=198.51.100.2",
            "path.isp2.next-hop=198.51.100.1",
            "path.isp2.next-hop-mac=02:00:00:00:02:02",
            "nat.port-range=1024-65535",
            "journal.enabled=false",
            "metrics.enabled=false"));
        if ("ttl-and-mtu".equals(scenario))
        {
            c.append("\npath.isp2.mtu=1400");
        }
        if ("fragments".equals(scenario))
        {
            c.append("\npath.isp2.mtu=1400");
        }
        if ("section-2.1-pinned-sources".equals(scenario) || "hairpin-udp".equals(scenario) ||
            "ttl-and-mtu".equals(scenario) || "fragments".equals(scenario))
        {
            c.append("\npath.isp2.sources=192.0.2.3/32");
        }
        return c.append('\n').toString();
    }

    static List<byte[]> frames(final String scenario)
    {
        return switch (scenario)
        {
            case "mptcp-join-on-second-path" -> mptcpJoin();
            case "plain-tcp-passthrough" -> plainPassthrough();
            case "arp" -> arpScenario();
            case "icmp-errors" -> icmpErrors();
            case "ttl-and-mtu" -> ttlAndMtu();
            case "bad-input" -> badInput();
            case "section-2.1-pinned-sources" -> pinnedSources();
            case "hairpin-udp" -> hairpin();
            case "fragments" -> fragmentScenario();
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    private static List<byte[]> mptcpJoin()
    {
        final List<byte[]> f = new ArrayList<>();
        final int token = new MptcpCrypto().token(KEY_B, 1);
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0, mpCapableSyn(), 0, 64));
        f.add(tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 5201, 40000, SYN | ACK, 7000, 1001, mpCapableSynAck(KEY_B), 0,
            62));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, ACK, 1001, 7001, mpCapableAck(KEY_A, KEY_B), 0,
            64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, ACK | PSH, 1001, 7001, null, 100, 64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, JOIN_PORT, 5201, SYN, 2000, 0, mpJoinSyn(token, false), 0,
            64));
        f.add(tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, JOIN_PORT, SYN | ACK, 9000, 2001, mpJoinSynAck(), 0, 62));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, JOIN_PORT, 5201, ACK, 2001, 9001, null, 0, 64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, JOIN_PORT, 5201, ACK | PSH, 2001, 9001, null, 1200, 64));
        f.add(tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, JOIN_PORT, ACK | PSH, 9001, 3201, null, 500, 62));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, JOIN_PORT, 5201, FIN | ACK, 3201, 9501, null, 0, 64));
        f.add(tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, JOIN_PORT, FIN | ACK, 9501, 3202, null, 0, 62));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, RST | ACK, 1101, 7001, null, 0, 64));
        return f;
    }

    private static List<byte[]> plainPassthrough()
    {
        final List<byte[]> f = new ArrayList<>();
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 41000, 80, SYN, 500, 0, mss(1460), 0, 64));
        f.add(tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 80, 41000, SYN | ACK, 800, 501, mss(1460), 0, 62));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 41000, 80, ACK | PSH, 501, 801, null, 300, 64));
        f.add(tcp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 80, 41000, ACK | PSH, 801, 801, null, 1400, 62));
        f.add(udp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 5353, 53, 40, 64));
        f.add(udp(HOST_MAC, ROUTER1_MAC, SERVER, HOST, 53, 5353, 120, 62));
        f.add(echo(ROUTER1_MAC, HOST_MAC, HOST, SERVER, Icmpv4Flyweight.TYPE_ECHO_REQUEST, 0x77, 1, 64));
        f.add(echo(HOST_MAC, ROUTER1_MAC, SERVER, HOST, Icmpv4Flyweight.TYPE_ECHO_REPLY, 0x77, 1, 62));
        // Mid-stream segment of a flow that began before the gateway: passes as a wire would.
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 42000, 443, ACK, 9999, 8888, null, 10, 64));
        return f;
    }

    private static List<byte[]> arpScenario()
    {
        final List<byte[]> f = new ArrayList<>();
        f.add(arp(BROADCAST, ROUTER2_MAC, 1, ROUTER2_MAC, ROUTER2, 0, GW2));
        f.add(arp(BROADCAST, HOST_MAC, 1, HOST_MAC, HOST, 0, GW1));
        f.add(arp(BROADCAST, HOST_MAC, 1, HOST_MAC, HOST, 0, ROUTER1));
        f.add(arp(HOST_MAC, ROUTER1_MAC, 2, ROUTER1_MAC, ROUTER1, HOST_MAC, HOST));
        f.add(arp(BROADCAST, ROUTER2_MAC, 1, ROUTER2_MAC, ROUTER2, 0, 0xC6336403));
        final byte[] bad = arp(BROADCAST, ROUTER2_MAC, 1, ROUTER2_MAC, ROUTER2, 0, GW2);
        bad[EthernetFlyweight.MIN_HEADER_LENGTH + 4] = 8; // hardware length 8: not Ethernet
        f.add(bad);
        return f;
    }

    private static List<byte[]> icmpErrors()
    {
        final List<byte[]> f = new ArrayList<>();
        final byte[] join = tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, JOIN_PORT, 5201, SYN, 2000, 0,
            mpJoinSyn(0x0BADCAFE, false), 0, 64);
        f.add(join);
        final byte[] joinOut = natted(join, GW2, JOIN_PORT);
        f.add(icmpError(WAN2_MAC, ROUTER2_MAC, ROUTER2, GW2, Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE,
            Icmpv4Flyweight.CODE_FRAGMENTATION_NEEDED, 1400, joinOut, 48));
        f.add(icmpError(WAN2_MAC, ROUTER2_MAC, ROUTER2, GW2, Icmpv4Flyweight.TYPE_TIME_EXCEEDED, 0, 0, joinOut, 28));
        final byte[] unknown = natted(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 45000, 5201, SYN, 1, 0, null, 0, 64),
            GW2, 45000);
        f.add(icmpError(WAN2_MAC, ROUTER2_MAC, ROUTER2, GW2, Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE,
            Icmpv4Flyweight.CODE_PORT_UNREACHABLE, 0, unknown, 28));
        final byte[] badChecksum = icmpError(WAN2_MAC, ROUTER2_MAC, ROUTER2, GW2,
            Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE, Icmpv4Flyweight.CODE_PORT_UNREACHABLE, 0, joinOut, 28);
        badChecksum[badChecksum.length - 1] ^= 0x5A;
        f.add(badChecksum);
        f.add(echo(WAN2_MAC, ROUTER2_MAC, ROUTER2, GW2, Icmpv4Flyweight.TYPE_ECHO_REQUEST, 0x99, 3, 64));
        f.add(echo(LAN_MAC, HOST_MAC, HOST, GW1, Icmpv4Flyweight.TYPE_ECHO_REQUEST, 0x98, 4, 64));
        return f;
    }

    /** The frame as the gateway sends it on isp2: source rewritten (checksums recomputed by rebuilding). */
    private static byte[] natted(final byte[] lanFrame, final int outsideIp, final int outsidePort)
    {
        final org.agrona.concurrent.UnsafeBuffer b = new org.agrona.concurrent.UnsafeBuffer(lanFrame);
        final int seq = b.getInt(14 + 20 + 4, java.nio.ByteOrder.BIG_ENDIAN);
        final int flags = b.getByte(14 + 20 + 13) & 0xFF;
        final int dport = b.getShort(14 + 20 + 2, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int hlen = ((b.getByte(14 + 20 + 12) & 0xFF) >>> 4) * 4;
        final byte[] options = new byte[hlen - 20];
        b.getBytes(14 + 20 + 20, options);
        return tcp(ROUTER2_MAC, WAN2_MAC, outsideIp, SERVER, outsidePort, dport, flags, seq, 0,
            options.length > 0 ? options : null, 0, 63);
    }

    private static List<byte[]> ttlAndMtu()
    {
        final List<byte[]> f = new ArrayList<>();
        // Placed on isp2 (pinned source) with TTL 1: the gateway routes there, so it answers time exceeded.
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, JOIN_PORT, 5201, SYN, 2000, 0, mpJoinSyn(0x0BADCAFE, false), 0,
            1));
        // From the address pinned to isp2 (MTU 1400): the SYN's MSS 1460 is clamped to 1360.
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 40003, 5201, SYN, 3000, 0, mss(1460), 0, 64));
        // Too big for isp2 with DF: fragmentation needed back to the host (RFC 1191); a smaller one passes.
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 40003, 5201, ACK | PSH, 3001, 1, null, 1460, 64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 40003, 5201, ACK | PSH, 3001, 1, null, 1300, 64));
        return f;
    }

    private static List<byte[]> badInput()
    {
        final List<byte[]> f = new ArrayList<>();
        final byte[] shortIhl = udp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1000, 53, 20, 64);
        shortIhl[14] = 0x43;
        f.add(shortIhl);
        final byte[] badVersion = udp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1000, 53, 20, 64);
        badVersion[14] = 0x65;
        f.add(badVersion);
        final byte[] longTotal = udp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1000, 53, 20, 64);
        longTotal[16] = 0x7F;
        f.add(longTotal);
        final byte[] badDataOffset = tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1000, 80, SYN, 1, 0, null, 0, 64);
        badDataOffset[14 + 20 + 12] = 0x10;
        f.add(badDataOffset);
        final byte[] truncated = new byte[30];
        System.arraycopy(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1000, 80, SYN, 1, 0, null, 0, 64), 0, truncated, 0,
            30);
        f.add(truncated);
        final byte[] badOptions = tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 1001, 80, SYN, 1, 0,
            new byte[]{30, 1, 0, 0}, 0, 64);
        f.add(badOptions);
        f.add(tcp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 5201, 23456, ACK, 1, 1, null, 0, 62));
        f.add(tcp(WAN2_MAC, ROUTER2_MAC, SERVER, 0xC6336409, 5201, 23456, ACK, 1, 1, null, 0, 62));
        return f;
    }

    private static List<byte[]> pinnedSources()
    {
        final List<byte[]> f = new ArrayList<>();
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, SERVER, 40000, 5201, SYN, 1000, 0, mpCapableSyn(), 0, 64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 40001, 5201, SYN, 2000, 0, mpJoinSyn(0x1234, false), 0, 64));
        f.add(udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 6000, 7000, 64, 64));
        f.add(udp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 7000, 6000, 64, 62));
        f.add(echo(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, Icmpv4Flyweight.TYPE_ECHO_REQUEST, 0x4242, 1, 64));
        f.add(echo(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, Icmpv4Flyweight.TYPE_ECHO_REPLY, 0x4242, 1, 62));
        return f;
    }

    private static List<byte[]> hairpin()
    {
        final List<byte[]> f = new ArrayList<>();
        // HOST2 (pinned to isp2) opens a UDP mapping 198.51.100.2:6000; HOST reaches it through the gateway.
        f.add(udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 6000, 7000, 32, 64));
        f.add(udp(ROUTER1_MAC, HOST_MAC, HOST, GW2, 6100, 6000, 32, 64));
        f.add(udp(ROUTER1_MAC, HOST_MAC, HOST2, GW2, 6000, 6100, 32, 64));
        // The same for TCP (RFC 5382 REQ-8): HOST2's connection gets mapping 198.51.100.2:6200, HOST connects to it.
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 6200, 80, SYN, 100, 0, null, 0, 64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST, GW2, 6300, 6200, SYN, 500, 0, mss(1460), 0, 64));
        f.add(tcp(ROUTER1_MAC, HOST_MAC, HOST2, GW2, 6200, 6300, SYN | ACK, 900, 501, mss(1460), 0, 64));
        // HOST2 says port unreachable about HOST's hairpinned datagram (from 198.51.100.2:6100, HOST's mapping, to
        // HOST2:6000, as HOST2 received it): the error goes out and back in, to HOST (RFC 5508 REQ-7).
        f.add(icmpError(ROUTER1_MAC, HOST_MAC, HOST2, GW2, Icmpv4Flyweight.TYPE_DESTINATION_UNREACHABLE,
            Icmpv4Flyweight.CODE_PORT_UNREACHABLE, 0, udp(HOST_MAC, ROUTER1_MAC, GW2, HOST2, 6100, 6000, 32, 63),
            28));
        return f;
    }

    private static List<byte[]> fragmentScenario()
    {
        final List<byte[]> f = new ArrayList<>();
        // HOST2 (pinned to isp2, path MTU 1400) sends a 2000-byte datagram without DF: translated, then fragmented
        // into 1396 + 624 bytes (RFC 4787 REQ-13).
        f.add(withoutDf(udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 6000, 7000, 2000 - 28, 64)));
        // The answer in three fragments, the later two first (RFC 4787 REQ-14): they are held, then released with
        // the first, which carries the ports, all to HOST2:6000.
        final List<byte[]> answer = fragments(udp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 7000, 6000, 2400 - 8, 60),
            1000);
        f.add(answer.get(2));
        f.add(answer.get(1));
        f.add(answer.get(0));
        // HOST2 again, already in fragments at its own 1500-byte MTU: the first is fragmented again for the path,
        // the second takes the first's session.
        for (final byte[] fragment : fragments(withIdentification(udp(ROUTER1_MAC, HOST_MAC, HOST2, SERVER, 6000, 7000,
            2400 - 8, 64), 0x2222), 1480))
        {
            f.add(fragment);
        }
        // A later fragment whose first never comes: held, and still held when the capture ends.
        f.add(fragments(withIdentification(udp(WAN2_MAC, ROUTER2_MAC, SERVER, GW2, 7000, 6000, 2400 - 8, 60),
            0x3333), 1000).get(1));
        return f;
    }
}
