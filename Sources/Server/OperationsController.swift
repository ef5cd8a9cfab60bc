import Access
import Foundation
import Hummingbird
import Ledger

/// Health, metrics, the API description and the banner (no credentials), and the ledger's
/// statistics, checkpoints and proofs (for auditors and administrators).
struct OperationsController {
    let services: BlotterServices
    let openAPIDocument: String

    func addPublicRoutes(to router: Router<BlotterRequestContext>) {
        router.get("health") { _, _ in
            // Reads may still be answered while writes fail: degraded, with each reason.
            var problems = services.healthProblems()
            let events: UInt64?
            do {
                events = try services.ledger.read { try $0.lastSequence() }
            } catch {
                events = nil
                problems.append("the ledger cannot be read: \(error)")
            }
            return HealthResponse(status: problems.isEmpty ? "ok" : "degraded", events: events,
                                  writerQueueDepth: services.writer.metrics.queueDepth, problems: problems)
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: services.metrics.prometheusText())))
        }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: openAPIDocument)))
        }
        router.get("banner") { _, _ in
            BannerResponse(banner: AccessService.banner)
        }
    }

    func addRoutes(to group: RouterGroup<BlotterRequestContext>) {
        group.get("ledger/stats") { request, context in
            _ = try await services.authorize(.verifyLedger, request, context)
            let statistics = try services.ledger.read { try $0.statistics() }
            return StatsResponse(
                ledgerID: statistics.identity.id.uuidString.lowercased(), publicKey: TextEncoding.hex(statistics.identity.publicKey),
                events: statistics.head.sequence, headHash: statistics.head.hash, rootHash: statistics.head.rootHash,
                latestCheckpoint: statistics.latestCheckpoint)
        }
        group.post("ledger/checkpoints") { request, context in
            _ = try await services.authorize(.verifyLedger, request, context)
            let checkpoint = try await services.writer.submit { try $0.createCheckpoint() }
            return EditedResponse(status: .created, response: CheckpointResponse(checkpoint: checkpoint))
        }
        // The latest checkpoint as a C2SP signed note: the form people keep outside the ledger
        // and later check it against (`blotter verify --against`).
        group.get("ledger/checkpoints/latest/note") { request, context in
            _ = try await services.authorize(.verifyLedger, request, context)
            guard let latest = try services.ledger.read({ try $0.latestCheckpoint() }) else {
                throw Problem.notFound("no checkpoint has been signed yet")
            }
            let note = try services.ledger.checkpointNote(treeSize: latest.treeSize)
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .init("Blotter-Verifier-Key")!: services.ledger.checkpointVerifierKey],
                            body: .init(byteBuffer: ByteBuffer(string: note.text)))
        }
        group.get("ledger/proofs/{sequence}") { request, context in
            _ = try await services.authorize(.verifyLedger, request, context)
            guard let sequence = UInt64(try context.parameters.require("sequence")) else {
                throw Problem.invalid(field: "sequence", "must be a positive integer")
            }
            let treeSize = try request.uri.queryParameters.get("treeSize").map { text in
                guard let size = UInt64(text) else { throw Problem.invalid(field: "treeSize", "must be a non-negative integer") }
                return size
            }
            return ProofResponse(proof: try services.ledger.read { try $0.inclusionProof(sequence: sequence, treeSize: treeSize) })
        }
    }
}

struct CheckpointResponse: ResponseEncodable {
    let checkpoint: Checkpoint
}

struct ProofResponse: ResponseEncodable {
    let proof: InclusionProof
}
