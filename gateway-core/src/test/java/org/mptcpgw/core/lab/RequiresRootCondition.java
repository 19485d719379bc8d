package org.mptcpgw.core.lab;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Condition behind {@link RequiresRoot}: enabled only with CAP_NET_ADMIN and CAP_SYS_ADMIN.
 */
public final class RequiresRootCondition implements ExecutionCondition
{
    /**
     * Skip unless root.
     *
     * @param context the class or test.
     * @return enabled, or disabled with {@link LabPreconditions#NEEDS_ROOT}.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context)
    {
        final Optional<String> reason = LabPreconditions.rootMissingReason();
        return reason.isPresent() ? ConditionEvaluationResult.disabled(reason.get()) :
            ConditionEvaluationResult.enabled("running with CAP_NET_ADMIN");
    }
}
