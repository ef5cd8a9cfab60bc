// A child process for the crash tests: appends through the group-commit writer from many
// concurrent clients and prints one line per acknowledged command, until it is killed.
//
//   LedgerCrashWorker DATA-DIRECTORY CLIENTS
//
// Each line is `ack SEQUENCE STREAM VERSION HASH`, written with one write(2) after the commit
// returned: whatever the parent reads was durable before it was printed.
import Foundation
import Ledger

let arguments = CommandLine.arguments
guard arguments.count == 3, let clients = Int(arguments[2]), clients > 0 else {
    FileHandle.standardError.write(Data("usage: LedgerCrashWorker DATA-DIRECTORY CLIENTS\n".utf8))
    exit(2)
}

let ledger = try Ledger(directory: arguments[1], configuration: LedgerConfiguration(projections: [StreamCatalogProjection()]))
let writer = LedgerWriter(ledger: ledger)
let processTag = getpid()

func report(_ event: AppendedEvent) {
    let line = "ack \(event.sequence) \(event.stream) \(event.streamVersion) \(event.hash)\n"
    line.utf8CString.withUnsafeBufferPointer { buffer in
        _ = write(STDOUT_FILENO, buffer.baseAddress, buffer.count - 1)
    }
}

await withTaskGroup(of: Void.self) { group in
    for client in 0..<clients {
        group.addTask {
            let actor = EventActor(userID: "crash-\(client)", agency: "CA0000000", clientAddress: "127.0.0.1")
            var counter = 0
            while true {
                counter += 1
                let stream = "crash/\(client)/\(counter % 7)"
                let payload = Array("client \(client) command \(counter) of process \(processTag)".utf8)
                var drafts = [EventDraft(type: "CrashNoted", stream: stream, payload: payload)]
                if counter % 5 == 0 {
                    drafts.append(EventDraft(type: "CrashAmended", stream: stream, payload: payload))
                }
                let key = counter % 3 == 0 ? "\(processTag)-\(client)-\(counter)" : nil
                do {
                    let outcome = try await writer.append(drafts, actor: actor, idempotencyKey: key.map { IdempotencyKey($0) })
                    outcome.events.forEach(report)
                } catch {
                    FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                    exit(3)
                }
            }
        }
    }
}
