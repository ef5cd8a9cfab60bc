import Access
import Hummingbird
import Ledger
import Records

/// Administrative messages between agencies: send (to an agency, a list, or every registered
/// agency of a region), the agency's inbox and outbox, and opening a message, which records
/// the read receipt.
struct AgencyMessageController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("agency-messages") { request, context in
            let principal = try await services.authorize(.agencyMessages, request, context)
            let body = try await request.json(AgencyMessageRequest.self, context: context)
            let actor = principal.actor(clientAddress: context.clientAddress)
            let message = AgencyMessage(to: body.to, subject: body.subject, text: body.text, priority: body.priority ?? .routine)
            let recipients = try await resolve(message.to, sender: principal.agency.ori, actor: actor)
            let sent = try await services.records.send(message, to: recipients, by: actor)
            return EditedResponse(status: .created, headers: [.location: "/agency-messages/\(sent.id)"], response: sent)
        }
        group.post("agency-messages/{id}/reads") { request, context in
            let principal = try await services.authorize(.agencyMessages, request, context)
            let text = try context.parameters.require("id")
            guard let id = UInt64(text), id > 0 else { throw Problem.invalid(field: "id", "\(text) is not a message id") }
            return try await services.records.openAgencyMessage(id, by: principal.actor(clientAddress: context.clientAddress))
        }
        group.get("agencies/{ori}/inbox") { request, context in
            let ori = try await ownAgency(request, context)
            return try services.records.inbox(of: ori, limit: try limit(request))
        }
        group.get("agencies/{ori}/outbox") { request, context in
            let ori = try await ownAgency(request, context)
            return try services.records.outbox(of: ori, limit: try limit(request))
        }
    }

    /// The registered agencies a message's addressing reaches (never the sender's own through a
    /// region). Unknown agencies, a malformed region, or too many agencies are refused and the
    /// refusal recorded.
    private func resolve(_ addressees: AgencyMessage.Addressees, sender: String, actor: EventActor) async throws -> [String] {
        let maximum = AgencyMessage.maximumRecipients
        func refuse(_ reason: String) async throws -> RecordRejection {
            try await services.records.refuseAgencyMessage([FieldProblem(field: "to", reason)], by: actor)
        }
        switch addressees {
        case .agency(let ori): return try await registered([ori], refuse)
        case .agencies(let oris):
            guard oris.count <= maximum else { throw try await refuse("names \(oris.count) agencies; a message reaches at most \(maximum)") }
            return try await registered(oris, refuse)
        case .region(let prefix):
            guard (2...9).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw try await refuse("a region is the first 2 to 9 characters of an ORI (CA034), upper-case letters and digits")
            }
            let found = try services.access.agencies(withPrefix: prefix, limit: maximum + 2).filter { $0 != sender }
            guard found.count <= maximum else { throw try await refuse("region \(prefix) holds more than \(maximum) agencies; name a narrower one") }
            return found
        }
    }

    private func registered(_ oris: [String], _ refuse: (String) async throws -> RecordRejection) async throws -> [String] {
        let unknown = try oris.filter { try services.access.agency(String($0.prefix(20))) == nil }
        guard unknown.isEmpty else {
            throw try await refuse("\(unknown.prefix(5).map { String($0.prefix(20)) }.joined(separator: ", ")) \(unknown.count == 1 ? "is not a registered agency" : "are not registered agencies")")
        }
        return oris
    }

    /// The caller's own agency's ORI from the path; another agency's mailbox is refused.
    private func ownAgency(_ request: Request, _ context: BlotterRequestContext) async throws -> String {
        try await services.authorizeOwnAgency(.agencyMessages, reason: "an agency's messages are its own", request, context)
    }

    private func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return AgencyMailbox.defaultLimit }
        guard let limit = Int(text), (1...AgencyMailbox.maximumLimit).contains(limit) else {
            throw Problem.invalid(field: "limit", "1 to \(AgencyMailbox.maximumLimit)")
        }
        return limit
    }
}

/// `POST /agency-messages`: the message, its priority routine unless said.
struct AgencyMessageRequest: Decodable {
    let to: AgencyMessage.Addressees
    let subject: String
    let text: String
    let priority: AgencyMessage.Priority?
}

extension RecordsService.SentMessage: ResponseEncodable {}
extension AgencyMailbox: ResponseEncodable {}
extension OpenedAgencyMessage: ResponseEncodable {}
