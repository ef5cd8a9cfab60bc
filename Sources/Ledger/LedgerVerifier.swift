import Dispatch
import LMDB
import Synchronization

/// Checks, from the stored bytes alone, that the log is whole and untampered: every record
/// parses and sits under its own sequence, every hash recomputes, the chain links, times never
/// go backwards, every payload matches its salted digest, redactions are all accounted for,
/// the stored Merkle tree equals the one recomputed from event hashes, and every checkpoint's
/// root and signature hold. Optionally replays projections and indexes too.
///
/// The chain and the tree are walked at once on two threads, each in its own read transaction
/// over the same events (the tree walk stops where the chain walk's snapshot ends).
public enum LedgerVerifier {
    public static func verify(_ ledger: Ledger, includingDerivedTables: Bool = true) throws -> VerificationReport {
        var report = try walkChainAndTree(ledger)
        if includingDerivedTables {
            do {
                report.derivedTables = try LedgerRebuilder.check(ledger)
            } catch let error as LedgerError {
                guard case .corrupted(let sequence, let reason) = error else { throw error }
                report.failures.append(VerificationFailure(component: .indexes, sequence: sequence, message: reason))
            }
        }
        return report
    }

    private static func walkChainAndTree(_ ledger: Ledger) throws -> VerificationReport {
        let results = Mutex<(chain: Result<ChainWalk.Outcome, any Error>?, tree: Result<TreeWalk.Outcome, any Error>?)>((nil, nil))
        let limitReady = DispatchSemaphore(value: 0)
        let limit = Mutex<UInt64>(0)
        DispatchQueue.concurrentPerform(iterations: 2) { walker in
            if walker == 0 {
                let outcome = Result {
                    try ledger.read { transaction in
                        limit.withLock { $0 = (try? transaction.lastSequence()) ?? 0 }
                        limitReady.signal()
                        var walk = try ChainWalk(transaction: transaction)
                        return try walk.run()
                    }
                }
                if case .failure = outcome { limitReady.signal() }
                results.withLock { $0.chain = outcome }
            } else {
                limitReady.wait()
                let outcome = Result {
                    try ledger.read { transaction in
                        var walk = try TreeWalk(transaction: transaction, limit: limit.withLock { $0 })
                        return try walk.run()
                    }
                }
                results.withLock { $0.tree = outcome }
            }
        }
        let (chain, tree) = results.withLock { ($0.chain!, $0.tree!) }
        return merge(chain: try chain.get(), tree: try tree.get())
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
