package io.llmcm.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.StoreException;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.core.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The committer with another writer on its store (simulated on a {@link MemoryStore}: the other
 * writer appends behind the repository's back, as another instance on PostgreSQL would): a batch
 * refused because the other took its revisions is planned again on the caught-up state, and a
 * failed append whose reply was lost is told apart from another writer's commit at that revision.
 */
class OtherWritersTest {
    private final MemoryStore memory = new MemoryStore();
    /** Runs instead of the next append (once), given the real store and the batch. */
    private final AtomicReference<Consumer<List<Commit>>> nextAppend = new AtomicReference<>();
    private Repository repo;
    private final EntryKey k = Fixtures.key("global", "base", "models/chat");

    @BeforeEach
    void open() {
        Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            if (m.getName().equals("append")) {
                @SuppressWarnings("unchecked")
                List<Commit> batch = (List<Commit>) args[0];
                Consumer<List<Commit>> hook = nextAppend.getAndSet(null);
                if (hook != null) {
                    hook.accept(batch);
                    return null;
                }
            }
            if (m.isDefault()) {
                return java.lang.reflect.InvocationHandler.invokeDefault(p, m, args);
            }
            try {
                return m.invoke(memory, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        repo = Repository.open(store);
        repo.initialize("test");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    /** What another instance would append at the log's end. */
    private void otherWrites(Mutation m) {
        long next = memory.lastRevision() + 1;
        memory.append(List.of(new Commit(next, Instant.now(), "other", "", List.of(m))));
    }

    @Test
    void aBatchWhoseRevisionsAnotherWriterTookIsPlannedAgainAndLands() {
        long before = repo.revision();
        nextAppend.set(batch -> {
            otherWrites(new Mutation.PutEntry(Fixtures.key("global", "base", "other/x"), Fixtures.json("1"), false));
            memory.append(batch); // refused: the log moved on
        });
        CommitResult r = Fixtures.put(repo, k, "{\"model\":\"a\"}");
        assertThat(r.revision()).isEqualTo(before + 2);
        assertThat(repo.revision()).isEqualTo(before + 2);
        assertThat(repo.replannedBatches()).isEqualTo(1);
        assertThat(repo.raw(Fixtures.key("global", "base", "other/x"))).as("the other's commit is applied").isPresent();
        assertThat(repo.raw(k).orElseThrow().revision()).isEqualTo(before + 2);
        assertThat(memory.commitsAfter(before, 10)).extracting(Commit::author).containsExactly("other", "test");
    }

    @Test
    void aPreconditionIsCheckedAgainAgainstTheOtherWritersCommit() {
        long head = Fixtures.put(repo, k, "{\"model\":\"a\"}").revision();
        nextAppend.set(batch -> {
            otherWrites(new Mutation.PutEntry(k, Fixtures.json("{\"model\":\"other\"}"), false));
            memory.append(batch);
        });
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("test").put(k, Fixtures.json("{\"model\":\"b\"}")).expect(k, head).build()))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.raw(k).orElseThrow().value().toString()).isEqualTo("{\"model\":\"other\"}");
        assertThat(repo.revision()).isEqualTo(memory.lastRevision());
    }

    @Test
    void aLostReplyOfAnAppendThatLandedIsAcknowledged() {
        nextAppend.set(batch -> {
            memory.append(batch);
            throw new StoreException("connection reset while committing");
        });
        CommitResult r = Fixtures.put(repo, k, "{\"model\":\"a\"}");
        assertThat(repo.raw(k).orElseThrow().revision()).isEqualTo(r.revision());
        assertThat(memory.lastRevision()).isEqualTo(r.revision());
    }

    @Test
    void anotherWritersCommitAtTheSameRevisionIsNotTakenForOurs() {
        long before = repo.revision();
        nextAppend.set(batch -> {
            otherWrites(new Mutation.PutEntry(Fixtures.key("global", "base", "other/x"), Fixtures.json("1"), false));
            throw new StoreException("connection reset while committing"); // ours never landed
        });
        assertThatThrownBy(() -> Fixtures.put(repo, k, "{\"model\":\"a\"}")).isInstanceOf(StoreException.class);
        assertThat(repo.raw(k)).as("nothing of the failed write").isEmpty();
        assertThat(repo.revision()).isEqualTo(before);

        // the next write catches up with the other's commit and lands after it
        CommitResult r = Fixtures.put(repo, k, "{\"model\":\"b\"}");
        assertThat(r.revision()).isEqualTo(before + 2);
        assertThat(repo.raw(Fixtures.key("global", "base", "other/x"))).isPresent();
    }
}
