import Dispatch
import LMDB
import Synchronization

/// Checks, from the stored bytes alone, that the log is whole and untampered: every record
/// parses and sits under its own sequence, every string is UTF-8, every hash recomputes, the
/// chain links, times never go backwards, stream versions run without gaps, every payload
/// matches its salted digest, redactions are well formed and all accounted for, the stored
/// Merkle tree equals the one recomputed from event hashes, and every checkpoint's root and
/// signature hold. Optionally it replays every derived table and compares them byte for byte.
///
/// The chain walk (which also collects the engine's indexes), the tree walk and the
/// projections' replay run at once on three threads, each in its own read transaction over
/// the same snapshot; the replayed tables are then compared on every core.
public enum LedgerVerifier {
    public static func verify(_ ledger: Ledger, includingDerivedTables: Bool = true) throws -> VerificationReport {
        // The chain walk's snapshot (its last sequence and id), published for the other walks.
        let snapshot = Mutex<(limit: UInt64, id: Int)>((0, -1))
        let ready = DispatchSemaphore(value: 0)
        var helpers: [ParallelWork.Joinable] = []
        let tree = Mutex<Result<TreeWalk.Outcome, any Error>?>(nil)
        let projections = Mutex<Result<[RebuiltTable]?, any Error>?>(nil)
        helpers.append(ParallelWork.start {
            ready.wait()
            let outcome = Result {
                try ledger.read { transaction in
                    var walk = try TreeWalk(transaction: transaction, limit: snapshot.withLock { $0.limit })
                    return try walk.run()
                }
            }
            tree.withLock { $0 = outcome }
        })
        if includingDerivedTables {
            helpers.append(ParallelWork.start {
                ready.wait()
                let outcome = Result {
                    try ledger.read { transaction -> [RebuiltTable]? in
                        guard transaction.transaction.snapshotID == snapshot.withLock({ $0.id }) else { return nil }
                        return try RebuildFold.foldProjections(transaction, projections: ledger.projections, checking: true)
                    }
                }
                projections.withLock { $0 = outcome }
            })
        }
        // The helpers wait for the snapshot; if none can be read, they are let go (they find no
        // snapshot and stop) and joined, not left waiting for ever.
        var released = false
        func release() {
            guard !released else { return }
            released = true
            for _ in helpers { ready.signal() }
        }
        do {
            return try read(ledger, includingDerivedTables: includingDerivedTables, snapshot: snapshot, release: release,
                            helpers: helpers, tree: tree, projections: projections)
        } catch {
            release()
            for helper in helpers { helper.join() }
            throw error
        }
    }

    private static func read(
        _ ledger: Ledger, includingDerivedTables: Bool, snapshot: borrowing Mutex<(limit: UInt64, id: Int)>, release: () -> Void,
        helpers: [ParallelWork.Joinable], tree: borrowing Mutex<Result<TreeWalk.Outcome, any Error>?>,
        projections: borrowing Mutex<Result<[RebuiltTable]?, any Error>?>
    ) throws -> VerificationReport {
        try ledger.read { transaction in
            snapshot.withLock { $0 = ((try? transaction.lastSequence()) ?? 0, transaction.transaction.snapshotID) }
            release()
            let chain = Result { () throws -> ChainWalk.Outcome in
                var walk = try ChainWalk(transaction: transaction, collectIndexes: includingDerivedTables)
                return try walk.run()
            }
            for helper in helpers { helper.join() }
            let chainOutcome = try (consume chain).get()
            var report = merge(chain: chainOutcome, tree: try tree.withLock { $0! }.get())
            guard includingDerivedTables else { return report }
            report.failures += try outdatedProjections(in: transaction)
            let replayed: [RebuiltTable]
            do {
                // Replayed again here when a commit came between the snapshots (the entries kept:
                // other read transactions would see the newer snapshot).
                do {
                    replayed = try projections.withLock { $0.take()! }.get() ?? RebuildFold.foldProjections(transaction, projections: ledger.projections)
                } catch is RebuildFold.SnapshotMoved {
                    replayed = try RebuildFold.foldProjections(transaction, projections: ledger.projections)
                }
            } catch let failure as ReplayFailure {
                report.failures.append(VerificationFailure(component: .projections, sequence: failure.sequence, message: failure.description))
                return report
            } catch LedgerError.corrupted(let sequence, let reason) {
                report.failures.append(VerificationFailure(component: .projections, sequence: sequence, message: reason))
                return report
            }
            // A broken chain stops the walk, and its indexes with it: comparing them would only
            // repeat that finding.
            guard let indexes = chainOutcome.indexes, chainOutcome.failures.isEmpty else { return report }
            let fold = RebuildFold.Result(tables: indexes.tables(ledger.tables) + replayed, eventCount: indexes.eventCount)
            report.derivedTables = try LedgerRebuilder.compare(fold, in: transaction)
            BackgroundRelease.release(BackgroundRelease.Unread((consume fold, consume replayed, consume indexes, consume chainOutcome)))
            return report
        }
    }

    /// Projections whose stored tables were folded by another version or configuration than
    /// this build's (a read-only open does not rebuild them): their tables cannot be judged
    /// against this build's replay, so each is a finding until `blotter rebuild` refolds it.
    private static func outdatedProjections(in transaction: LedgerReadTransaction) throws -> [VerificationFailure] {
        try transaction.ledger.projections.compactMap { projection in
            guard try !ProjectionVersions.isCurrent(projection, in: transaction.transaction, meta: transaction.tables.meta) else { return nil }
            let stored = try transaction.transaction.value(forKey: ProjectionVersions.key(projection), in: transaction.tables.meta)
            return VerificationFailure(
                component: .projections, sequence: nil,
                message: "projection \(projection.name) was folded " + (stored.map { "with version and settings \(LedgerRebuilder.hex($0))" } ?? "by no recorded version")
                    + ", not this build's \(LedgerRebuilder.hex(ProjectionVersions.value(projection))); run blotter rebuild")
        }
    }

    private static func merge(chain: ChainWalk.Outcome, tree: TreeWalk.Outcome) -> VerificationReport {
        var report = VerificationReport()
        report.eventsChecked = chain.eventsChecked
        report.merkleNodesChecked = tree.nodesChecked
        report.treeSize = tree.treeSize
        report.rootHash = tree.rootHash
        report.checkpointsChecked = tree.checkpointsChecked
        report.latestCheckpoint = tree.latestCheckpoint
        report.failures = (chain.failures + tree.failures).sorted { ($0.sequence ?? .max) < ($1.sequence ?? .max) }
        return report
    }
}
