package org.mptcpgw.core.lab;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link LabTest}: lab lifecycle around a test class or test, {@link Lab} parameter
 * injection, and skipping when the lab cannot run here.
 *
 * <p>The lab is put into the JUnit store before it is brought up, so the store closes it (which takes it down) even
 * when {@code up} fails halfway or {@code afterAll} is never reached; {@code afterAll}/{@code afterEach} take it down
 * explicitly first. The lab id is published as report entry {@value #LAB_ID_ENTRY} so runs can be traced.
 */
public final class LabExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver
{
    /** Report entry key carrying the id of a lab the extension brought up. */
    public static final String LAB_ID_ENTRY = "mgw.lab.id";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabExtension.class);

    /**
     * Skip when not root or when a tool is missing.
     *
     * @param context the class or test.
     * @return enabled, or disabled with the reason.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context)
    {
        final Optional<String> reason = LabPreconditions.labUnavailableReason();
        return reason.isPresent() ? ConditionEvaluationResult.disabled(reason.get()) :
            ConditionEvaluationResult.enabled("root and lab tools present");
    }

    /**
     * Bring the class's lab up (unless it is per test or an enclosing class already has one).
     *
     * @param context the test class.
     */
    @Override
    public void beforeAll(final ExtensionContext context)
    {
        final LabTest config = config(context);
        if (!config.perTest() && find(context).isEmpty())
        {
            start(context, config);
        }
    }

    /**
     * Take the class's lab down.
     *
     * @param context the test class.
     */
    @Override
    public void afterAll(final ExtensionContext context)
    {
        stop(context);
    }

    /**
     * Bring a fresh lab up for a per-test configuration.
     *
     * @param context the test.
     */
    @Override
    public void beforeEach(final ExtensionContext context)
    {
        final LabTest config = config(context);
        if (config.perTest() && ownLab(context) == null)
        {
            start(context, config);
        }
    }

    /**
     * Take a per-test lab down.
     *
     * @param context the test.
     */
    @Override
    public void afterEach(final ExtensionContext context)
    {
        stop(context);
    }

    /**
     * {@link Lab} parameters are resolved.
     *
     * @param parameterContext the parameter.
     * @param extensionContext the test or class.
     * @return true for a {@link Lab} parameter.
     */
    @Override
    public boolean supportsParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext)
    {
        return parameterContext.getParameter().getType() == Lab.class;
    }

    /**
     * The lab of the nearest test, class or enclosing class that has one.
     *
     * @param parameterContext the parameter.
     * @param extensionContext the test or class.
     * @return the lab.
     */
    @Override
    public Object resolveParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext)
    {
        return find(extensionContext).orElseThrow(() -> new ParameterResolutionException(
            "no lab here: with @LabTest(perTest = true) a Lab is only available to test methods and @BeforeEach"));
    }

    private static void start(final ExtensionContext context, final LabTest config)
    {
        final Lab lab = Lab.create();
        for (final String variable : config.environment())
        {
            final int eq = variable.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("@LabTest environment entry is not NAME=value: " + variable);
            }
            lab.environment(variable.substring(0, eq), variable.substring(eq + 1));
        }
        context.getStore(NAMESPACE).put(key(context), lab);
        context.publishReportEntry(LAB_ID_ENTRY, lab.id());
        lab.up(config.mode(), config.options());
    }

    private static void stop(final ExtensionContext context)
    {
        final Lab lab = context.getStore(NAMESPACE).remove(key(context), Lab.class);
        if (lab != null)
        {
            lab.down();
        }
    }

    private static Lab ownLab(final ExtensionContext context)
    {
        return context.getStore(NAMESPACE).get(key(context), Lab.class);
    }

    private static Optional<Lab> find(final ExtensionContext context)
    {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
            current = current.get().getParent())
        {
            final Lab lab = ownLab(current.get());
            if (lab != null)
            {
                return Optional.of(lab);
            }
        }
        return Optional.empty();
    }

    private static String key(final ExtensionContext context)
    {
        return "lab:" + context.getUniqueId();
    }

    private static LabTest config(final ExtensionContext context)
    {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
            current = current.get().getParent())
        {
            final Optional<AnnotatedElement> element = current.get().getElement();
            if (element.isPresent())
            {
                final Optional<LabTest> config = AnnotationSupport.findAnnotation(element.get(), LabTest.class);
                if (config.isPresent())
                {
                    return config.get();
                }
            }
        }
        throw new IllegalStateException("LabExtension needs @LabTest on the test class: " + context.getUniqueId());
    }
}
