/// A value with a hand-written canonical JSON form: how stored payloads and derived state are
/// read and written on the replay path.
///
/// The form is the one the type's `Codable` conformance gives under `JSONEncoder` with
/// `.sortedKeys` and `.withoutEscapingSlashes` (keys in byte order, a nil optional left out),
/// written and read here without Foundation's generic machinery, which cost tens of
/// microseconds per record. Tests check both forms byte for byte.
public protocol CanonicalJSON {
    /// Reads the value the reader is placed on.
    init(canonicalJSON reader: inout JSONReader) throws
    func writeCanonicalJSON(to writer: inout JSONWriter)
}

extension CanonicalJSON {
    /// Decodes `bytes`, which must hold exactly one value.
    public init(canonicalJSON bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try Self(canonicalJSON: $0) }
    }

    /// Decodes `bytes`, which must hold exactly one value.
    public init(canonicalJSON bytes: UnsafeRawBufferPointer) throws {
        var reader = JSONReader(bytes)
        self = try Self(canonicalJSON: &reader)
        try reader.expectEnd()
    }

    /// The value's canonical JSON bytes.
    public func canonicalJSON(capacity: Int = 256) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        writeCanonicalJSON(to: &writer)
        return writer.bytes
    }
}

extension JSONReader {
    @inlinable
    public mutating func read<Value: CanonicalJSON>(_ type: Value.Type) throws -> Value {
        try Value(canonicalJSON: &self)
    }

    /// Nil for `null`; callers of an absent key keep their nil.
    @inlinable
    public mutating func readOptional<Value: CanonicalJSON>(_ type: Value.Type) throws -> Value? {
        try readNull() ? nil : Value(canonicalJSON: &self)
    }

    @inlinable
    public mutating func readArray<Value: CanonicalJSON>(of type: Value.Type) throws -> [Value] {
        var values: [Value] = []
        try beginArray()
        while try nextElement() { values.append(try Value(canonicalJSON: &self)) }
        return values
    }

    public mutating func readOptionalString() throws(JSONReadError) -> String? {
        try readNull() ? nil : readString()
    }

    public mutating func readOptionalInt() throws(JSONReadError) -> Int? {
        try readNull() ? nil : readInt()
    }

    public mutating func readStringArray() throws(JSONReadError) -> [String] {
        var values: [String] = []
        try beginArray()
        while try nextElement() { values.append(try readString()) }
        return values
    }

    /// A string that must be one of an enumeration's raw values.
    @inlinable
    public mutating func readEnumeration<Value: RawRepresentable>(_ type: Value.Type) throws -> Value where Value.RawValue == String {
        let start = offset
        let text = try readString()
        guard let value = Value(rawValue: text) else {
            throw JSONReadError(offset: start, reason: "\(text) is not a valid \(Value.self)")
        }
        return value
    }

    /// The error for a required member the object lacked.
    public func missing(_ key: StaticString) -> JSONReadError {
        JSONReadError(offset: offset, reason: "the required member \(key) is missing")
    }

    /// A required member, once its object was read: its value, or the error naming it.
    @inlinable
    public func require<Value>(_ value: Value?, _ key: StaticString) throws -> Value {
        guard let value else { throw missing(key) }
        return value
    }
}


extension JSONWriter {
    @inlinable
    public mutating func value<Value: CanonicalJSON>(_ value: Value) {
        value.writeCanonicalJSON(to: &self)
    }

    @inlinable
    public mutating func array<Value: CanonicalJSON>(_ values: [Value]) {
        beginArray()
        for value in values { value.writeCanonicalJSON(to: &self) }
        endArray()
    }

    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// `key` and `value`, unless `value` is nil (a nil optional is left out, as `Codable` does).
    @inlinable
    public mutating func member<Value: CanonicalJSON>(_ key: StaticString, _ value: Value?) {
        guard let value else { return }
        self.key(key)
        value.writeCanonicalJSON(to: &self)
    }

    public mutating func member(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    public mutating func member(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        int(value)
    }
}

extension LedgerTime: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        let start = reader.offset
        let text = try reader.readString()
        guard let time = LedgerTime(iso8601: text) else {
            throw JSONReadError(offset: start, reason: "\(text) is not a UTC time written YYYY-MM-DDTHH:MM:SS.ffffffZ")
        }
        self = time
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.time(self)
    }
}

extension EventActor: CanonicalJSON {
    public init(canonicalJSON reader: inout JSONReader) throws {
        var agency: String?, clientAddress: String?, userID: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "agency" { agency = try reader.readString() }
            else if key == "clientAddress" { clientAddress = try reader.readString() }
            else if key == "userID" { userID = try reader.readString() }
            else { try reader.skipValue() }
        }
        self.init(userID: try reader.require(userID, "userID"), agency: try reader.require(agency, "agency"),
                  clientAddress: try reader.require(clientAddress, "clientAddress"))
    }

    public func writeCanonicalJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("agency")
        writer.string(agency)
        writer.key("clientAddress")
        writer.string(clientAddress)
        writer.key("userID")
        writer.string(userID)
        writer.endObject()
    }
}
