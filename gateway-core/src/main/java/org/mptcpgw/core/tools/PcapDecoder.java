package org.mptcpgw.core.tools;

import org.agrona.concurrent.UnsafeBuffer;
import org.mptcpgw.core.mptcp.MptcpCrypto;
import org.mptcpgw.core.mptcp.MptcpOptionParser;
import org.mptcpgw.core.mptcp.MptcpOptions;
import org.mptcpgw.core.packet.EthernetFlyweight;
import org.mptcpgw.core.packet.IpProtocol;
import org.mptcpgw.core.packet.Ipv4Flyweight;
import org.mptcpgw.core.packet.Ipv6Flyweight;
import org.mptcpgw.core.packet.LinuxCookedFlyweight;
import org.mptcpgw.core.packet.PacketParser;
import org.mptcpgw.core.packet.ParsedPacket;
import org.mptcpgw.core.packet.TcpFlyweight;
import org.mptcpgw.core.packet.TcpOptions;
import org.mptcpgw.core.pcap.PcapLinkTypes;
import org.mptcpgw.core.pcap.PcapReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Prints every frame of a capture (Ethernet, Linux cooked or raw IP) as one JSON object per line: frame number,
 * capture time, link type, addresses, ports, TCP flags, sequence and acknowledgment numbers, window, TCP options,
 * and every MPTCP option with its decoded fields (each kind-30 option is decoded on its own, so repeated
 * subtypes all appear). For every MPTCP key the token and IDSN are printed: for an MP_CAPABLE key those of the
 * option's version; for the MP_FASTCLOSE key, whose option carries no version, both the v0 (SHA-1) and the v1
 * (SHA-256) variants.
 * <p>
 * Key order is fixed. 64-bit sequence numbers and IDSNs are unsigned decimal numbers; keys, tokens, nonces and
 * HMACs are hexadecimal strings. Frames the parser rejects carry {@code "status"} with the reason and the fields
 * parsed before the problem. Captures cut by a snap length are decoded as far as they go ({@code "truncated"}).
 * <p>
 * The lead wires this into the CLI as {@code mptcp-gateway decode FILE.pcap}; {@link #main} is for testing.
 */
public final class PcapDecoder
{
    private final PacketParser parser = new PacketParser().allowTruncated(true);
    private final ParsedPacket packet = new ParsedPacket();
    private final MptcpOptions mptcp = new MptcpOptions();
    private final MptcpCrypto crypto = new MptcpCrypto();
    private final JsonLineWriter json = new JsonLineWriter();

    /**
     * Decode a capture file.
     *
     * @param pcap capture file.
     * @param out  where the JSON lines go.
     * @return number of frames decoded.
     * @throws IOException if the file cannot be read or its link type is not supported.
     */
    public int decode(final Path pcap, final PrintStream out) throws IOException
    {
        int frames = 0;
        try (PcapReader reader = PcapReader.open(pcap))
        {
            if (-1 == reader.linkType())
            {
                throw new IOException(pcap + ": unsupported link type DLT " + reader.dlt());
            }
            while (reader.next())
            {
                frames++;
                out.println(decodeFrame(reader));
            }
        }
        return frames;
    }

    private String decodeFrame(final PcapReader reader)
    {
        final byte[] frame = reader.frame();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final int linkType = reader.linkType();
        parser.parse(linkType, buffer, 0, frame.length, packet);
        final long ns = reader.timestampNs();

        json.reset().beginObject()
            .field("frame", reader.frameCount())
            .field("time", Math.floorDiv(ns, 1_000_000_000L) + "." + pad9(Math.floorMod(ns, 1_000_000_000L)))
            .field("link", PcapLinkTypes.name(linkType))
            .field("length", reader.originalLength())
            .field("captured", frame.length)
            .field("status", packet.status().name());
        if (packet.truncated())
        {
            json.field("truncated", true);
        }
        link(buffer, linkType);
        if (4 == packet.ipVersion() || 6 == packet.ipVersion())
        {
            ip(buffer);
            transport(buffer);
        }
        else if (0 != packet.arpOperation())
        {
            json.beginObject("arp")
                .field("op", packet.arpOperation())
                .field("sender", Ipv4Flyweight.addressToString(packet.arpSenderAddress()))
                .field("target", Ipv4Flyweight.addressToString(packet.arpTargetAddress()))
                .endObject();
        }
        return json.endObject().toString();
    }

    private void link(final UnsafeBuffer buffer, final int linkType)
    {
        if (ParsedPacket.LINK_ETHERNET == linkType && buffer.capacity() >= EthernetFlyweight.MIN_HEADER_LENGTH)
        {
            json.field("ethSrc", EthernetFlyweight.macToString(EthernetFlyweight.mac(buffer, 6)))
                .field("ethDst", EthernetFlyweight.macToString(EthernetFlyweight.mac(buffer, 0)));
        }
        else if (ParsedPacket.LINK_LINUX_SLL == linkType &&
            buffer.capacity() >= LinuxCookedFlyweight.MIN_HEADER_LENGTH)
        {
            json.field("sllPacketType", LinuxCookedFlyweight.packetType(buffer, 0));
        }
        if (0 != packet.etherType())
        {
            json.hexField("etherType", packet.etherType(), 4);
        }
        if (packet.vlanCount() > 0)
        {
            json.beginArray("vlan").value(packet.outerVlanId());
            if (packet.vlanCount() > 1)
            {
                json.value(packet.innerVlanId());
            }
            json.endArray();
        }
    }

    private void ip(final UnsafeBuffer buffer)
    {
        json.field("ipVersion", packet.ipVersion());
        if (4 == packet.ipVersion())
        {
            json.field("src", Ipv4Flyweight.addressToString(packet.ipv4Source()))
                .field("dst", Ipv4Flyweight.addressToString(packet.ipv4Destination()))
                .field("ipId", packet.fragmentId())
                .field("df", packet.dontFragment());
        }
        else if (packet.ipv6SourceOffset() >= 0)
        {
            json.field("src", Ipv6Flyweight.addressToString(buffer, packet.ipv6SourceOffset()))
                .field("dst", Ipv6Flyweight.addressToString(buffer, packet.ipv6DestinationOffset()));
            if (packet.ipv6ExtensionCount() > 0)
            {
                json.field("extensionHeaders", packet.ipv6ExtensionCount());
            }
        }
        json.field("ttl", packet.ttl())
            .field("ipLength", packet.ipTotalLength());
        if (packet.protocol() >= 0)
        {
            json.field("protocol", packet.protocol());
        }
        if (packet.fragment())
        {
            json.field("fragmentOffset", packet.fragmentOffset()).field("moreFragments", packet.moreFragments());
        }
    }

    private void transport(final UnsafeBuffer buffer)
    {
        if (packet.l4Offset() < 0 || packet.nonFirstFragment())
        {
            return;
        }
        final int protocol = packet.protocol();
        if (IpProtocol.TCP == protocol && packet.tcpHeaderLength() > 0)
        {
            json.field("srcPort", packet.sourcePort())
                .field("dstPort", packet.destinationPort())
                .hexField("tcpFlags", packet.tcpFlags(), 3)
                .field("tcpFlagsText", TcpFlyweight.flagsToString(packet.tcpFlags()))
                .fieldUnsigned("seq", packet.tcpSequence() & 0xFFFF_FFFFL)
                .fieldUnsigned("ack", packet.tcpAcknowledgment() & 0xFFFF_FFFFL)
                .field("window", packet.tcpWindow())
                .field("tcpHeaderLength", packet.tcpHeaderLength())
                .field("payloadLength", packet.payloadLength());
            tcpOptions(buffer);
        }
        else if (IpProtocol.UDP == protocol && packet.payloadOffset() >= 0)
        {
            json.field("srcPort", packet.sourcePort())
                .field("dstPort", packet.destinationPort())
                .field("payloadLength", packet.payloadLength());
        }
        else if (packet.icmpType() >= 0)
        {
            icmp(buffer);
        }
    }

    private void tcpOptions(final UnsafeBuffer buffer)
    {
        final TcpOptions options = packet.tcpOptions();
        json.beginObject("tcpOptions");
        if (options.has(TcpOptions.MSS))
        {
            json.field("mss", options.mss());
        }
        if (options.has(TcpOptions.WINDOW_SCALE))
        {
            json.field("wscale", options.windowScale());
        }
        if (options.has(TcpOptions.SACK_PERMITTED))
        {
            json.field("sackPermitted", true);
        }
        if (options.sackBlockCount() > 0)
        {
            json.beginArray("sack");
            for (int i = 0; i < options.sackBlockCount(); i++)
            {
                json.value(options.sackLeft(i) & 0xFFFF_FFFFL).value(options.sackRight(i) & 0xFFFF_FFFFL);
            }
            json.endArray();
        }
        if (options.has(TcpOptions.TIMESTAMPS))
        {
            json.fieldUnsigned("tsval", options.timestampValue() & 0xFFFF_FFFFL)
                .fieldUnsigned("tsecr", options.timestampEcho() & 0xFFFF_FFFFL);
        }
        if (options.unknownCount() > 0)
        {
            json.field("unknown", options.unknownCount());
        }
        if (options.malformedCount() > 0)
        {
            json.field("malformed", options.malformedCount());
        }
        if (options.truncated())
        {
            json.field("truncated", true);
        }
        json.endObject();
        if (options.mptcpCount() > 0)
        {
            json.beginArray("mptcp");
            for (int i = 0; i < options.mptcpCount(); i++)
            {
                mptcpOption(buffer, options.mptcpOffset(i), options.mptcpLength(i));
            }
            json.endArray();
        }
    }

    private void mptcpOption(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int result = MptcpOptionParser.parseOne(buffer, offset, length, packet.tcpFlags(), mptcp);
        json.beginObject().field("length", length);
        if (MptcpOptionParser.RESULT_MALFORMED == result)
        {
            json.field("subtype", "MALFORMED").field("valid", false).endObject();
            return;
        }
        final int subtype = (buffer.getByte(offset + 2) & 0xF0) >>> 4;
        json.field("subtype", MptcpOptions.subtypeName(subtype)).field("subtypeId", subtype);
        if (result < 0)
        {
            json.field("valid", false);
            if (MptcpOptionParser.RESULT_INVALID == result)
            {
                json.field("error", "length does not match subtype, version and flags");
            }
            json.endObject();
            return;
        }
        json.field("valid", true);
        switch (subtype)
        {
            case MptcpOptions.SUBTYPE_MP_CAPABLE:
                capable();
                break;
            case MptcpOptions.SUBTYPE_MP_JOIN:
                join();
                break;
            case MptcpOptions.SUBTYPE_DSS:
                dss();
                break;
            case MptcpOptions.SUBTYPE_ADD_ADDR:
                addAddr();
                break;
            case MptcpOptions.SUBTYPE_REMOVE_ADDR:
                json.beginArray("addressIds");
                for (int i = 0; i < mptcp.removeCount(); i++)
                {
                    json.value(mptcp.removeId(i));
                }
                json.endArray();
                break;
            case MptcpOptions.SUBTYPE_MP_PRIO:
                json.field("backup", mptcp.prioBackup());
                if (mptcp.prioAddressId() >= 0)
                {
                    json.field("addressId", mptcp.prioAddressId());
                }
                break;
            case MptcpOptions.SUBTYPE_MP_FAIL:
                json.fieldUnsigned("dsn", mptcp.failDsn());
                break;
            case MptcpOptions.SUBTYPE_MP_FASTCLOSE:
                json.hexField("receiverKey", mptcp.fastCloseKey(), 16);
                keyDerived("", mptcp.fastCloseKey(), -1);
                break;
            default:
                json.hexField("flags", mptcp.tcpRstFlags(), 1)
                    .field("transient", 0 != (mptcp.tcpRstFlags() & MptcpOptions.TCPRST_FLAG_T))
                    .field("reason", mptcp.tcpRstReason());
                break;
        }
        json.endObject();
    }

    private void capable()
    {
        final int version = mptcp.capableVersion();
        json.field("version", version)
            .hexField("flags", mptcp.capableFlags(), 2)
            .field("checksumRequired", 0 != (mptcp.capableFlags() & MptcpOptions.CAPABLE_FLAG_A));
        if (mptcp.capableKeyCount() > 0)
        {
            json.hexField("senderKey", mptcp.capableSenderKey(), 16);
            keyDerived("sender", mptcp.capableSenderKey(), version);
        }
        if (mptcp.capableKeyCount() > 1)
        {
            json.hexField("receiverKey", mptcp.capableReceiverKey(), 16);
            keyDerived("receiver", mptcp.capableReceiverKey(), version);
        }
        if (mptcp.capableHasDataLength())
        {
            json.field("dataLevelLength", mptcp.capableDataLength());
        }
        if (mptcp.capableHasChecksum())
        {
            json.hexField("checksum", mptcp.capableChecksum(), 4);
        }
    }

    private void keyDerived(final String prefix, final long key, final int version)
    {
        if (version >= 0)
        {
            crypto.hashKey(key, version);
            json.hexField(name(prefix, "Token"), crypto.token() & 0xFFFF_FFFFL, 8)
                .fieldUnsigned(name(prefix, "Idsn"), crypto.idsn());
            return;
        }
        crypto.hashKey(key, MptcpCrypto.VERSION_0);
        json.hexField(name(prefix, "TokenV0"), crypto.token() & 0xFFFF_FFFFL, 8)
            .fieldUnsigned(name(prefix, "IdsnV0"), crypto.idsn());
        crypto.hashKey(key, MptcpCrypto.VERSION_1);
        json.hexField(name(prefix, "TokenV1"), crypto.token() & 0xFFFF_FFFFL, 8)
            .fieldUnsigned(name(prefix, "IdsnV1"), crypto.idsn());
    }

    private static String name(final String prefix, final String suffix)
    {
        return prefix.isEmpty() ? Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1) : prefix + suffix;
    }

    private void join()
    {
        final int length = mptcp.joinLength();
        if (24 == length)
        {
            final StringBuilder hex = new StringBuilder(40);
            for (final byte b : mptcp.joinHmac())
            {
                hex.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            json.field("hmac", hex.toString());
            return;
        }
        json.field("backup", mptcp.joinBackup()).field("addressId", mptcp.joinAddressId());
        if (12 == length)
        {
            json.hexField("token", mptcp.joinToken() & 0xFFFF_FFFFL, 8);
        }
        else
        {
            json.hexField("truncatedHmac", mptcp.joinTruncatedHmac(), 16);
        }
        json.hexField("nonce", mptcp.joinNonce() & 0xFFFF_FFFFL, 8);
    }

    private void dss()
    {
        json.hexField("flags", mptcp.dssFlags(), 2);
        if (mptcp.dssHasDataAck())
        {
            json.fieldUnsigned("dataAck", mptcp.dssDataAck()).field("dataAck64", mptcp.dssDataAck64());
        }
        if (mptcp.dssHasMapping())
        {
            json.fieldUnsigned("dsn", mptcp.dssDsn())
                .field("dsn64", mptcp.dssDsn64())
                .fieldUnsigned("ssn", mptcp.dssSsn() & 0xFFFF_FFFFL)
                .field("dataLevelLength", mptcp.dssDataLength());
            if (mptcp.dssHasChecksum())
            {
                json.hexField("checksum", mptcp.dssChecksum(), 4);
            }
        }
        json.field("dataFin", mptcp.dssDataFin());
    }

    private void addAddr()
    {
        json.field("version", mptcp.addAddrVersion())
            .field("echo", mptcp.addAddrEcho())
            .field("addressId", mptcp.addAddrId())
            .field("ipVersion", mptcp.addAddrIpVersion());
        if (4 == mptcp.addAddrIpVersion())
        {
            json.field("address", Ipv4Flyweight.addressToString(mptcp.addAddrIpv4()));
        }
        else
        {
            final UnsafeBuffer address = new UnsafeBuffer(new byte[16]);
            address.putLong(0, mptcp.addAddrIpv6High(), ByteOrder.BIG_ENDIAN);
            address.putLong(8, mptcp.addAddrIpv6Low(), ByteOrder.BIG_ENDIAN);
            json.field("address", Ipv6Flyweight.addressToString(address, 0));
        }
        if (mptcp.addAddrHasPort())
        {
            json.field("port", mptcp.addAddrPort());
        }
        if (mptcp.addAddrHasHmac())
        {
            json.hexField("hmac", mptcp.addAddrHmac(), 16);
        }
    }

    private void icmp(final UnsafeBuffer buffer)
    {
        json.beginObject("icmp")
            .field("type", packet.icmpType())
            .field("code", packet.icmpCode());
        if (packet.icmpError())
        {
            if (0 != packet.icmpMtu())
            {
                json.fieldUnsigned("mtu", packet.icmpMtu() & 0xFFFF_FFFFL);
            }
            if (packet.innerL3Offset() >= 0)
            {
                json.beginObject("inner").field("ipVersion", packet.innerIpVersion());
                if (4 == packet.innerIpVersion())
                {
                    json.field("src", Ipv4Flyweight.addressToString(packet.innerIpv4Source()))
                        .field("dst", Ipv4Flyweight.addressToString(packet.innerIpv4Destination()));
                }
                else
                {
                    json.field("src", Ipv6Flyweight.addressToString(buffer, packet.innerIpv6SourceOffset()))
                        .field("dst", Ipv6Flyweight.addressToString(buffer, packet.innerIpv6DestinationOffset()));
                }
                json.field("protocol", packet.innerProtocol());
                if (packet.innerL4Offset() >= 0 &&
                    (IpProtocol.TCP == packet.innerProtocol() || IpProtocol.UDP == packet.innerProtocol()))
                {
                    json.field("srcPort", packet.innerSourcePort()).field("dstPort", packet.innerDestinationPort());
                }
                json.endObject();
            }
        }
        else
        {
            json.field("id", packet.icmpIdentifier()).field("seq", packet.icmpSequence());
        }
        json.endObject();
    }

    private static String pad9(final long value)
    {
        final String s = Long.toString(value);
        return "000000000".substring(s.length()) + s;
    }

    /**
     * Decode the captures named on the command line to standard output.
     *
     * @param args capture files.
     */
    public static void main(final String[] args)
    {
        if (0 == args.length)
        {
            System.err.println("usage: PcapDecoder FILE.pcap...");
            System.exit(2);
        }
        final PcapDecoder decoder = new PcapDecoder();
        for (final String arg : args)
        {
            try
            {
                decoder.decode(Paths.get(arg), System.out);
            }
            catch (final IOException ex)
            {
                System.err.println(ex.getMessage());
                System.exit(1);
            }
        }
        System.out.flush();
    }
}
