package org.mptcpgw.bench.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineRigTest
{
    static final long SEED = 0x7E57_0001L;

    @ParameterizedTest
    @EnumSource(TrafficMix.class)
    void shouldOpenEveryFlowAndForwardEveryMixWithoutDrops(final TrafficMix mix)
    {
        try (PipelineRig rig = PipelineRig.create(2000, mix, SEED))
        {
            assertEquals(2000, rig.sessions(), "one session per subflow");
            assertEquals(1000, rig.trackedConnections(), "every MP_CAPABLE handshake tracked");
            final String summary = rig.verify();
            assertTrue(summary.contains("dropped=0"), summary);
            assertEquals(0, rig.framesDropped());
        }
    }

    @Test
    void shouldProcessOneFullBatchPerDutyCycle()
    {
        try (PipelineRig rig = PipelineRig.create(1000, TrafficMix.MIXED, SEED))
        {
            for (int i = 0; i < 12; i++)
            {
                final long before = rig.framesProcessed();
                final long txBefore = rig.framesTransmitted();
                rig.doWork();
                assertEquals(PipelineRig.BATCH, rig.framesProcessed() - before, "cycle " + i);
                assertEquals(PipelineRig.BATCH, rig.framesTransmitted() - txBefore, "cycle " + i);
            }
        }
    }

    @Test
    void shouldReplayFullSizedDataOnlyInTheMixedTraffic()
    {
        try (PipelineRig mixed = PipelineRig.create(1000, TrafficMix.MIXED, SEED);
            PipelineRig small = PipelineRig.create(1000, TrafficMix.SMALL, SEED))
        {
            final double mixedAverage = (double)mixed.templateBytes() / (3 * mixed.templatesPerPort());
            final double smallAverage = (double)small.templateBytes() / (3 * small.templatesPerPort());
            // Two thirds of 1514-byte segments and one third of 60-byte ACKs: about 1030 bytes on average.
            assertTrue(mixedAverage > 900 && mixedAverage < 1100, "mixed average " + mixedAverage);
            assertTrue(smallAverage >= 60 && smallAverage < 64, "small average " + smallAverage);
        }
    }

    @Test
    void shouldRefuseFlowCountsItCannotOpen()
    {
        assertThrows(IllegalArgumentException.class, () -> PipelineRig.create(2, TrafficMix.MIXED, SEED));
        assertThrows(IllegalArgumentException.class,
            () -> PipelineRig.create(PipelineRig.MAX_FLOWS + 2, TrafficMix.MIXED, SEED));
    }

    @Test
    void shouldNameMixesAsJmhParametersDo()
    {
        for (final TrafficMix mix : TrafficMix.values())
        {
            assertEquals(mix, TrafficMix.of(mix.label()));
        }
        assertThrows(IllegalArgumentException.class, () -> TrafficMix.of("jumbo"));
    }
}
