package org.mptcpgw.core.pipeline;

import org.mptcpgw.core.port.FrameVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed directed acyclic graph of {@link Stage stages} that runs a vector of frames to completion.
 * <p>
 * Each stage has a queue of frame indices. {@link #run(FrameVector, long)} queues every frame for the first stage
 * and then runs the stages in the order they were added; a stage may only enqueue to a stage added after it, so one
 * pass finishes every frame. Frames leave through {@link #transmit}, {@link #consume} or {@link #drop}, each of which
 * the graph hands to a {@link FrameSink}. The graph checks the ownership invariant: after a run, every frame of the
 * vector left exactly once (counted as a violation otherwise, and reported by {@link #invariantViolations()}).
 */
public final class StageGraph
{
    /**
     * Receives frames leaving the graph; implemented by the worker (which owns ports and counters).
     */
    public interface FrameSink
    {
        /**
         * Transmit a frame on a port (copy into the port's transmit slot).
         *
         * @param frames vector holding the frame.
         * @param index  frame index.
         * @param port   port index to transmit on.
         */
        void onTransmit(FrameVector frames, int index, int port);

        /**
         * The gateway consumed the frame itself (e.g. an ARP reply for its own address).
         *
         * @param frames  vector holding the frame.
         * @param index   frame index.
         * @param stageId stage that consumed it.
         */
        void onConsume(FrameVector frames, int index, int stageId);

        /**
         * The frame is dropped.
         *
         * @param frames  vector holding the frame.
         * @param index   frame index.
         * @param stageId stage that dropped it.
         * @param reason  why.
         */
        void onDrop(FrameVector frames, int index, int stageId, DropReason reason);
    }

    private static final byte PENDING = 0;
    private static final byte DONE = 1;

    private final List<Stage> stages = new ArrayList<>();
    private final Map<String, Integer> idByName = new HashMap<>();
    private int[][] queues;
    private int[] queueCounts;
    private boolean[][] allowedNext;
    private byte[] disposition;
    private final FrameSink sink;
    private final int vectorCapacity;
    private boolean built;
    private int currentStage = -1;
    private FrameVector currentFrames;
    private long invariantViolations;
    private org.agrona.concurrent.status.AtomicCounter[] stageCounters;

    /**
     * @param sink           where frames leaving the graph go.
     * @param vectorCapacity capacity of the vectors the graph will run.
     */
    public StageGraph(final FrameSink sink, final int vectorCapacity)
    {
        this.sink = sink;
        this.vectorCapacity = vectorCapacity;
    }

    /**
     * Add a stage after all stages added so far.
     *
     * @param stage the stage.
     * @return this for a fluent API.
     */
    public StageGraph add(final Stage stage)
    {
        if (built)
        {
            throw new IllegalStateException("graph already built");
        }
        if (idByName.containsKey(stage.name()))
        {
            throw new IllegalArgumentException("duplicate stage name: " + stage.name());
        }
        idByName.put(stage.name(), stages.size());
        stages.add(stage);
        return this;
    }

    /**
     * Check that every stage only names later stages as next, allocate the queues and attach the stages.
     *
     * @return this for a fluent API.
     */
    public StageGraph build()
    {
        final int n = stages.size();
        queues = new int[n][vectorCapacity];
        queueCounts = new int[n];
        allowedNext = new boolean[n][n];
        disposition = new byte[vectorCapacity];
        for (int i = 0; i < n; i++)
        {
            for (final String next : stages.get(i).nextStages())
            {
                final Integer id = idByName.get(next);
                if (null == id)
                {
                    throw new IllegalStateException(
                        "stage " + stages.get(i).name() + " names unknown next stage " + next);
                }
                if (id <= i)
                {
                    throw new IllegalStateException(
                        "stage " + stages.get(i).name() + " names earlier stage " + next +
                        " as next: the graph must be acyclic");
                }
                allowedNext[i][id] = true;
            }
        }
        built = true;
        for (int i = 0; i < n; i++)
        {
            stages.get(i).onAttach(this, i);
        }
        return this;
    }

    /**
     * @param name stage name.
     * @return id of the stage.
     * @throws IllegalArgumentException if there is no such stage.
     */
    public int stageId(final String name)
    {
        final Integer id = idByName.get(name);
        if (null == id)
        {
            throw new IllegalArgumentException("no stage named " + name);
        }
        return id;
    }

    /**
     * @param id stage id.
     * @return the stage.
     */
    public Stage stage(final int id)
    {
        return stages.get(id);
    }

    /**
     * Counters of frames processed per stage, indexed by stage id (optional).
     *
     * @param counters one counter per stage.
     */
    public void stageCounters(final org.agrona.concurrent.status.AtomicCounter[] counters)
    {
        this.stageCounters = counters.clone();
    }

    /**
     * @return number of stages.
     */
    public int stageCount()
    {
        return stages.size();
    }

    /**
     * Run every frame of the vector through the graph.
     *
     * @param frames the vector, as filled by the ports.
     * @param nowNs  time of the current duty cycle.
     */
    public void run(final FrameVector frames, final long nowNs)
    {
        final int count = frames.count();
        if (0 == count)
        {
            return;
        }
        currentFrames = frames;
        final int[] first = queues[0];
        for (int i = 0; i < count; i++)
        {
            first[i] = i;
        }
        Arrays.fill(disposition, 0, count, PENDING);
        queueCounts[0] = count;
        final int n = stages.size();
        for (int s = 0; s < n; s++)
        {
            final int queued = queueCounts[s];
            if (queued > 0)
            {
                queueCounts[s] = 0;
                if (null != stageCounters)
                {
                    stageCounters[s].getAndAddRelease(queued);
                }
                currentStage = s;
                stages.get(s).process(frames, queues[s], queued, nowNs);
            }
        }
        currentStage = -1;
        currentFrames = null;
        for (int i = 0; i < count; i++)
        {
            if (DONE != disposition[i])
            {
                invariantViolations++;
                sink.onDrop(frames, i, 0, DropReason.NOT_FORWARDED);
            }
        }
    }

    /**
     * Queue a frame for a later stage.
     *
     * @param stageId id of the next stage (declared in the current stage's {@link Stage#nextStages()}).
     * @param index   frame index.
     */
    public void enqueue(final int stageId, final int index)
    {
        if (currentStage >= 0 && !allowedNext[currentStage][stageId])
        {
            invariantViolations++;
            finish(index);
            sink.onDrop(currentFrames, index, currentStage, DropReason.NOT_FORWARDED);
            return;
        }
        queues[stageId][queueCounts[stageId]++] = index;
    }

    /**
     * Hand a frame to a port for transmission.
     *
     * @param index frame index.
     * @param port  port index.
     */
    public void transmit(final int index, final int port)
    {
        finish(index);
        sink.onTransmit(currentFrames, index, port);
    }

    /**
     * The gateway consumed the frame itself.
     *
     * @param index   frame index.
     * @param stageId the consuming stage.
     */
    public void consume(final int index, final int stageId)
    {
        finish(index);
        sink.onConsume(currentFrames, index, stageId);
    }

    /**
     * Drop a frame.
     *
     * @param index   frame index.
     * @param stageId the dropping stage.
     * @param reason  why.
     */
    public void drop(final int index, final int stageId, final DropReason reason)
    {
        finish(index);
        sink.onDrop(currentFrames, index, stageId, reason);
    }

    private void finish(final int index)
    {
        if (DONE == disposition[index])
        {
            invariantViolations++;
        }
        disposition[index] = DONE;
    }

    /**
     * @return number of times a frame left the graph twice, never, or went to an undeclared stage (a bug).
     */
    public long invariantViolations()
    {
        return invariantViolations;
    }
}
