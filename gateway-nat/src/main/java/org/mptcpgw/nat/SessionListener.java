package org.mptcpgw.nat;

/**
 * Told when sessions start and end, for the journal. Called on the worker thread, inside the table call that
 * caused the event, with the session index; the listener may read any field through the table's accessors during
 * the call (the session is still intact when it ends) but must not call methods that change the table, and must
 * not keep the index after the call: the table reuses it.
 */
public interface SessionListener
{
    /** A listener that ignores every event. */
    SessionListener NO_OP = new SessionListener()
    {
        public void onSessionCreated(final NatSessionTable table, final int session)
        {
        }

        public void onSessionEnded(final NatSessionTable table, final int session, final SessionEndReason reason)
        {
        }
    };

    /**
     * A session was created by an outbound or an inbound packet.
     *
     * @param table   the table, to read fields.
     * @param session index of the new session.
     */
    void onSessionCreated(NatSessionTable table, int session);

    /**
     * A session is ending; its fields are still readable.
     *
     * @param table   the table, to read fields.
     * @param session index of the ending session.
     * @param reason  why it ends.
     */
    void onSessionEnded(NatSessionTable table, int session, SessionEndReason reason);

    /**
     * A session was re-created from the journal by {@link NatSessionTable#restore(SessionImage, long)}. The
     * default does nothing, so that a journal does not record its own replay.
     *
     * @param table   the table, to read fields.
     * @param session index of the restored session.
     */
    default void onSessionRestored(final NatSessionTable table, final int session)
    {
    }
}
