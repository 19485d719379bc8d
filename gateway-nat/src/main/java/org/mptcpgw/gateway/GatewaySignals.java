package org.mptcpgw.gateway;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * SIGHUP for "reload the configuration", the Unix convention operators expect. The JDK's only handle on signals is
 * {@code sun.misc.Signal} (module jdk.unsupported, exported and supported at run time); it is reached by reflection
 * because javac reports any direct use as proprietary API, which this build's {@code -Werror} refuses.
 * SIGTERM and SIGINT need nothing: they run the JVM's shutdown hooks, which close the gateway.
 */
public final class GatewaySignals
{
    private GatewaySignals()
    {
    }

    /**
     * Run an action on every SIGHUP (on the JVM's signal dispatch thread).
     *
     * @param action what to do.
     * @return true if the handler was installed.
     */
    public static boolean onHangup(final Runnable action)
    {
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            final InvocationHandler invocation = (proxy, method, args) ->
            {
                if ("handle".equals(method.getName()))
                {
                    action.run();
                }
                return null;
            };
            final Object handler = Proxy.newProxyInstance(
                GatewaySignals.class.getClassLoader(), new Class<?>[]{handlerClass}, invocation);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return false;
        }
    }
}
