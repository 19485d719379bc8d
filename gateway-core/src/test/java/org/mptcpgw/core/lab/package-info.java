/**
 * Network lab test harness: {@link org.mptcpgw.core.lab.Lab} drives {@code scripts/lab.sh} (five network namespaces,
 * real MPTCP), {@link org.mptcpgw.core.lab.LabTest} brings a lab up around a test class or test, and
 * {@link org.mptcpgw.core.lab.RequiresRoot} skips tests that need root. Shared with other modules' tests through the
 * gateway-core test-jar.
 */
package org.mptcpgw.core.lab;
