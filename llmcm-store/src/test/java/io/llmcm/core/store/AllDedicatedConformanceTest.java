package io.llmcm.core.store;

/**
 * The conformance suite with every tenant but {@code global} created dedicated ({@link
 * AllDedicated}), for the JDBC stores' runners to extend. Its hand-written cases (the tenant purge,
 * keyrings, audit and leases among them) hold as they are. The randomized comparison is left out:
 * its random logs write entries to tenants that do not exist (yet, or any more), which the engine
 * never commits, and which a store cannot route to a dedicated tenant's storage before the tenant
 * is created; {@code StoreIsolationTest} covers creation, deletion and re-creation instead.
 */
public abstract class AllDedicatedConformanceTest extends StoreConformanceTest {
    /** Not run here (see the class comment): overriding without {@code @ParameterizedTest} removes it. */
    @Override
    void randomLogsReadBackLikeTheReferenceModel(long seed) {}
}
