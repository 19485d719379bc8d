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
 * A test (class or method) that needs root with CAP_NET_ADMIN, e.g. an AF_PACKET test that creates its own
 * namespaces; skipped with a clear message otherwise. Tagged "root".
 */
@Documented
@Inherited
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@ExtendWith(RequiresRootCondition.class)
public @interface RequiresRoot
{
}
