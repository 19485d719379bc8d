package org.mptcpgw.core.nativeio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrnoTest
{
    @Test
    void shouldGiveTheMessageAndTheSymbolicName()
    {
        assertEquals("Cannot allocate memory (ENOMEM)", Errno.describe(LinuxConstants.ENOMEM));
        assertEquals("Operation not permitted (EPERM)", Errno.describe(LinuxConstants.EPERM));
        assertEquals("errno 4095", Errno.name(4095));
    }

    @Test
    void shouldSaveErrnoOfAFailedCall()
    {
        assertEquals(-1, Native.libc().close(-1));
        assertEquals(LinuxConstants.EBADF, Native.errno());
        assertEquals("Bad file descriptor (EBADF)", Native.lastErrorText());
    }
}
