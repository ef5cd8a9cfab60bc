import Access
import BundleArchive
import Foundation
import Hummingbird
import Ledger
import Records

/// Discovery: a court clerk enters an order naming its recipient and what it selects; the
/// recipient exports the bundle as a `.zip` (Docs/discovery.md). The export is recorded as an
/// access event before a byte of it leaves.
struct DiscoveryController {
    let services: BlotterServices

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.post("discovery/orders") { request, context in
            let principal = try await services.authorize(.orderDiscovery, request, context)
            let order = try await request.json(DiscoveryOrder.self, context: context)
            try checkRecipient(order.recipient)
            let sequence = try await services.records.orderDiscovery(order, by: principal.actor(clientAddress: context.clientAddress))
            return EditedResponse(status: .created, response: DiscoveryOrderResponse(eventSequence: sequence, order: order))
        }
        group.get("discovery/orders/{id}") { request, context in
            // Court clerks read any order; a recipient only the orders that name them.
            let principal = try context.requirePrincipal()
            let clerk = AccessPolicy.denial(of: .orderDiscovery, to: principal, at: services.clock.now(), rules: services.access.rules) == nil
            if !clerk { _ = try await services.authorize(.exportDiscovery, request, context) }
            let id = try context.parameters.require("id")
            guard let entered = try services.records.discoveryOrder(id: id) else { throw Problem.notFound("no discovery order \(id)") }
            if !clerk && entered.order.recipient != principal.account.userID {
                throw try await services.deny(
                    AccessPolicy.Denial(rule: "notRecipient", reason: "discovery order \(id) names another recipient"), request, context)
            }
            return DiscoveryOrderResponse(entered, showingClerk: clerk)
        }
        group.post("discovery/orders/{id}/vacate") { request, context in
            let principal = try await services.authorize(.orderDiscovery, request, context)
            let body = try await request.json(VacateRequest.self, context: context)
            let entered = try await services.records.vacateDiscoveryOrder(
                id: try context.parameters.require("id"), reason: body.reason, by: principal.actor(clientAddress: context.clientAddress))
            return DiscoveryOrderResponse(entered, showingClerk: true)
        }
        group.post("discovery/orders/{id}/exports") { request, context in
            let principal = try await services.authorize(.exportDiscovery, request, context)
            let body = try await request.json(ExportRequest.self, context: context)
            let answer = try await services.records.exportDiscovery(
                orderID: try context.parameters.require("id"), earlierTreeSize: body.earlierTreeSize,
                by: principal.actor(clientAddress: context.clientAddress))
            let name = "discovery-\(try context.parameters.require("id"))-\(answer.bundle.position)"
            let modified = Date(timeIntervalSince1970: 0)
            let zip = try BundleArchive.zip(answer.bundle.files, folder: name, modified: modified)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/zip",
                    .contentDisposition: "attachment; filename=\"\(name).zip\"",
                    .init("Blotter-Bundle-Name")!: name,
                    .init("Blotter-Access-Sequence")!: String(answer.accessSequence),
                    .init("Blotter-Bundle-Digest")!: answer.bundle.digest.hex,
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: zip)))
        }
    }

    /// An order names an enabled user with the discovery role: the defense receives it, no
    /// agency user can be named to receive another's records this way.
    private func checkRecipient(_ userID: String) throws {
        guard let account = try services.access.account(userID) else {
            throw Problem.invalid(field: "recipient", "no user \(userID)")
        }
        guard account.roles.contains(.discovery) else {
            throw Problem.invalid(field: "recipient", "\(userID) is not a discovery recipient (role discovery)")
        }
        guard account.disabledReason == nil else { throw Problem.invalid(field: "recipient", "\(userID) is disabled") }
    }

    struct ExportRequest: Decodable {
        let earlierTreeSize: UInt64?
    }

    struct VacateRequest: Decodable {
        let reason: String
    }

    struct DiscoveryOrderResponse: ResponseEncodable {
        let eventSequence: UInt64
        let order: DiscoveryOrder
        /// Present once the court vacated the order.
        var vacation: Vacation?

        struct Vacation: Encodable {
            let reason: String
            let sequence: UInt64
            let at: LedgerTime
            let court: String
            /// The clerk who recorded it: shown to court clerks, not to the recipient.
            let by: String?
        }
    }
}

extension DiscoveryController.DiscoveryOrderResponse {
    init(_ entered: EnteredDiscoveryOrder, showingClerk: Bool) {
        self.init(eventSequence: entered.orderedSequence, order: entered.order)
        vacation = entered.vacation.map {
            Vacation(reason: $0.reason, sequence: $0.sequence, at: $0.at, court: $0.court, by: showingClerk ? $0.by : nil)
        }
    }
}
