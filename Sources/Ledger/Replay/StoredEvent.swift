#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An event as a replay meets it: the stored record parsed in place, without copying. Its
/// buffers point into the snapshot being replayed and stay valid until that replay's
/// `finish` returns; nothing may keep them longer.
public struct StoredEvent {
    public let sequence: UInt64
    public let recordedAt: LedgerTime
    public let streamVersion: UInt32
    public let type: UnsafeRawBufferPointer
    public let stream: UnsafeRawBufferPointer
    public let userID: UnsafeRawBufferPointer
    public let agency: UnsafeRawBufferPointer
    public let clientAddress: UnsafeRawBufferPointer
    /// Nil once a court-ordered destruction removed it.
    public let payload: UnsafeRawBufferPointer?
    let view: EventRecordView

    init(_ view: EventRecordView) {
        self.view = view
        sequence = view.sequence
        recordedAt = LedgerTime(microsecondsSinceEpoch: view.recordedAt)
        streamVersion = view.streamVersion
        type = view.type
        stream = view.stream
        userID = view.userID
        agency = view.agency
        clientAddress = view.clientAddress
        payload = view.payload
    }

    /// The event decoded into owned values.
    public func decode() -> RecordedEvent {
        view.decode()
    }

    public func typeIs(_ name: StaticString) -> Bool {
        Self.equal(type, name)
    }

    public func streamStarts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return count == 0 || (stream.count >= count && memcmp(stream.baseAddress!, prefix.utf8Start, count) == 0)
    }

    public var typeText: String { String(decoding: type, as: UTF8.self) }
    public var streamText: String { String(decoding: stream, as: UTF8.self) }

    public var actor: EventActor {
        EventActor(userID: String(decoding: userID, as: UTF8.self), agency: String(decoding: agency, as: UTF8.self),
                   clientAddress: String(decoding: clientAddress, as: UTF8.self))
    }

    static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount && (bytes.count == 0 || memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0)
    }
}
