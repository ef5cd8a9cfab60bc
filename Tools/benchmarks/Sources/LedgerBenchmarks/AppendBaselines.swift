import Crypto
import LMDB

/// The two raw-LMDB baselines, written against the same wrapper with no ledger code.
enum AppendBaselines {
    /// One sequential `MDB_APPEND` put per event: the ceiling for any log on this machine.
    static func rawAppends(_ workload: Workload, batch: Int, directory: String) throws -> Double {
        let environment = try Environment(directory: directory)
        let log = try environment.openDatabase(named: "log")
        var record = [UInt8](repeating: 0, count: 200)
        record.replaceSubrange(0..<workload.payload.count, with: workload.payload)
        return try measure {
            var sequence: UInt64 = 0
            while sequence < UInt64(workload.eventCount) {
                try environment.write { transaction in
                    for _ in 0..<min(batch, workload.eventCount - Int(sequence)) {
                        sequence += 1
                        try withUnsafeBytes(of: sequence.bigEndian) { key in
                            try record.withUnsafeBytes { try transaction.put($0, forKey: key, in: log, flags: .append) }
                        }
                    }
                }
            }
        }
    }

    /// The ledger's shape with nothing else: per event one SHA-256 step, one log append, one
    /// stream-index put and one projection put (random keys). The limit for this design.
    static func ledgerShaped(_ workload: Workload, batch: Int, directory: String) throws -> Double {
        let environment = try Environment(directory: directory)
        let log = try environment.openDatabase(named: "log")
        let streamIndex = try environment.openDatabase(named: "stream-index")
        let projection = try environment.openDatabase(named: "projection")
        var versions: [String: UInt32] = [:]
        var previous = [UInt8](repeating: 0, count: 32)
        return try measure {
            var sequence: UInt64 = 0
            while sequence < UInt64(workload.eventCount) {
                try environment.write { transaction in
                    BodyClock.shared.begin()
                    defer { BodyClock.shared.end() }
                    for _ in 0..<min(batch, workload.eventCount - Int(sequence)) {
                        let stream = workload.streams[Int(sequence)]
                        sequence += 1
                        var hasher = SHA256()
                        hasher.update(data: previous)
                        hasher.update(data: workload.payload)
                        previous = Array(hasher.finalize())
                        let record = previous + workload.payload
                        let sequenceKey = withUnsafeBytes(of: sequence.bigEndian, Array.init)
                        try transaction.put(record, forKey: sequenceKey, in: log, flags: .append)
                        let version = (versions[stream] ?? 0) + 1
                        versions[stream] = version
                        var indexKey = Array(stream.utf8)
                        indexKey.append(0)
                        indexKey += withUnsafeBytes(of: version.bigEndian, Array.init)
                        try transaction.put(sequenceKey, forKey: indexKey, in: streamIndex)
                        try transaction.put(sequenceKey + withUnsafeBytes(of: version.bigEndian, Array.init),
                                            forKey: Array(stream.utf8), in: projection)
                    }
                }
            }
        }
    }
}
