package org.mptcpgw.core.nativeio;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Loads the C library bindings once per JVM. The instances are thread-safe: JNR-FFI keeps errno per thread.
 */
public final class Native
{
    private static final class Holder
    {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final LibCFast FAST = LibraryLoader.create(LibCFast.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private Native()
    {
    }

    /**
     * @return the setup and control-plane binding (saves errno).
     */
    public static LibC libc()
    {
        return Holder.LIBC;
    }

    /**
     * @return the data-path binding (does not save errno).
     */
    public static LibCFast fast()
    {
        return Holder.FAST;
    }

    /**
     * @return errno of the last failed {@link LibC} call on the calling thread.
     */
    public static int errno()
    {
        return Holder.RUNTIME.getLastError();
    }

    /**
     * @return {@link Errno#describe(int)} of the last failed {@link LibC} call on the calling thread.
     */
    public static String lastErrorText()
    {
        return Errno.describe(errno());
    }
}
