package io.llmcm.client;

/**
 * A view's background thread changed what it is doing: what an application shows as its health.
 * {@link ConfigView.State#STREAMING} and {@link ConfigView.State#POLLING} follow the server;
 * {@link ConfigView.State#RETRYING} serves the last snapshot while the server cannot be reached or
 * refuses — from disk when {@link #servingFromDisk()}.
 *
 * @param spec the view's spec
 * @param previous the state before
 * @param state the state now
 * @param reason why, for people: "watch stream open at revision 57", "watching is off", the failure
 * @param source where the snapshot served now came from
 * @param revision the revision served now
 */
public record StateEvent(ConfigSpec spec, ConfigView.State previous, ConfigView.State state, String reason, Snapshot.Source source,
        long revision) {

    /** Whether readers are served a snapshot read from disk, the server not having answered since. */
    public boolean servingFromDisk() {
        return source == Snapshot.Source.DISK;
    }
}
