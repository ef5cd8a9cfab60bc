import Ledger
import Logging

/// Signs a checkpoint when the last one is older than the interval and events came since:
/// the signed tree heads people keep (as C2SP notes, `GET /ledger/checkpoints/latest/note`)
/// are never more than an interval behind. Run from the service's maintenance loop.
public struct CheckpointSchedule: Sendable {
    /// Seconds between checkpoints; 0 turns the schedule off.
    public let intervalSeconds: Int64

    public init(intervalSeconds: Int64) {
        precondition(intervalSeconds >= 0)
        self.intervalSeconds = intervalSeconds
    }

    /// Whether a checkpoint is due at `now`, judged from the ledger alone: the latest stored
    /// checkpoint's size and time against the log's.
    func isDue(latest: Checkpoint?, events: UInt64, now: LedgerTime) -> Bool {
        guard intervalSeconds > 0, events > 0 else { return false }
        guard let latest else { return true }
        return events > latest.treeSize && now.microsecondsSinceEpoch - latest.createdAt.microsecondsSinceEpoch >= intervalSeconds * 1_000_000
    }

    /// Signs one through the writer when due; returns it.
    @discardableResult
    func signIfDue(_ services: BlotterServices, logger: Logger) async throws -> Checkpoint? {
        let (latest, events) = try services.ledger.read { (try $0.latestCheckpoint(), try $0.lastSequence()) }
        guard isDue(latest: latest, events: events, now: services.clock.now()) else { return nil }
        let checkpoint = try await services.writer.submit { try $0.createCheckpoint() }
        logger.info("signed a scheduled checkpoint", metadata: ["treeSize": "\(checkpoint.treeSize)", "root": "\(checkpoint.rootHash.hex)"])
        return checkpoint
    }
}
