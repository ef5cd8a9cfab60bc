import Access
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import Ledger
import Records

/// Request and response bodies of the API (see Docs/openapi.yaml). Responses are encoded with
/// sorted keys so that the same answer always has the same bytes.
struct LoginRequest: Decodable {
    let userID: String
    let password: String
    let code: String
}

struct LoginResponse: ResponseEncodable {
    let token: String
    let tokenType = "Bearer"
    let idleTimeoutSeconds: Int64
    let banner: String
    let user: UserView
}

struct EnrolmentRequest: Decodable {
    let userID: String
    let oneTimeCredential: String
    let password: String
}

struct EnrolmentResponse: ResponseEncodable {
    let enrolmentToken: String
    /// For the authenticator app: scan the URL (or type the seed) and confirm with its first code.
    let seed: String
    let authenticatorURL: String
    let expiresAt: LedgerTime
}

struct EnrolmentConfirmation: Decodable {
    let enrolmentToken: String
    let code: String
}

struct BannerResponse: ResponseEncodable {
    let banner: String
}

struct HealthResponse: ResponseEncodable {
    /// "ok", or "degraded" with the reasons in `problems`.
    let status: String
    let events: UInt64?
    let writerQueueDepth: Int
    let problems: [String]
}

struct ModifyRequest: Decodable {
    let expectedVersion: UInt32
    let record: RecordFacts
}

struct CancelRequest: Decodable {
    let reason: String
    let identifierAsEntered: String
}

struct ValidateRequest: Decodable {
    let remarks: String?
}

struct RenewRequest: Decodable {
    let expiresOn: CalendarDate?
}

struct AnnualUpdateRequest: Decodable {
    let on: CalendarDate
}

struct SearchRequest: Decodable {
    let query: RecordQuery
    let purpose: PurposeCode
    let caseNumber: String?
    let includeInactive: Bool?
    let limit: Int?

    var context: QueryContext {
        QueryContext(purpose: purpose, caseNumber: caseNumber, includeInactive: includeInactive ?? false, limit: limit ?? 20)
    }
}

struct RecordResponse: ResponseEncodable {
    let record: RecordState
    let status: RecordStatus
    /// The access event that recorded the read (absent for a command's answer).
    let accessSequence: UInt64?
}

struct SearchResponse: ResponseEncodable {
    let position: UInt64
    let asOf: LedgerTime
    let accessSequence: UInt64
    let hits: [SearchHit]
}

struct HistoryResponse: ResponseEncodable {
    let number: RecordNumber
    let accessSequence: UInt64
    let events: [RecordHistory.Step]
}

struct AccessesResponse: ResponseEncodable {
    let number: RecordNumber
    let accessSequence: UInt64
    let accesses: [RecordHistory.Access]
}

struct QualityResponse: ResponseEncodable {
    let agency: String
    let report: QualityReport
}

struct AgencyRequest: Decodable {
    let ori: String
    let name: String
    let access: AgencyAccess
    /// `state` for a state agency, whose auditors audit every agency; `local` when absent.
    let jurisdiction: Jurisdiction?
}

struct AgencyView: ResponseEncodable {
    let ori: String
    let name: String
    let access: AgencyAccess
    let jurisdiction: Jurisdiction

    init(_ agency: Agency) {
        ori = agency.ori
        name = agency.name
        access = agency.access
        jurisdiction = agency.jurisdiction
    }
}

struct CreateUserRequest: Decodable {
    let userID: String
    let agency: String
    let name: String
    let roles: [Role]
    let assignedOn: CalendarDate
}

/// A new user, and the one-time credential (shown once) they enrol with.
struct CreatedUserResponse: ResponseEncodable {
    let user: UserView
    let oneTimeCredential: String
    let oneTimeCredentialExpiresAt: LedgerTime?
}

struct CredentialResetResponse: ResponseEncodable {
    let userID: String
    let oneTimeCredential: String
    let expiresAt: LedgerTime?
}

struct RolesRequest: Decodable {
    let roles: [Role]
}

/// A user's own password change.
struct PasswordRequest: Decodable {
    let password: String
    let currentPassword: String
}

struct CertificationRequest: Decodable {
    let certifiedOn: CalendarDate
}

struct HomeAddressRequest: Decodable {
    let address: String
}

struct ReasonRequest: Decodable {
    let reason: String
}

struct APIKeyRequest: Decodable {
    let label: String
}

struct APIKeyResponse: ResponseEncodable {
    let keyID: String
    let key: String
}

struct UsersResponse: ResponseEncodable {
    let users: [UserView]
}

/// A user without secrets: no password hash, no sealed seed, no key hashes.
struct UserView: ResponseEncodable {
    let userID: String
    let agency: String
    let name: String
    let roles: [Role]
    let assignedOn: CalendarDate
    let certification: String
    let certificationDate: CalendarDate
    let disabledReason: String?
    /// Where the user lives, as a manager recorded it (misuse reports compare it with records).
    let homeAddress: String?
    let locked: Bool
    let lastLoginAt: LedgerTime?
    let apiKeys: [UserAccount.APIKey]
    /// Until the user enrols with their one-time credential.
    let enrolmentPending: Bool

    init(_ account: UserAccount, at time: LedgerTime) {
        userID = account.userID
        agency = account.agency
        name = account.name
        roles = account.roles.sorted
        assignedOn = account.assignedOn
        switch account.certification(at: time) {
        case .certified(let until): (certification, certificationDate) = ("certified", until)
        case .lapsed(let on): (certification, certificationDate) = ("lapsed", on)
        case .untrained(let dueBy): (certification, certificationDate) = ("untrained", dueBy)
        }
        disabledReason = account.disabledReason
        homeAddress = account.homeAddress
        locked = account.isLocked
        lastLoginAt = account.lastLoginAt
        apiKeys = account.apiKeys
        enrolmentPending = account.pendingEnrolment != nil
    }
}

struct StatsResponse: ResponseEncodable {
    let ledgerID: String
    let publicKey: String
    let events: UInt64
    let headHash: Digest32
    let rootHash: Digest32
    let latestCheckpoint: Checkpoint?
}

extension Request {
    /// Decodes the JSON body, bounded by the context's upload limit (413 beyond it). Decoding
    /// here rather than through Hummingbird keeps the decoding error, so the problem can name
    /// the field at fault.
    func json<T: Decodable>(_ type: T.Type, context: BlotterRequestContext) async throws -> T {
        let body: ByteBuffer
        do {
            body = try await self.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw Problem(status: .contentTooLarge, kind: "too-large", title: "Body too large",
                          detail: "a request body holds at most \(context.maxUploadSize) bytes")
        }
        // Composed (NFC) text throughout, so a name typed decomposed is stored as one; the
        // text policy refuses what escapes still leave decomposed.
        var data = Data(buffer: body)
        if data.contains(where: { $0 >= 0x80 }), let text = String(data: data, encoding: .utf8) {
            data = Data(TextPolicy.normalized(text).utf8)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let shape = BodyShapeError.find(in: data) { throw shape }
            throw error
        }
    }
}

/// A rap-sheet entry as it should read, and why it was wrong.
struct CorrectionRequest: Decodable {
    let entry: CriminalHistoryEntry
    let reason: String
}

struct DestructionRequest: Decodable {
    /// The arrest to destroy, as the rap sheet names it (its entry id).
    let arrestID: String
    /// The order's citation: court, case number, date.
    let order: String
}

extension Destruction: ResponseEncodable {}
extension AgencyStatistics: ResponseEncodable {}
extension HitConfirmationReport: ResponseEncodable {}
