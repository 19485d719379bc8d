package org.mptcpgw.core.port.afpacket;

import org.junit.jupiter.api.Test;
import org.mptcpgw.core.nativeio.LinuxConstants;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TpacketLayoutTest
{
    @Test
    void shouldDeriveHeaderLengthsAsTheKernelDoes()
    {
        assertEquals(TpacketLayout.tpacketAlign(TpacketLayout.TPACKET2_HDR_LENGTH) + TpacketLayout.SOCKADDR_LL_LENGTH,
            TpacketLayout.TPACKET2_HDRLEN);
        assertEquals(TpacketLayout.tpacketAlign(TpacketLayout.TPACKET3_HDR_LENGTH) + TpacketLayout.SOCKADDR_LL_LENGTH,
            TpacketLayout.TPACKET3_HDRLEN);
        assertEquals(32, TpacketLayout.V2_TX_DATA_OFFSET);
        assertEquals(48, TpacketLayout.V3_TX_DATA_OFFSET);
        assertEquals(48, TpacketLayout.tpacketAlign(33));
    }

    @Test
    void shouldPutTheProtocolInNetworkOrder()
    {
        assertEquals(0x0300, LinuxConstants.htons(LinuxConstants.ETH_P_ALL));
        assertEquals(0x0008, LinuxConstants.htons(LinuxConstants.ETH_P_IP));
    }
}
