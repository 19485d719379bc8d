package org.mptcpgw.gateway.pipeline;

import org.mptcpgw.core.pipeline.DropReason;
import org.mptcpgw.core.pipeline.StageGraph;
import org.mptcpgw.core.port.FrameVector;

/**
 * The bump-in-the-wire: frames the gateway does not steer pass unchanged between the LAN port and the port of the
 * primary path (the link the LAN's router sits on), as a two-port bridge would pass them. Shared by the stages that
 * decide a frame is not theirs.
 */
final class Bridge
{
    private final GatewayContext context;
    private StageGraph graph;

    Bridge(final GatewayContext context)
    {
        this.context = context;
    }

    void attach(final StageGraph graph)
    {
        this.graph = graph;
    }

    /**
     * @param port a port index.
     * @return true for the LAN port and the primary path's port.
     */
    boolean isBridged(final int port)
    {
        return GatewayContext.LAN_PORT == port || GatewayContext.portOf(context.paths.primary()) == port;
    }

    /**
     * @param port the receiving port.
     * @return the other side of the bridge, or -1 if the port is not bridged.
     */
    int peer(final int port)
    {
        final int primaryPort = GatewayContext.portOf(context.paths.primary());
        if (GatewayContext.LAN_PORT == port)
        {
            return primaryPort;
        }
        return primaryPort == port ? GatewayContext.LAN_PORT : -1;
    }

    /**
     * Pass a frame unchanged to the other side of the bridge, or drop it when its port is not bridged.
     *
     * @param frames  the vector.
     * @param i       frame index.
     * @param reason  reason if it cannot be bridged.
     * @param stageId stage that decides.
     */
    void bridgeOrDrop(final FrameVector frames, final int i, final DropReason reason, final int stageId)
    {
        final int peer = peer(frames.rxPort(i));
        if (peer < 0)
        {
            graph.drop(i, stageId, reason);
        }
        else
        {
            graph.transmit(i, peer);
        }
    }
}
