import CLMDB

/// One slot of LMDB's reader table: a process (this one or another) holding a read
/// transaction open, and the snapshot it holds. While it does, LMDB cannot reuse any page
/// freed after that snapshot, so a reader left open (or a process that died holding one)
/// makes the data file grow instead of recycling pages.
public struct ReaderSlot: Sendable, Equatable, Hashable {
    public let processID: Int32
    public let thread: String
    /// The snapshot's transaction id.
    public let transactionID: Int
}

extension Environment {
    /// The read transactions open now, in every process using this environment.
    public func activeReaders() throws -> [ReaderSlot] {
        var text = ""
        let code = withUnsafeMutablePointer(to: &text) { pointer in
            mdb_reader_list(handle, { message, context in
                guard let message, let context else { return 0 }
                context.assumingMemoryBound(to: String.self).pointee += String(cString: message)
                return 0
            }, pointer)
        }
        guard code >= 0 else { throw LMDBError(code: code, operation: "mdb_reader_list") }
        return ReaderSlot.parse(text)
    }

    /// Clears the slots of processes that died holding a read transaction; how many it cleared.
    public func clearStaleReaders() throws -> Int {
        var cleared: Int32 = 0
        try check(mdb_reader_check(handle, &cleared), "mdb_reader_check")
        return Int(cleared)
    }
}

extension ReaderSlot {
    /// `mdb_reader_list`'s text: a header line, then "pid thread txnid" per slot in use, the
    /// transaction id "-" for a slot whose transaction is between uses.
    static func parse(_ text: String) -> [ReaderSlot] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 3, let processID = Int32(fields[0]), let transactionID = Int(fields[2]) else { return nil }
            return ReaderSlot(processID: processID, thread: String(fields[1]), transactionID: transactionID)
        }
    }
}
