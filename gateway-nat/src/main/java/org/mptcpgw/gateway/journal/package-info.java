/**
 * The event journal: forwarding workers hand fixed-layout binary events (NAT sessions, MPTCP connections and
 * subflows, path states) to the journal agent through an Agrona one-to-one ring each, never touching a file; the agent
 * appends one Chronicle Queue document per event, rolls and prunes the cycle files and reports its disk use. The
 * same records are read back by {@link org.mptcpgw.gateway.journal.NatLogQuery} ("who held this outside address and
 * port at this time?") and {@link org.mptcpgw.gateway.journal.JournalReplay} (the state that was live when the
 * previous process stopped, for a warm restart). Record layouts: {@link
 * org.mptcpgw.gateway.journal.JournalRecordFlyweight} and its subclasses; design notes: {@code docs/journal.md}.
 */
package org.mptcpgw.gateway.journal;
