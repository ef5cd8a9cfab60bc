/// Appends big-endian integers and length-prefixed strings to a byte array: the one encoder
/// behind every stored format of the ledger (see Docs/storage-format.md).
struct ByteWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func append(_ value: UInt16) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Int64) {
        append(UInt64(bitPattern: value))
    }

    mutating func append(_ digest: Digest32) {
        append(digest.words.0)
        append(digest.words.1)
        append(digest.words.2)
        append(digest.words.3)
    }

    mutating func append(bytes other: some Sequence<UInt8>) {
        bytes.append(contentsOf: other)
    }

    /// A UTF-8 string behind its length as a big-endian UInt16.
    mutating func appendString(_ string: String) {
        let utf8 = string.utf8
        precondition(utf8.count <= Int(UInt16.max), "string too long for a 16-bit length prefix")
        append(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Writes big-endian integers and length-prefixed strings into memory sized in advance (an
/// LMDB-reserved value), with no intermediate array: the event append's fast path.
struct RawWriter {
    let destination: UnsafeMutableRawBufferPointer
    private(set) var offset: Int

    init(_ destination: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        self.destination = destination
        self.offset = offset
    }

    mutating func append(_ value: UInt8) {
        destination[offset] = value
        offset += 1
    }

    mutating func append(_ value: UInt16) {
        destination.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt16.self)
        offset += 2
    }

    mutating func append(_ value: UInt32) {
        destination.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
        offset += 4
    }

    mutating func append(_ value: UInt64) {
        destination.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
        offset += 8
    }

    mutating func append(_ digest: Digest32) {
        digest.store(into: destination, offset: offset)
        offset += Digest32.byteCount
    }

    mutating func append(bytes source: UnsafeRawBufferPointer) {
        precondition(offset + source.count <= destination.count, "write past the reserved size")
        if let base = source.baseAddress, source.count > 0 {
            (destination.baseAddress! + offset).copyMemory(from: base, byteCount: source.count)
        }
        offset += source.count
    }

    mutating func appendString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            precondition(utf8.count <= Int(UInt16.max), "string too long for a 16-bit length prefix")
            append(UInt16(utf8.count))
            append(bytes: UnsafeRawBufferPointer(utf8))
        }
    }
}

/// Reads what `ByteWriter` wrote, failing (not trapping) on short or malformed input, since
/// stored bytes may have been damaged or tampered with.
struct ByteReader {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    let buffer: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var remaining: Int { buffer.count - offset }

    @inline(__always)
    private func need(_ count: Int, _ what: StaticString) throws(Malformed) {
        if remaining < count {
            throw Malformed(offset: offset, reason: "truncated \(what): \(count) bytes needed, \(remaining) left")
        }
    }

    @inline(__always)
    mutating func readUInt8(_ what: StaticString) throws(Malformed) -> UInt8 {
        try need(1, what)
        defer { offset += 1 }
        return buffer[offset]
    }

    @inline(__always)
    mutating func readUInt16(_ what: StaticString) throws(Malformed) -> UInt16 {
        try need(2, what)
        defer { offset += 2 }
        return UInt16(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    mutating func readUInt32(_ what: StaticString) throws(Malformed) -> UInt32 {
        try need(4, what)
        defer { offset += 4 }
        return UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    mutating func readUInt64(_ what: StaticString) throws(Malformed) -> UInt64 {
        try need(8, what)
        defer { offset += 8 }
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    mutating func readInt64(_ what: StaticString) throws(Malformed) -> Int64 {
        Int64(bitPattern: try readUInt64(what))
    }

    @inline(__always)
    mutating func readDigest(_ what: StaticString) throws(Malformed) -> Digest32 {
        try need(32, what)
        defer { offset += 32 }
        return Digest32(buffer, offset: offset)
    }

    /// The next `count` bytes, in place.
    @inline(__always)
    mutating func readSlice(count: Int, _ what: StaticString) throws(Malformed) -> UnsafeRawBufferPointer {
        try need(count, what)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    /// A length-prefixed string's bytes, in place. Not checked to be UTF-8 here: the hash
    /// covers them, and decoding to `String` repairs invalid sequences rather than trapping.
    @inline(__always)
    mutating func readStringBytes(_ what: StaticString) throws(Malformed) -> UnsafeRawBufferPointer {
        let count = Int(try readUInt16(what))
        return try readSlice(count: count, what)
    }

    @inline(__always)
    mutating func readString(_ what: StaticString) throws(Malformed) -> String {
        String(decoding: try readStringBytes(what), as: UTF8.self)
    }

    @inline(__always)
    func expectEnd(_ what: StaticString) throws(Malformed) {
        if remaining != 0 {
            throw Malformed(offset: offset, reason: "\(remaining) unexpected bytes after \(what)")
        }
    }
}

/// Big-endian encodings of the integers used as keys.
enum BigEndianKey {
    static func bytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    static func uint64(_ buffer: UnsafeRawBufferPointer) -> UInt64? {
        guard buffer.count == 8 else { return nil }
        return UInt64(bigEndian: buffer.loadUnaligned(as: UInt64.self))
    }
}
