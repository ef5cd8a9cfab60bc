import Crypto
import Foundation
import HummingbirdOTP
import Ledger

/// TOTP (RFC 6238) second factor. The seed must be readable to check a code, so it is stored
/// sealed (AES-256-GCM) under a key kept beside the ledger's signing key, never in the clear.
public struct SecondFactor: Sendable {
    public static let keyFileName = "second-factor.key"
    /// Codes one 30-second step before or after the current one are accepted (clock drift).
    static let acceptedDrift: Int64 = 1

    let key: SymmetricKey

    /// Loads the sealing key from `directory`, creating it (owner-only) on first use.
    public init(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(Self.keyFileName)
        if let data = FileManager.default.contents(atPath: path) {
            var status = stat()
            stat(path, &status)
            guard status.st_mode & 0o077 == 0 else {
                throw AccessError.misconfigured("\(path) is readable by others; run chmod 600 on it")
            }
            guard data.count == 32 else { throw AccessError.misconfigured("\(path) does not hold a 256-bit key") }
            key = SymmetricKey(data: data)
            return
        }
        let fresh = SymmetricKey(size: .bits256)
        do {
            // Flushed with its directory entry: seeds sealed with it are durable in the ledger.
            try fresh.withUnsafeBytes { try DurableFiles.createOwnerOnly(at: path, bytes: [UInt8]($0)) }
        } catch {
            throw AccessError.misconfigured("\(error)")
        }
        key = fresh
    }

    /// A new random seed: 20 characters of the base-32 alphabet.
    public static func newSeed() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    func seal(_ seed: String) throws -> [UInt8] {
        guard let combined = try AES.GCM.seal(Data(seed.utf8), using: key).combined else {
            throw AccessError.misconfigured("AES-GCM sealing failed")
        }
        return [UInt8](combined)
    }

    func open(_ sealed: [UInt8]) throws -> String {
        let box = try AES.GCM.SealedBox(combined: Data(sealed))
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }

    /// The time step whose code matches, at most one step away from `time`; nil when none does.
    static func matchingStep(code: String, seed: String, at time: LedgerTime) -> Int64? {
        guard code.count == 6, let value = Int(code) else { return nil }
        let totp = TOTP(secret: seed)
        let current = time.microsecondsSinceEpoch / 1_000_000 / 30
        for step in (current - acceptedDrift)...(current + acceptedDrift) {
            if totp.compute(date: Date(timeIntervalSince1970: Double(step * 30))) == value { return step }
        }
        return nil
    }

    /// The code an authenticator shows for `seed` at `time` (for enrolment checks and tests).
    public static func code(seed: String, at time: LedgerTime) -> String {
        let value = TOTP(secret: seed).compute(date: time.date)
        let text = String(value)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// The key to type into an authenticator app by hand: base 32 of the seed's bytes (the seed
    /// itself is the HMAC key, as text).
    public static func authenticatorKey(seed: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var buffer = 0
        var key = ""
        for byte in seed.utf8 {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                key.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { key.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return key
    }

    /// The seed behind an `otpauth://` link this service made (the link carries the base 32 of
    /// the seed's bytes), or `text` itself when it is a seed; nil otherwise.
    public static func seed(fromLinkOrSeed text: String) -> String? {
        guard text.hasPrefix("otpauth://") else { return text.count == 20 ? text : nil }
        guard let components = URLComponents(string: text),
              let secret = components.queryItems?.first(where: { $0.name == "secret" })?.value,
              let bytes = base32Decode(secret)
        else { return nil }
        return String(bytes: bytes, encoding: .utf8)
    }

    static func base32Decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var buffer = 0
        var bytes: [UInt8] = []
        for character in text.uppercased() where character != "=" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = buffer << 5 | value
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return bytes
    }

    /// The `otpauth://` URL an authenticator app scans.
    public static func authenticatorURL(seed: String, userID: String) -> String {
        TOTP(secret: seed).createAuthenticatorURL(label: userID, issuer: "Blotter")
    }
}
