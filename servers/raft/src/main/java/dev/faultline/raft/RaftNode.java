package dev.faultline.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Raft member. All Raft state lives on a single thread (the "raft loop"), which takes events
 * (RPCs, proposals, reads, timer ticks) from a queue in batches. After every batch it persists what
 * changed (term/vote by atomic replace, log appends with one {@code fsync} for the whole batch) and
 * only then sends the replies and votes produced by that batch: nothing is acknowledged before it is
 * durable, and many proposals share one fsync (group commit). A leader ships new entries to
 * followers before its own fsync, but counts its own copy towards commit only once synced.
 *
 * <p>Use: {@code new RaftNode(config, stateMachine).start()}, then {@link #propose(byte[])} on the
 * leader and {@link #readIndex()} before serving a linearizable read from the state machine.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);
    private static final long MAX_BATCH_BYTES = 4L << 20;

    private final RaftConfig cfg;
    private final StateMachine sm;
    private final String self;
    private final List<String> others;
    private final int quorum;
    private final boolean commitOldTerm;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ExecutorService callbacks;
    private final Thread loopThread;
    private volatile boolean running;
    private volatile Consumer<Throwable> fatalHandler;
    private volatile long inboundDelayNanos;
    private java.util.concurrent.ScheduledExecutorService delayer;

    private MetaStore meta;
    private SnapshotStore snapshots;
    private RaftLog rlog;
    private Transport transport;

    // ---- state owned by the raft loop ----
    private long currentTerm;
    private String votedFor;
    private boolean metaDirty;
    private Role role = Role.FOLLOWER;
    private String leaderId;
    private String leaderInfo;
    private long commitIndex;
    private long lastApplied;
    private long electionDeadline;
    private long nextHeartbeat;
    private final Set<String> votes = new HashSet<>();
    private final Set<String> preVotes = new HashSet<>();
    private long preVoteTerm = -1;
    private long lastLeaderContactNanos = System.nanoTime() - Long.MAX_VALUE / 4;
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private long seq;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final List<ReadWaiter> readsNeedingRound = new ArrayList<>();
    private final List<ReadWaiter> readsNeedingAcks = new ArrayList<>();
    private final List<ReadWaiter> readsNeedingApply = new ArrayList<>();
    private final List<Runnable> outbox = new ArrayList<>();

    private volatile RaftStatus status;
    private volatile String publishedLeaderInfo;

    private record Pending(long term, CompletableFuture<byte[]> future) {
    }

    private static final class ReadWaiter {
        final CompletableFuture<Void> future;
        long readIndex;
        long seq;

        ReadWaiter(CompletableFuture<Void> future) {
            this.future = future;
        }
    }

    private static final class PeerState {
        long nextIndex;
        long matchIndex;
        int inflight;
        boolean snapshotInflight;
        long lastProgressNanos;
        long lastAckNanos;
        long ackedSeq;
    }

    public RaftNode(RaftConfig config, StateMachine stateMachine) {
        this.cfg = config;
        this.sm = stateMachine;
        this.self = config.id();
        this.others = config.peers().keySet().stream().filter(p -> !p.equals(self)).sorted().toList();
        this.quorum = config.peers().size() / 2 + 1;
        this.commitOldTerm = config.isUnsafe(Unsafe.COMMIT_OLD_TERM);
        this.callbacks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "raft-callback-" + self);
            t.setDaemon(true);
            return t;
        });
        this.loopThread = new Thread(this::loop, "raft-loop-" + self);
        this.fatalHandler = e -> log.error("{}: fatal storage error, node stopped", self, e);
        this.status = new RaftStatus(self, Role.FOLLOWER, 0, null, 0, 0, 0, 0);
    }

    /** Called (once) if the node stops itself because storage failed; default: log it. */
    public void setFatalHandler(Consumer<Throwable> handler) {
        this.fatalHandler = handler;
    }

    /**
     * Test hook, off unless set before {@link #start}: every message from a peer is handed to the
     * raft loop only {@code delay} after it arrived, in arrival order, as over a slow link into this
     * node. It widens the moments that depend on a round trip (e.g. between a new leader's election
     * and its first answer from a follower) so that tests of timing-dependent bugs hit them.
     */
    public synchronized void setTestInboundDelay(java.time.Duration delay) {
        if (running) throw new IllegalStateException("set the inbound delay before start()");
        inboundDelayNanos = delay.toNanos();
    }

    /** Recovers term, vote, snapshot and log from the data directory, binds the peer port and starts. */
    public synchronized RaftNode start() throws IOException {
        if (running) {
            return this;
        }
        Files.createDirectories(cfg.dataDir());
        Durable durable = Durable.of(cfg);
        meta = new MetaStore(cfg.dataDir(), durable);
        snapshots = new SnapshotStore(cfg.dataDir(), durable);
        rlog = new RaftLog(cfg.dataDir(), durable);
        currentTerm = meta.term();
        votedFor = meta.votedFor();
        SnapshotStore.Snapshot snap = snapshots.latest();
        if (snap != null) {
            if (rlog.snapshotIndex() < snap.lastIndex()) {
                rlog.compact(snap.lastIndex(), snap.lastTerm());
            } else if (rlog.snapshotIndex() > snap.lastIndex()) {
                throw new IOException(cfg.dataDir() + ": log starts after index " + rlog.snapshotIndex()
                        + " but the snapshot ends at " + snap.lastIndex());
            }
            sm.restore(snap.data());
            commitIndex = snap.lastIndex();
            lastApplied = snap.lastIndex();
        }
        log.info("{} recovered: term {}, votedFor {}, snapshot at {}, log up to {} (term {})", self, currentTerm,
                votedFor, rlog.snapshotIndex(), rlog.lastIndex(), rlog.lastTerm());
        if (inboundDelayNanos > 0) {
            delayer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "raft-inbound-delay-" + self);
                t.setDaemon(true);
                return t;
            });
        }
        transport = new Transport(self, cfg.peers(), (int) cfg.rpcTimeout().toMillis(), this::onMessage);
        transport.start();
        resetElectionTimer();
        publishStatus();
        running = true;
        loopThread.start();
        return this;
    }

    // ------------------------------------------------------------------ public API

    /**
     * Replicates {@code command} and completes with the state machine's result once it is committed
     * and applied here. Fails with {@link NotLeaderException} (definite) if this node is not the
     * leader, or with a {@link RaftException} whose {@code definite()} says whether it may still
     * take effect. It never times out on its own: use {@code orTimeout}/{@code get(timeout)} and
     * treat a timeout as indeterminate.
     */
    public CompletableFuture<byte[]> propose(byte[] command) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (!submit(() -> doPropose(command, f))) {
            f.completeExceptionally(new RaftException(self + " is stopped", true, null));
        }
        return f;
    }

    /**
     * Completes once this node has confirmed it is still the leader (a heartbeat round acknowledged by
     * a majority, after an entry of its own term committed) and its state machine has applied
     * everything committed when the read began. Reading the state machine afterwards is linearizable.
     * Fails with {@link NotLeaderException} on a follower.
     */
    public CompletableFuture<Void> readIndex() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!submit(() -> doRead(f))) {
            f.completeExceptionally(new RaftException(self + " is stopped", true, null));
        }
        return f;
    }

    public boolean isLeader() {
        return status.role() == Role.LEADER;
    }

    /** The id of the leader this node follows (itself if leader), or null if unknown. */
    public String leaderId() {
        return status.leader();
    }

    /** The {@link RaftConfig#advertisedInfo()} of the current leader, or null if unknown. */
    public String leaderInfo() {
        return publishedLeaderInfo;
    }

    public long term() {
        return status.term();
    }

    public String id() {
        return self;
    }

    public RaftConfig config() {
        return cfg;
    }

    public RaftStatus status() {
        return status;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        loopThread.interrupt();
        try {
            loopThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        if (delayer != null) {
            delayer.shutdownNow();
        }
        try {
            rlog.close();
        } catch (IOException e) {
            log.warn("{}: closing log: {}", self, e.toString());
        }
        RaftException stopped = new RaftException(self + " stopped", false, null);
        pending.values().forEach(p -> p.future().completeExceptionally(stopped));
        pending.clear();
        failReads(new RaftException(self + " stopped", true, null));
        callbacks.shutdown();
    }

    private boolean submit(Runnable event) {
        return running && events.offer(event);
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        List<Runnable> batch = new ArrayList<>();
        try {
            while (running) {
                long waitNanos = nextTimerNanos() - System.nanoTime();
                Runnable first = waitNanos > 0 ? events.poll(waitNanos, TimeUnit.NANOSECONDS) : events.poll();
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    events.drainTo(batch, 4096);
                }
                for (Runnable r : batch) {
                    r.run();
                }
                tick();
                flushAndSend();
            }
        } catch (InterruptedException e) {
            // close() interrupts us
        } catch (IOException | RuntimeException e) {
            if (!running) {
                return; // interrupted by close() in the middle of I/O
            }
            running = false;
            try {
                transport.close();
            } catch (RuntimeException ignored) {
                // already failing
            }
            fatalHandler.accept(e);
        }
    }

    private long nextTimerNanos() {
        long now = System.nanoTime();
        long next = now + cfg.heartbeatInterval().toNanos();
        if (role == Role.LEADER) {
            next = Math.min(next, nextHeartbeat);
        } else {
            next = Math.min(next, electionDeadline);
        }
        return next;
    }

    private void tick() {
        long now = System.nanoTime();
        // drop proposals whose callers gave up (e.g. cancelled after a timeout)
        if (!pending.isEmpty()) {
            pending.values().removeIf(p -> p.future().isDone());
        }
        if (role != Role.LEADER) {
            if (now - electionDeadline >= 0) {
                startPreVote();
            }
            return;
        }
        long rpcTimeout = cfg.rpcTimeout().toNanos();
        int recent = 1;
        for (var e : peers.entrySet()) {
            PeerState ps = e.getValue();
            if ((ps.inflight > 0 || ps.snapshotInflight) && now - ps.lastProgressNanos > rpcTimeout) {
                log.debug("{}: RPC to {} timed out; reconnecting", self, e.getKey());
                transport.reset(e.getKey());
                ps.inflight = 0;
                ps.snapshotInflight = false;
                ps.nextIndex = ps.matchIndex + 1;
            }
            if (now - ps.lastAckNanos < 2 * cfg.electionTimeoutMax().toNanos()) {
                recent++;
            }
        }
        if (recent < quorum) {
            log.info("{} steps down in term {}: no majority answered for {} ms", self, currentTerm,
                    2 * cfg.electionTimeoutMax().toMillis());
            becomeFollower(currentTerm, null);
        }
    }

    private void flushAndSend() throws IOException {
        if (metaDirty) {
            meta.save(currentTerm, votedFor);
            metaDirty = false;
        }
        if (role == Role.LEADER) {
            // The leader may ship entries before its own fsync (Raft thesis 10.2.1): its own copy only
            // counts towards commit once synced (advanceCommit uses syncedIndex), so the two fsyncs overlap.
            startReadRound();
            boolean heartbeat = System.nanoTime() - nextHeartbeat >= 0;
            for (String p : others) {
                replicate(p, heartbeat);
            }
            if (heartbeat) {
                nextHeartbeat = System.nanoTime() + cfg.heartbeatInterval().toNanos();
            }
        }
        rlog.sync();
        for (Runnable r : outbox) {
            r.run();
        }
        outbox.clear();
        if (role == Role.LEADER) {
            advanceCommit();
            confirmReads();
        }
        applyCommitted();
        maybeSnapshot();
        publishStatus();
    }

    private void publishStatus() {
        status = new RaftStatus(self, role, currentTerm, leaderId, commitIndex, lastApplied, rlog.lastIndex(),
                rlog.snapshotIndex());
        publishedLeaderInfo = role == Role.LEADER ? cfg.advertisedInfo() : leaderInfo;
    }

    // ------------------------------------------------------------------ roles and elections

    private void resetElectionTimer() {
        long min = cfg.electionTimeoutMin().toNanos();
        long max = cfg.electionTimeoutMax().toNanos();
        electionDeadline = System.nanoTime() + min + (max > min ? ThreadLocalRandom.current().nextLong(max - min) : 0);
    }

    /**
     * Asks the others whether they would vote for us in the next term, without changing any term.
     * Only a majority of yeses starts a real election, so a node returning from a partition or a
     * pause cannot depose a healthy leader by bumping the term.
     */
    private void startPreVote() {
        resetElectionTimer();
        if (quorum == 1) {
            startElection();
            return;
        }
        preVoteTerm = currentTerm + 1;
        preVotes.clear();
        preVotes.add(self);
        log.debug("{} starts a pre-vote for term {}", self, preVoteTerm);
        Message req = new Message.VoteRequest(self, preVoteTerm, rlog.lastIndex(), rlog.lastTerm(), true);
        for (String p : others) {
            outbox.add(() -> transport.send(p, req));
        }
    }

    private void startElection() {
        preVoteTerm = -1;
        currentTerm++;
        votedFor = self;
        metaDirty = true;
        Role was = role;
        role = Role.CANDIDATE;
        leaderId = null;
        leaderInfo = null;
        votes.clear();
        votes.add(self);
        resetElectionTimer();
        failReads(new NotLeaderException(self, null));
        log.info("{} starts an election for term {} (was {}; log up to {} term {})", self, currentTerm,
                was.wireName(), rlog.lastIndex(), rlog.lastTerm());
        if (votes.size() >= quorum) {
            becomeLeader();
            return;
        }
        Message req = new Message.VoteRequest(self, currentTerm, rlog.lastIndex(), rlog.lastTerm(), false);
        for (String p : others) {
            outbox.add(() -> transport.send(p, req));
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        preVoteTerm = -1;
        leaderId = self;
        leaderInfo = cfg.advertisedInfo();
        long now = System.nanoTime();
        peers.clear();
        for (String p : others) {
            PeerState ps = new PeerState();
            ps.nextIndex = rlog.lastIndex() + 1;
            ps.lastAckNanos = now;
            ps.lastProgressNanos = now;
            peers.put(p, ps);
        }
        if (!commitOldTerm) {
            try {
                rlog.append(List.of(LogEntry.noop(currentTerm)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        nextHeartbeat = now;
        log.info("{} became leader for term {} (log up to {}, commit {})", self, currentTerm, rlog.lastIndex(),
                commitIndex);
    }

    /** Adopts {@code term} (if newer) and becomes a follower of {@code leader} (null if unknown). */
    private void becomeFollower(long term, String leader) {
        if (term > currentTerm) {
            currentTerm = term;
            votedFor = null;
            metaDirty = true;
        }
        if (role != Role.FOLLOWER) {
            log.info("{} became follower in term {} (was {}; leader {})", self, currentTerm, role.wireName(),
                    leader == null ? "unknown" : leader);
            role = Role.FOLLOWER;
            peers.clear();
            failReads(new NotLeaderException(self, leader));
        } else if (leader != null && !leader.equals(leaderId)) {
            log.info("{} follows {} in term {}", self, leader, currentTerm);
        }
        leaderId = leader;
        if (leader == null) {
            leaderInfo = null;
        } else {
            preVoteTerm = -1; // late pre-vote grants must not start an election now
        }
        resetElectionTimer();
    }

    // ------------------------------------------------------------------ message handling

    private void onMessage(Message m, Consumer<Message> reply) {
        Runnable event = () -> {
            try {
                handle(m, reply);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        if (delayer == null) {
            submit(event);
            return;
        }
        try {
            // one thread, one delay: messages keep their arrival order
            delayer.schedule(() -> submit(event), inboundDelayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // closing
        }
    }

    private void handle(Message m, Consumer<Message> reply) throws IOException {
        if (m instanceof Message.VoteRequest r) {
            onVoteRequest(r, reply);
        } else if (m instanceof Message.VoteResponse r) {
            onVoteResponse(r);
        } else if (m instanceof Message.AppendRequest r) {
            onAppendRequest(r, reply);
        } else if (m instanceof Message.AppendResponse r) {
            onAppendResponse(r);
        } else if (m instanceof Message.SnapshotRequest r) {
            onSnapshotRequest(r, reply);
        } else if (m instanceof Message.SnapshotResponse r) {
            onSnapshotResponse(r);
        }
    }

    private void respond(Consumer<Message> reply, Message m) {
        if (reply != null) {
            outbox.add(() -> reply.accept(m));
        }
    }

    private boolean logUpToDate(long lastLogTerm, long lastLogIndex) {
        if (cfg.isUnsafe(Unsafe.VOTE_WITHOUT_LOG_CHECK)) {
            return true;
        }
        return lastLogTerm > rlog.lastTerm() || (lastLogTerm == rlog.lastTerm() && lastLogIndex >= rlog.lastIndex());
    }

    /** True while we have a leader we heard from within the minimum election timeout. */
    private boolean leaderRecentlyHeard() {
        if (role == Role.LEADER) {
            return true;
        }
        return leaderId != null
                && System.nanoTime() - lastLeaderContactNanos < cfg.electionTimeoutMin().toNanos();
    }

    private void onVoteRequest(Message.VoteRequest r, Consumer<Message> reply) {
        if (r.preVote()) {
            boolean grant = r.term() > currentTerm && !leaderRecentlyHeard()
                    && logUpToDate(r.lastLogTerm(), r.lastLogIndex());
            respond(reply, new Message.VoteResponse(self, currentTerm, grant, true));
            return;
        }
        if (r.term() > currentTerm) {
            log.info("{} sees term {} in a vote request from {}", self, r.term(), r.from());
            becomeFollower(r.term(), null);
        }
        boolean grant = r.term() == currentTerm && (votedFor == null || votedFor.equals(r.from()))
                && logUpToDate(r.lastLogTerm(), r.lastLogIndex());
        if (grant) {
            if (!r.from().equals(votedFor)) {
                votedFor = r.from();
                metaDirty = true;
            }
            resetElectionTimer();
            log.info("{} votes for {} in term {}", self, r.from(), currentTerm);
        }
        respond(reply, new Message.VoteResponse(self, currentTerm, grant, false));
    }

    private void onVoteResponse(Message.VoteResponse r) {
        if (r.term() > currentTerm) {
            becomeFollower(r.term(), null);
            return;
        }
        if (r.preVote()) {
            if (role != Role.LEADER && r.granted() && preVoteTerm == currentTerm + 1) {
                preVotes.add(r.from());
                if (preVotes.size() >= quorum) {
                    startElection();
                }
            }
            return;
        }
        if (role == Role.CANDIDATE && r.term() == currentTerm && r.granted()) {
            votes.add(r.from());
            if (votes.size() >= quorum) {
                becomeLeader();
            }
        }
    }

    private void onAppendRequest(Message.AppendRequest r, Consumer<Message> reply) throws IOException {
        if (r.term() < currentTerm) {
            respond(reply, new Message.AppendResponse(self, currentTerm, false, 0, 0, -1, r.seq()));
            return;
        }
        if (role == Role.LEADER && r.term() == currentTerm) {
            log.error("{}: two leaders in term {} ({} and us); ignoring", self, currentTerm, r.from());
            return;
        }
        becomeFollower(r.term(), r.from());
        leaderInfo = r.leaderInfo();
        lastLeaderContactNanos = System.nanoTime();
        long prev = r.prevIndex();
        if (prev > rlog.lastIndex()) {
            respond(reply, new Message.AppendResponse(self, currentTerm, false, 0, rlog.lastIndex() + 1, -1, r.seq()));
            return;
        }
        if (prev >= rlog.snapshotIndex() && rlog.term(prev) != r.prevTerm()) {
            long conflictTerm = rlog.term(prev);
            respond(reply, new Message.AppendResponse(self, currentTerm, false, 0, rlog.firstIndexOfTerm(prev),
                    conflictTerm, r.seq()));
            return;
        }
        long index = prev;
        List<LogEntry> entries = r.entries();
        for (int i = 0; i < entries.size(); i++) {
            index++;
            if (index <= rlog.snapshotIndex()) {
                continue;
            }
            if (index <= rlog.lastIndex()) {
                if (rlog.term(index) == entries.get(i).term()) {
                    continue;
                }
                if (index <= commitIndex) {
                    if (!commitOldTerm) {
                        throw new IllegalStateException(self + ": leader " + r.from()
                                + " asks to overwrite committed index " + index + " (commit " + commitIndex + ")");
                    }
                    // the planted bug made us commit too early; a buggy system silently diverges here
                    log.error("{}: overwriting committed index {} (commit {}) from {}", self, index, commitIndex,
                            r.from());
                    commitIndex = index - 1;
                }
                log.info("{} truncates its log from index {} (term {} conflicts with {})", self, index,
                        rlog.term(index), entries.get(i).term());
                rlog.truncateFrom(index);
            }
            rlog.append(entries.subList(i, entries.size()));
            break;
        }
        long match = prev + entries.size();
        if (r.leaderCommit() > commitIndex) {
            commitIndex = Math.max(commitIndex, Math.min(r.leaderCommit(), match));
        }
        respond(reply, new Message.AppendResponse(self, currentTerm, true, match, 0, -1, r.seq()));
    }

    private void onAppendResponse(Message.AppendResponse r) {
        if (r.term() > currentTerm) {
            log.info("{} sees term {} from {}; stepping down", self, r.term(), r.from());
            becomeFollower(r.term(), null);
            return;
        }
        PeerState ps = peers.get(r.from());
        if (role != Role.LEADER || r.term() != currentTerm || ps == null) {
            return;
        }
        long now = System.nanoTime();
        ps.inflight = Math.max(0, ps.inflight - 1);
        ps.lastProgressNanos = now;
        ps.lastAckNanos = now;
        ps.ackedSeq = Math.max(ps.ackedSeq, r.seq());
        if (r.success()) {
            ps.matchIndex = Math.max(ps.matchIndex, r.matchIndex());
            ps.nextIndex = Math.max(ps.nextIndex, ps.matchIndex + 1);
            return;
        }
        long next = r.conflictIndex();
        if (r.conflictTerm() >= 0) {
            long last = rlog.lastIndexOfTerm(r.conflictTerm());
            if (last > 0) {
                next = last + 1;
            }
        }
        next = Math.min(Math.max(next, ps.matchIndex + 1), rlog.lastIndex() + 1);
        ps.nextIndex = Math.max(1, next);
    }

    private void onSnapshotRequest(Message.SnapshotRequest r, Consumer<Message> reply) throws IOException {
        if (r.term() < currentTerm) {
            respond(reply, new Message.SnapshotResponse(self, currentTerm, 0, r.seq()));
            return;
        }
        if (role == Role.LEADER && r.term() == currentTerm) {
            log.error("{}: two leaders in term {} ({} and us); ignoring snapshot", self, currentTerm, r.from());
            return;
        }
        becomeFollower(r.term(), r.from());
        leaderInfo = r.leaderInfo();
        lastLeaderContactNanos = System.nanoTime();
        if (r.lastIndex() > commitIndex) {
            log.info("{} installs a snapshot from {} up to index {} (term {}, {} bytes)", self, r.from(), r.lastIndex(),
                    r.lastTerm(), r.data().length);
            snapshots.save(new SnapshotStore.Snapshot(r.lastIndex(), r.lastTerm(), r.data()));
            rlog.compact(r.lastIndex(), r.lastTerm());
            sm.restore(r.data());
            commitIndex = r.lastIndex();
            lastApplied = r.lastIndex();
            RaftException unknown = new RaftException("outcome unknown: replaced by a snapshot", false, r.from());
            var covered = pending.headMap(r.lastIndex(), true);
            covered.values().forEach(p -> complete(p.future(), null, unknown));
            covered.clear();
        }
        respond(reply, new Message.SnapshotResponse(self, currentTerm, r.lastIndex(), r.seq()));
    }

    private void onSnapshotResponse(Message.SnapshotResponse r) {
        if (r.term() > currentTerm) {
            becomeFollower(r.term(), null);
            return;
        }
        PeerState ps = peers.get(r.from());
        if (role != Role.LEADER || r.term() != currentTerm || ps == null) {
            return;
        }
        long now = System.nanoTime();
        ps.snapshotInflight = false;
        ps.inflight = 0;
        ps.lastProgressNanos = now;
        ps.lastAckNanos = now;
        ps.ackedSeq = Math.max(ps.ackedSeq, r.seq());
        ps.matchIndex = Math.max(ps.matchIndex, r.lastIndex());
        ps.nextIndex = ps.matchIndex + 1;
    }

    // ------------------------------------------------------------------ leader: replication and commit

    private void replicate(String peer, boolean heartbeat) {
        PeerState ps = peers.get(peer);
        if (ps.snapshotInflight) {
            return;
        }
        boolean sent = false;
        while (ps.inflight < cfg.maxInflight()) {
            if (ps.nextIndex <= rlog.snapshotIndex()) {
                sendSnapshot(peer, ps);
                return;
            }
            long last = rlog.lastIndex();
            if (ps.nextIndex > last && (sent || !heartbeat)) {
                return;
            }
            long prev = ps.nextIndex - 1;
            long to = prev;
            long bytes = 0;
            while (to < last && to - prev < cfg.maxBatchEntries() && bytes < MAX_BATCH_BYTES) {
                to++;
                bytes += rlog.get(to).payloadSize();
            }
            List<LogEntry> entries = to > prev ? rlog.slice(prev + 1, to) : List.of();
            Message m = new Message.AppendRequest(self, currentTerm, prev, rlog.term(prev), entries, commitIndex, seq,
                    cfg.advertisedInfo());
            if (ps.inflight == 0) {
                ps.lastProgressNanos = System.nanoTime();
            }
            ps.inflight++;
            ps.nextIndex = to + 1;
            transport.send(peer, m);
            sent = true;
        }
    }

    private void sendSnapshot(String peer, PeerState ps) {
        SnapshotStore.Snapshot snap = snapshots.latest();
        log.info("{} sends snapshot up to {} to {} (it needs index {})", self, snap.lastIndex(), peer, ps.nextIndex);
        ps.snapshotInflight = true;
        ps.inflight = 1;
        ps.lastProgressNanos = System.nanoTime();
        transport.send(peer, new Message.SnapshotRequest(self, currentTerm, snap.lastIndex(), snap.lastTerm(),
                snap.data(), seq, cfg.advertisedInfo()));
    }

    private void advanceCommit() {
        long[] match = new long[others.size() + 1];
        int i = 0;
        for (PeerState ps : peers.values()) {
            match[i++] = ps.matchIndex;
        }
        match[i] = rlog.syncedIndex();
        Arrays.sort(match);
        long n = match[match.length - quorum];
        if (n > commitIndex && (commitOldTerm || rlog.term(n) == currentTerm)) {
            commitIndex = n;
        }
    }

    private void applyCommitted() {
        while (lastApplied < commitIndex) {
            long index = lastApplied + 1;
            LogEntry e = rlog.get(index);
            byte[] result = LogEntry.EMPTY;
            RaftException error = null;
            if (!e.noop()) {
                try {
                    result = sm.apply(index, e.data());
                } catch (RuntimeException ex) {
                    log.error("{}: state machine failed to apply index {}", self, index, ex);
                    error = new RaftException("state machine error: " + ex, false, leaderId);
                }
            }
            lastApplied = index;
            Pending p = pending.remove(index);
            if (p != null) {
                if (p.term() == e.term()) {
                    complete(p.future(), result, error);
                } else {
                    complete(p.future(), null, new RaftException("lost: index " + index + " holds another entry",
                            true, leaderId));
                }
            }
        }
        if (!readsNeedingApply.isEmpty()) {
            Iterator<ReadWaiter> it = readsNeedingApply.iterator();
            while (it.hasNext()) {
                ReadWaiter r = it.next();
                if (r.readIndex <= lastApplied) {
                    it.remove();
                    callbacks.execute(() -> r.future.complete(null));
                }
            }
        }
    }

    private <T> void complete(CompletableFuture<T> f, T value, RaftException error) {
        callbacks.execute(() -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(value);
            }
        });
    }

    private void maybeSnapshot() throws IOException {
        long since = lastApplied - rlog.snapshotIndex();
        if (since <= 0 || (since < cfg.snapshotEntries() && rlog.bytesSinceSnapshot() < cfg.snapshotBytes())) {
            return;
        }
        long term = rlog.term(lastApplied);
        byte[] data = sm.snapshot();
        snapshots.save(new SnapshotStore.Snapshot(lastApplied, term, data));
        rlog.compact(lastApplied, term);
        log.info("{} took a snapshot at index {} ({} bytes); log now holds {} entries", self, lastApplied, data.length,
                rlog.lastIndex() - rlog.snapshotIndex());
    }

    // ------------------------------------------------------------------ proposals and reads

    private void doPropose(byte[] command, CompletableFuture<byte[]> f) {
        if (role != Role.LEADER) {
            f.completeExceptionally(new NotLeaderException(self, leaderId));
            return;
        }
        try {
            rlog.append(List.of(new LogEntry(currentTerm, false, command)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Pending old = pending.put(rlog.lastIndex(), new Pending(currentTerm, f));
        if (old != null) {
            complete(old.future(), null, new RaftException("outcome unknown: entry was overwritten", false, self));
        }
    }

    private void doRead(CompletableFuture<Void> f) {
        if (role != Role.LEADER) {
            f.completeExceptionally(new NotLeaderException(self, leaderId));
            return;
        }
        readsNeedingRound.add(new ReadWaiter(f));
    }

    /** Starts a heartbeat round for reads that arrived since the last one, once our no-op committed. */
    private void startReadRound() {
        if (readsNeedingRound.isEmpty()) {
            return;
        }
        boolean ready = commitOldTerm || rlog.term(commitIndex) == currentTerm;
        if (!ready) {
            return;
        }
        seq++;
        for (ReadWaiter r : readsNeedingRound) {
            r.readIndex = commitIndex;
            r.seq = seq;
            readsNeedingAcks.add(r);
        }
        readsNeedingRound.clear();
        nextHeartbeat = System.nanoTime();
    }

    private void confirmReads() {
        if (readsNeedingAcks.isEmpty()) {
            return;
        }
        long[] acked = new long[others.size() + 1];
        int i = 0;
        for (PeerState ps : peers.values()) {
            acked[i++] = ps.ackedSeq;
        }
        acked[i] = Long.MAX_VALUE;
        Arrays.sort(acked);
        long confirmed = acked[acked.length - quorum];
        Iterator<ReadWaiter> it = readsNeedingAcks.iterator();
        while (it.hasNext()) {
            ReadWaiter r = it.next();
            if (r.seq <= confirmed) {
                it.remove();
                readsNeedingApply.add(r);
            }
        }
    }

    private void failReads(RaftException e) {
        for (List<ReadWaiter> list : List.of(readsNeedingRound, readsNeedingAcks, readsNeedingApply)) {
            for (ReadWaiter r : list) {
                r.future.completeExceptionally(e);
            }
            list.clear();
        }
    }
}
