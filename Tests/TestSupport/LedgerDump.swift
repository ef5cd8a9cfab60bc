import Foundation
@testable import Ledger
import LMDB

/// Everything in a ledger that must be a function of its events alone, as text a person can
/// read in a diff: each event's fields and payload, the engine's stream and idempotency
/// indexes, the projections' versions and every projection table, entry by entry.
///
/// Left out, because they are random by design: each event's salt and what hashes it (payload
/// digest, chain hashes, Merkle nodes, signed checkpoints) and the ledger's identity.
public enum LedgerDump {
    public static func text(of ledger: Ledger) throws -> String {
        var lines: [String] = []
        let environment = ledger.environment
        let events = try environment.openDatabase(named: "ledger.events")
        let engineTables = ["ledger.stream-index", "ledger.idempotency"]
        let projectionTables = ledger.projections.flatMap { projection in
            projection.tableNames.map { "projection.\(projection.name).\($0)" }
        }
        let databases = try (engineTables + projectionTables).map { try environment.openDatabase(named: $0) }
        let meta = try environment.openDatabase(named: "ledger.meta")
        try environment.read { transaction in
            lines.append("# ledger.events")
            try transaction.forEach(in: events) { entry in
                lines.append(contentsOf: try describeEvent(entry.value))
                return true
            }
            lines.append("# ledger.meta (projection entries)")
            try transaction.forEach(in: meta, keyPrefix: Array("projection".utf8)) { entry in
                lines.append(describe(entry.key) + " = " + hex(entry.value))
                return true
            }
            for database in databases {
                lines.append("# \(database.name)")
                try transaction.forEach(in: database) { entry in
                    lines.append(describe(entry.key) + " = " + describe(entry.value))
                    return true
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describeEvent(_ bytes: UnsafeRawBufferPointer) throws -> [String] {
        let event = try EventRecordView(bytes).decode()
        var header = "\(event.sequence) \(event.recordedAt) v\(event.streamVersion) \(event.type) \(describe(Array(event.stream.utf8)))"
        header += " by \(event.actor.userID)@\(event.actor.agency) from \(event.actor.clientAddress)"
        if let key = event.idempotencyKey { header += " key \(describe(Array(key.utf8)))" }
        switch event.payloadState {
        case .present(_, let payload): return [header, "  " + describe(payload)]
        case .redacted(let sequence): return [header, "  payload redacted by \(sequence), \(event.payloadLength) bytes"]
        }
    }

    /// Printable UTF-8 as itself. Anything else (keys, packed integers) byte by byte: letters,
    /// digits and a few separators as themselves, every other byte as `\xNN`, so that no byte
    /// of a big-endian integer passes for punctuation.
    public static func describe<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self),
           !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" || (0x80..<0xA0).contains($0.value) }) {
            return text
        }
        return array.map { byte in
            literalBytes.contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + hex([byte])
        }.joined()
    }

    private static let literalBytes = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ,|:/._-".utf8))

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
