package org.mptcpgw.core.pipeline;

import org.mptcpgw.core.port.FrameVector;

/**
 * One small step of the pipeline, run over the frames of a vector that were queued for it (VPP graph node,
 * Snabb app). A stage looks at each frame it is given and hands it on exactly once: to a later stage with
 * {@link StageGraph#enqueue(int, int)}, to a port with {@link StageGraph#transmit(int, int)}, to the gateway itself
 * with {@link StageGraph#consume(int, int)}, or to the drop stage with {@link StageGraph#drop(int, int, DropReason)}.
 * <p>
 * Stages run on the worker thread that owns them, never allocate in {@link #process}, and never throw for bad
 * input: a frame the stage cannot handle is dropped with a reason the stage declared.
 */
public interface Stage
{
    /**
     * @return short name of the stage, used in counters and logs (lowercase, e.g. "classify").
     */
    String name();

    /**
     * @return names of the stages this stage may enqueue frames to; they must come later in the graph.
     */
    String[] nextStages();

    /**
     * @return the reasons for which this stage may drop a frame; a counter is allocated for each.
     */
    DropReason[] dropReasons();

    /**
     * Called once when the graph is built.
     *
     * @param graph the graph the stage belongs to, to resolve the ids of next stages.
     * @param id    id of this stage in the graph.
     */
    void onAttach(StageGraph graph, int id);

    /**
     * Process the frames queued for this stage.
     *
     * @param frames  the vector holding the frames.
     * @param indices indices into the vector of the frames queued for this stage.
     * @param count   number of valid entries in {@code indices}.
     * @param nowNs   time of the current duty cycle.
     */
    void process(FrameVector frames, int[] indices, int count, long nowNs);
}
