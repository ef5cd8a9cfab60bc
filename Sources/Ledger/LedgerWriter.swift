import Foundation
import Synchronization

/// How the writer batches and bounds its work.
public struct LedgerWriterConfiguration: Sendable {
    /// Commands waiting beyond this are refused with `LedgerWriterError.overloaded`.
    public var queueCapacity = 16_384
    /// Commands committed together in one transaction at most.
    public var maximumBatchSize = 10_000

    public init() {}

    public init(queueCapacity: Int, maximumBatchSize: Int) {
        precondition(queueCapacity > 0 && maximumBatchSize > 0)
        self.queueCapacity = queueCapacity
        self.maximumBatchSize = maximumBatchSize
    }
}

public enum LedgerWriterError: Error, CustomStringConvertible, Equatable {
    /// Back-pressure: the queue is full; retry after a short wait.
    case overloaded(queueCapacity: Int)
    /// The writer is shutting down and takes no more commands.
    case shutDown

    public var description: String {
        switch self {
        case .overloaded(let capacity):
            return "the ledger's write queue is full (\(capacity) commands waiting); retry shortly"
        case .shutDown:
            return "the ledger writer is shutting down and accepts no more commands"
        }
    }
}

/// A commit the storage refused (`LedgerError.storageFull` or `.storageFailure`), and when.
public struct StorageFault: Sendable, Equatable {
    public let at: LedgerTime
    public let description: String
}

/// Counters of the writer's work, for metrics.
public struct LedgerWriterMetrics: Sendable, Equatable {
    public var queueDepth = 0
    public var queueCapacity = 0
    public var transactionsCommitted = 0
    public var commandsCommitted = 0
    public var commandsRefusedOverloaded = 0
    public var largestBatch = 0
    /// Commits that failed in storage (disk full, I/O error), since the writer started.
    public var commitsFailedInStorage = 0
    /// The last commit's storage failure, when no commit has succeeded since: writes are failing.
    public var storageFault: StorageFault?

    public var meanBatchSize: Double {
        transactionsCommitted == 0 ? 0 : Double(commandsCommitted) / Double(transactionsCommitted)
    }
}

/// The single writer: one dedicated thread that drains a bounded queue of commands and runs as
/// many as are waiting in one write transaction (group commit), so concurrent callers share
/// each fsync. A caller is resumed only after the commit holding its command is durable.
///
/// A command is a synchronous closure over the write transaction. One that throws before
/// writing anything fails alone; one that throws after writing makes the writer abort the
/// batch and run its commands one transaction each, so only the faulty one fails.
public final class LedgerWriter: @unchecked Sendable {
    public let ledger: Ledger
    public let configuration: LedgerWriterConfiguration
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var queue: [any PendingCommand] = []
    private var accepting = true
    private var threadFinished = false
    private var metricsState = LedgerWriterMetrics()
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    public init(ledger: Ledger, configuration: LedgerWriterConfiguration = LedgerWriterConfiguration()) {
        self.ledger = ledger
        self.configuration = configuration
        metricsState.queueCapacity = configuration.queueCapacity
        let thread = Thread { [self] in run() }
        thread.name = "blotter-ledger-writer"
        thread.start()
    }

    /// Runs `command` in a shared write transaction; returns its result once committed.
    public func submit<Result: Sendable>(
        _ command: @escaping @Sendable (LedgerWriteTransaction) throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(PendingCommandBox(command: command, continuation: continuation))
        }
    }

    /// Appends one command's events; see `LedgerWriteTransaction.append`.
    public func append(
        _ drafts: [EventDraft], actor: EventActor, idempotencyKey: IdempotencyKey? = nil
    ) async throws -> AppendOutcome {
        try await submit { try $0.append(drafts, actor: actor, idempotencyKey: idempotencyKey) }
    }

    private func enqueue(_ pending: any PendingCommand) {
        condition.lock()
        defer { condition.unlock() }
        guard accepting else {
            pending.deliver(error: LedgerWriterError.shutDown)
            return
        }
        guard queue.count < configuration.queueCapacity else {
            metricsState.commandsRefusedOverloaded += 1
            pending.deliver(error: LedgerWriterError.overloaded(queueCapacity: configuration.queueCapacity))
            return
        }
        queue.append(pending)
        condition.signal()
    }

    public var metrics: LedgerWriterMetrics {
        condition.lock()
        defer { condition.unlock() }
        var snapshot = metricsState
        snapshot.queueDepth = queue.count
        return snapshot
    }

    /// Stops taking commands, lets the queue drain, and returns once the thread has ended.
    public func shutdown() async {
        await withCheckedContinuation { continuation in
            condition.lock()
            accepting = false
            if threadFinished {
                condition.unlock()
                continuation.resume()
                return
            }
            shutdownWaiters.append(continuation)
            condition.broadcast()
            condition.unlock()
        }
    }

    // MARK: The writer thread

    private func run() {
        while let batch = nextBatch() {
            execute(batch)
        }
        condition.lock()
        threadFinished = true
        let waiters = shutdownWaiters
        shutdownWaiters = []
        condition.unlock()
        waiters.forEach { $0.resume() }
    }

    /// Waits for work; nil once shut down and drained.
    private func nextBatch() -> [any PendingCommand]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && accepting {
            condition.wait()
        }
        if queue.isEmpty { return nil }
        let count = min(queue.count, configuration.maximumBatchSize)
        let batch = Array(queue.prefix(count))
        queue.removeFirst(count)
        return batch
    }

    private struct BatchPoisoned: Error {}

    private func execute(_ batch: [any PendingCommand]) {
        do {
            try ledger.write { transaction in
                for pending in batch {
                    let changesBefore = transaction.changeCount
                    do {
                        try pending.run(in: transaction)
                    } catch {
                        guard transaction.changeCount == changesBefore else { throw BatchPoisoned() }
                        pending.record(error: error)
                    }
                }
            }
            recordCommit(commands: batch.count)
            batch.forEach { $0.deliverRecorded() }
        } catch is BatchPoisoned {
            batch.forEach(executeAlone)
        } catch {
            recordStorageFault(error)
            batch.forEach { $0.deliver(error: error) }
        }
    }

    private func executeAlone(_ pending: any PendingCommand) {
        do {
            try ledger.write { transaction in try pending.run(in: transaction) }
            recordCommit(commands: 1)
            pending.deliverRecorded()
        } catch {
            recordStorageFault(error)
            pending.deliver(error: error)
        }
    }

    private func recordCommit(commands: Int) {
        condition.lock()
        metricsState.transactionsCommitted += 1
        metricsState.commandsCommitted += commands
        metricsState.largestBatch = max(metricsState.largestBatch, commands)
        metricsState.storageFault = nil
        condition.unlock()
    }

    /// Remembers a failure of the storage itself (not a command's refusal) until a commit
    /// succeeds again, so health can say that writes are failing and why.
    private func recordStorageFault(_ error: any Error) {
        switch error {
        case LedgerError.storageFull(let detail), LedgerError.storageFailure(let detail):
            condition.lock()
            metricsState.commitsFailedInStorage += 1
            metricsState.storageFault = StorageFault(at: ledger.clock.now(), description: detail)
            condition.unlock()
        default:
            return
        }
    }
}

/// A queued command and the caller waiting for it.
protocol PendingCommand: AnyObject, Sendable {
    /// Runs the command, keeping its result until the commit's outcome is known.
    func run(in transaction: LedgerWriteTransaction) throws
    /// Keeps a failure that wrote nothing, to deliver once the batch's commit is decided.
    func record(error: any Error)
    /// Resumes the caller with what `run` or `record` kept.
    func deliverRecorded()
    /// Resumes the caller with `error` (refused, or the whole transaction failed).
    func deliver(error: any Error)
}

private final class PendingCommandBox<Value: Sendable>: PendingCommand, @unchecked Sendable {
    let command: @Sendable (LedgerWriteTransaction) throws -> Value
    let continuation: CheckedContinuation<Value, any Error>
    // Touched only by the writer thread (or by `enqueue` before the box is shared).
    private var outcome: Result<Value, any Error>?

    init(command: @escaping @Sendable (LedgerWriteTransaction) throws -> Value,
         continuation: CheckedContinuation<Value, any Error>) {
        self.command = command
        self.continuation = continuation
    }

    func run(in transaction: LedgerWriteTransaction) throws {
        outcome = nil
        outcome = .success(try command(transaction))
    }

    func record(error: any Error) {
        outcome = .failure(error)
    }

    func deliverRecorded() {
        guard let outcome else { preconditionFailure("a committed command has no outcome") }
        continuation.resume(with: outcome)
    }

    func deliver(error: any Error) {
        continuation.resume(throwing: error)
    }
}
