package org.mptcpgw.core.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a network lab. {@link LabExtension} brings a lab with a random id up before the
 * class (or before each test, see {@link #perTest()}), injects it as a {@link Lab} parameter (test methods,
 * lifecycle methods, constructors) and takes it down afterwards, also when tests or setup fail. Skipped with a clear
 * message when not root or when a tool is missing. Tagged "lab".
 *
 * <pre>{@code
 * @LabTest(mode = LabMode.BRIDGE)
 * class BridgeLabTest
 * {
 *     @Test
 *     void shouldPing(final Lab lab) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("lab")
@ExtendWith(LabExtension.class)
public @interface LabTest
{
    /**
     * The gw mode the lab is brought up in.
     *
     * @return the mode, inline by default.
     */
    LabMode mode() default LabMode.INLINE;

    /**
     * Further {@code lab.sh up} options, e.g. {@code {"--two-addresses", "--rate", "10mbit"}}.
     *
     * @return options, none by default.
     */
    String[] options() default {};

    /**
     * Variables for lab.sh, as {@code NAME=value}, e.g. {@code "LAB_RUN_DIR=/tmp/labs"}.
     *
     * @return variables, none by default.
     */
    String[] environment() default {};

    /**
     * One lab per test method instead of one per test class.
     *
     * @return true for a fresh lab around every test.
     */
    boolean perTest() default false;
}
