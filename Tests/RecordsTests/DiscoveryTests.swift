import Foundation
import Ledger
@testable import Records
import Testing
import TestSupport

/// Defense discovery: a court's order, its recipient's export, and the bundle: every event and
/// access of the selection, proved against a signed checkpoint, verified offline, each
/// redaction rule on its own, tampering of every kind caught, and the export itself on the record.
@Suite("Discovery bundles")
struct DiscoveryTests {
    static let defense = EventActor(userID: "defense-1", agency: "CA034013P", clientAddress: "10.8.8.8")
    static let otherDefense = EventActor(userID: "defense-2", agency: "CA034013P", clientAddress: "10.8.8.9")
    static let auditor = EventActor(userID: "aud-state-1", agency: "CA0000000", clientAddress: "10.9.9.9")
    static let subject = Samples.person()

    static func order(_ id: String = "SC-26-CR-0042-D1", selection: RecordQuery = .stateID("A12345678"), sealed: Bool = false,
                      recipient: String = "defense-1") -> DiscoveryOrder {
        DiscoveryOrder(id: id, citation: "SACRAMENTO SUPERIOR COURT 26CR0042, ORDER OF 20260601", caseNumber: "26CR0042",
                       recipient: recipient, selection: selection, disclosesSealedArrests: sealed)
    }

    /// An order entered and exported by its recipient: the answer and the bundle as verified.
    static func export(_ fixture: RecordsFixture, _ order: DiscoveryOrder = order(), earlier: UInt64? = nil, enter: Bool = true) async throws
        -> (DiscoveryAnswer, BundleVerifier.Report)
    {
        if enter { _ = try await fixture.service.orderDiscovery(order, by: RecordsFixture.court) }
        let answer = try await fixture.service.exportDiscovery(orderID: order.id, earlierTreeSize: earlier, by: Self.defense)
        let report = BundleVerifier.verify(answer.bundle.files, trustedKey: fixture.ledger.checkpointVerifierKey)
        #expect(report.holds, "\(report.findings)")
        return (answer, report)
    }

    /// The rendering's lines, by sequence.
    static func rendering(_ bundle: DiscoveryBundle) throws -> [UInt64: [String: Any]] {
        var lines: [UInt64: [String: Any]] = [:]
        for line in bundle.files["events.jsonl"]!.split(separator: 0x0A) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            lines[(object["sequence"] as! NSNumber).uint64Value] = object
        }
        return lines
    }

    static func contains(_ bundle: DiscoveryBundle, _ text: String) -> [String] {
        bundle.files.filter { String(decoding: $0.value, as: UTF8.self).contains(text) }.map(\.key).sorted()
    }

    @Test func anExportHoldsEveryEventAndAccessOfTheSubjectAndVerifies() async throws {
        let fixture = try RecordsFixture()
        // Searched for before any record existed: found nothing, and is still about him.
        let early = try await fixture.query(.stateID("A12345678"))
        let want = try await fixture.enter(Samples.wanted())
        let other = try await fixture.enter(Samples.wanted(Samples.person("ROE, RICHARD", born: "19750505", stateID: "A87654321"), case: "24-000999"))
        let found = try await fixture.query(.stateID("A12345678"))
        let unrelated = try await fixture.query(.stateID("A87654321"))
        let (answer, report) = try await Self.export(fixture)

        let lines = try Self.rendering(answer.bundle)
        let wantEvents = try fixture.ledger.read { try $0.streamSequences(want.number.stream) }
        #expect(Set(lines.keys).isSuperset(of: wantEvents + [early.accessSequence, found.accessSequence]))
        #expect(lines[unrelated.accessSequence] == nil && Self.contains(answer.bundle, other.number.text).isEmpty, "nothing of another person")
        #expect(lines[early.accessSequence]?["payloadState"] as? String == "included", "a search that found nothing is shown whole")
        #expect(answer.bundle.records.map(\.number) == [want.number])
        #expect(report.events == lines.count && report.treeSize == answer.bundle.position)
        // The order itself is in the bundle, whole.
        #expect(lines.values.contains { $0["type"] as? String == DiscoveryOrder.eventType && $0["payloadState"] as? String == "included" })
        let html = String(decoding: answer.bundle.files["report.html"]!, as: UTF8.self)
        #expect(html.contains(want.number.text) && html.contains("26CR0042") && html.contains("off-la-1"))
    }

    @Test func theExportIsAnAccessEventInTheRecordsLogsAndCanBeDerivedAgain() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let (answer, _) = try await Self.export(fixture)
        let event = try #require(try fixture.ledger.read { try $0.event(at: answer.accessSequence) })
        #expect(event.actor.userID == Self.defense.userID && event.type == AccessRecord.eventType)
        let access = try AccessRecord(canonicalJSON: try #require(event.payload))
        #expect(access.read == .discovery(order: Self.order().id, earlierTreeSize: nil))
        #expect(access.answerDigest == Digest32.sha256(answer.bundle.files["manifest.json"]!))
        let accesses = try await fixture.service.accesses(to: want.number, context: QueryContext(purpose: .administrative), by: Self.auditor)
        #expect(accesses.accesses.contains { $0.sequence == answer.accessSequence && $0.read.kind == "discovery" })
        let investigation = try await fixture.service.investigate(.stateID("A12345678"), context: QueryContext(purpose: .administrative), scope: .statewide, by: Self.auditor)
        #expect(investigation.investigation.timeline.contains { $0.sequence == answer.accessSequence })
        // Built again from the log as it stood, the bundle has the same digest.
        _ = try await fixture.enter(Samples.stolenGun())
        let rederived = try fixture.service.rederive(accessSequence: answer.accessSequence)
        #expect(rederived.matches, "\(rederived)")
    }

    // MARK: Each redaction rule on its own

    @Test func aProtectiveOrdersProtectedPersonsAreWithheldAndTheEventStillProves() async throws {
        let fixture = try RecordsFixture()
        let order = try await fixture.enter(Samples.order(), by: RecordsFixture.court)
        let (answer, report) = try await Self.export(fixture)
        let lines = try Self.rendering(answer.bundle)
        let entered = try #require(lines[order.lastSequence])
        #expect(entered["payloadState"] as? String == "withheld" && entered["rule"] as? String == "protectedPersons")
        #expect(entered["payload"] == nil)
        let rendering = try #require(entered["rendering"] as? [String: Any])
        let facts = try #require((rendering["facts"] as? [String: Any])?["protectedPersons"] as? [[String: Any]])
        #expect(facts.map { $0["name"] as? String } == ["WITHHELD, PROTECTED PERSON"])
        #expect(Self.contains(answer.bundle, "DOE, MARY").isEmpty && Self.contains(answer.bundle, "SPOUSE").isEmpty)
        #expect(report.withheld == 1)
        // The restrained person's own data is still shown, in the rendering and the report.
        #expect(Self.contains(answer.bundle, "24FL01234").contains("report.html"))
    }

    /// A rap sheet with two arrests for the subject; the second gets `relief`. Returns the
    /// arrest's event and the relief's.
    static func rapSheet(_ fixture: RecordsFixture, relief: CriminalHistoryEntry.Relief) async throws -> (arrest: UInt64, relief: UInt64) {
        let person = try await fixture.enter(.person(Self.subject))
        let history = try await fixture.enter(.criminalHistory(CriminalHistoryFacts(person: person.number, subject: Self.subject)))
        let kept = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20240101"), bookingNumber: "B-KEPT-1", statute: "PC459", offenseLevel: .felony)
        try await fixture.service.execute(.addHistoryEntry(history.number, kept), by: RecordsFixture.sacramento)
        let arrest = CriminalHistoryEntry(kind: .arrest, date: Samples.date("20250202"), bookingNumber: "B-RELIEVED-9", statute: "HS11357",
                                          offenseLevel: .misdemeanor, offenseDescription: "RELIEVED OFFENSE")
        let afterArrest = try await fixture.service.execute(.addHistoryEntry(history.number, arrest), by: RecordsFixture.sacramento)
        let annotation = CriminalHistoryEntry(kind: .relief, date: Samples.date("20260101"), arrestID: afterArrest.history.last!.id, relief: relief)
        let afterRelief = try await fixture.service.execute(.addHistoryEntry(history.number, annotation), by: RecordsFixture.court)
        return (afterArrest.lastSequence, afterRelief.lastSequence)
    }

    @Test func aSealedArrestIsWithheldUnlessTheOrderDisclosesIt() async throws {
        for disclosed in [false, true] {
            let fixture = try RecordsFixture()
            let (arrest, relief) = try await Self.rapSheet(fixture, relief: .sealedPetition)
            let (answer, _) = try await Self.export(fixture, Self.order(sealed: disclosed))
            let lines = try Self.rendering(answer.bundle)
            for sequence in [arrest, relief] {
                let line = try #require(lines[sequence])
                #expect(line["payloadState"] as? String == (disclosed ? "included" : "withheld"), "sealed disclosed: \(disclosed)")
                #expect(line["rule"] as? String == (disclosed ? nil : "sealedArrest"))
            }
            #expect(Self.contains(answer.bundle, "B-RELIEVED-9").isEmpty != disclosed)
            #expect(!Self.contains(answer.bundle, "B-KEPT-1").isEmpty, "the other arrest is shown either way")
        }
    }

    @Test func anArrestFoundFactuallyInnocentIsWithheldWhateverTheOrderSays() async throws {
        let fixture = try RecordsFixture()
        let (arrest, relief) = try await Self.rapSheet(fixture, relief: .factualInnocence)
        let (answer, _) = try await Self.export(fixture, Self.order(sealed: true))
        let lines = try Self.rendering(answer.bundle)
        #expect([arrest, relief].map { lines[$0]?["rule"] as? String } == ["factualInnocence", "factualInnocence"])
        #expect(Self.contains(answer.bundle, "B-RELIEVED-9").isEmpty && Self.contains(answer.bundle, "RELIEVED OFFENSE").isEmpty)
    }

    @Test func anAccessThatShowedOtherPeoplesRecordsIsWithheldWithOnlyTheSubjectsShown() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted(case: "24-SHARED"))
        let other = try await fixture.enter(Samples.wanted(Samples.person("ROE, RICHARD", born: "19750505", stateID: "A87654321"), case: "24-SHARED"))
        let both = try await fixture.query(.caseNumber("24-SHARED"))
        #expect(Set(both.hits.map(\.number)) == [want.number, other.number])
        let (answer, _) = try await Self.export(fixture)
        let line = try #require(try Self.rendering(answer.bundle)[both.accessSequence])
        #expect(line["rule"] as? String == "otherSubjects" && line["payload"] == nil)
        let rendering = try #require(line["rendering"] as? [String: Any])
        #expect((rendering["results"] as? [[String: Any]])?.map { $0["number"] as? String } == [want.number.text])
        #expect((rendering["otherResults"] as? NSNumber)?.intValue == 1)
        #expect(Self.contains(answer.bundle, other.number.text).isEmpty && Self.contains(answer.bundle, "ROE, RICHARD").isEmpty)
    }

    @Test func afterADestructionOrderAnExportHoldsNoneOfTheDestroyedDataAndStillVerifies() async throws {
        let fixture = try RecordsFixture()
        let (arrest, _) = try await Self.rapSheet(fixture, relief: .dismissal)
        let number = try #require(try fixture.ledger.read { transaction in
            try transaction.event(at: arrest).flatMap { RecordNumber(String($0.stream.dropFirst(7))) }
        })
        let arrestID = try #require(try fixture.service.record(number)?.record.history.first { $0.entry.bookingNumber == "B-RELIEVED-9" }?.id)
        let (before, _) = try await Self.export(fixture, Self.order("ORDER-BEFORE"))
        #expect(!Self.contains(before.bundle, "B-RELIEVED-9").isEmpty)
        let destruction = try await fixture.service.destroy(DestructionOrder(number: number, arrestID: arrestID, citation: "LASC 26-FI-0042"), by: RecordsFixture.court)
        let (after, report) = try await Self.export(fixture, Self.order("ORDER-AFTER"))
        for text in ["B-RELIEVED-9", "RELIEVED OFFENSE", "HS11357"] {
            #expect(Self.contains(after.bundle, text).isEmpty, "\(text) left in \(Self.contains(after.bundle, text))")
        }
        let lines = try Self.rendering(after.bundle)
        for sequence in destruction.removedEvents {
            #expect(lines[sequence]?["payloadState"] as? String == "destroyed")
            #expect((lines[sequence]?["redactedBy"] as? NSNumber)?.uint64Value == destruction.redactionSequence)
        }
        #expect(report.redacted == destruction.removedEvents.count)
    }

    // MARK: Two exports, one ledger

    @Test func exportsBeforeAndAfterAModificationEachVerifyAndAConsistencyProofLinksThem() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        let (first, _) = try await Self.export(fixture, Self.order("ORDER-1"))
        var facts = try #require(try fixture.service.record(want.number)?.record.facts)
        if case .wantedPerson(var wanted) = facts { wanted.caution = "ARMED"; facts = .wantedPerson(wanted) }
        try await fixture.service.execute(.modify(want.number, facts, expectedVersion: want.version), by: RecordsFixture.sacramento)
        let (second, report) = try await Self.export(fixture, Self.order("ORDER-2"), earlier: first.bundle.position)
        #expect(second.bundle.position > first.bundle.position)
        #expect(report.earlierTreeSize == first.bundle.position)
        #expect(second.bundle.files["consistency.json"] != nil && first.bundle.files["consistency.json"] == nil)
        #expect(Self.contains(second.bundle, "ARMED").contains("events.bin") && Self.contains(first.bundle, "ARMED").isEmpty)
        // The first bundle's checkpoint is the consistency proof's old root.
        let firstNote = try CheckpointNote(parsing: String(decoding: first.bundle.files["checkpoint.note"]!, as: UTF8.self))
        let proof = try #require(try JSONSerialization.jsonObject(with: Data(second.bundle.files["consistency.json"]!)) as? [String: Any])
        #expect(proof["oldRoot"] as? String == firstNote.rootHash.hex)
    }

    // MARK: Refusals, each on the record

    @Test func onlyTheRecipientExportsAndEveryRefusalIsRecorded() async throws {
        let fixture = try RecordsFixture()
        _ = try await fixture.enter(Samples.wanted())
        let order = Self.order()
        _ = try await fixture.service.orderDiscovery(order, by: RecordsFixture.court)
        for (orderID, actor, rule) in [
            (order.id, Self.otherDefense, RecordRejection.Rule.notRecipient),
            ("NO-SUCH-ORDER", Self.defense, .notFound),
        ] {
            let refusal = try await #require(throws: RecordRejection.self) {
                try await fixture.service.exportDiscovery(orderID: orderID, earlierTreeSize: nil, by: actor)
            }
            #expect(refusal.rule == rule)
            let event = try #require(try fixture.ledger.read { try $0.event(at: refusal.rejectionSequence) })
            #expect(event.actor.userID == actor.userID && String(decoding: event.payload!, as: UTF8.self).contains(orderID))
        }
        let tooLate = try await #require(throws: RecordRejection.self) {
            try await fixture.service.exportDiscovery(orderID: order.id, earlierTreeSize: 10_000, by: Self.defense)
        }
        #expect(tooLate.rule == .invalidField && tooLate.problems.first?.field == "earlierTreeSize")
        let again = try await #require(throws: RecordRejection.self) { try await fixture.service.orderDiscovery(order, by: RecordsFixture.court) }
        #expect(again.rule == .duplicate)
        let invalid = DiscoveryOrder(id: "BAD ID/1", citation: " ", caseNumber: "26CR0042", recipient: "defense-1", selection: .plate("7ABC123", state: "CA"))
        let refused = try await #require(throws: RecordRejection.self) { try await fixture.service.orderDiscovery(invalid, by: RecordsFixture.court) }
        #expect(Set(refused.problems.compactMap(\.field)).isSuperset(of: ["id", "citation", "selection.by"]))
        let forThemselves = try await #require(throws: RecordRejection.self) {
            try await fixture.service.orderDiscovery(Self.order("SELF-1", recipient: RecordsFixture.court.userID), by: RecordsFixture.court)
        }
        #expect(forThemselves.problems.map(\.field) == ["recipient"])
    }

    @Test func aVacatedOrderExportsNothingMoreAndItsEarlierExportsDeriveAgain() async throws {
        let fixture = try RecordsFixture()
        _ = try await fixture.enter(Samples.wanted())
        let (before, _) = try await Self.export(fixture)
        let order = Self.order()
        // Two clerks vacate it at once: one event, the other refused on the record.
        @Sendable func vacate(_ reason: String) async -> Result<EnteredDiscoveryOrder, any Error> {
            do { return .success(try await fixture.service.vacateDiscoveryOrder(id: order.id, reason: reason, by: RecordsFixture.court)) } catch { return .failure(error) }
        }
        async let first = vacate("VACATED ON APPEAL")
        async let second = vacate("WITHDRAWN BY THE COURT")
        let outcomes = await [first, second]
        let vacated = try #require(outcomes.compactMap { try? $0.get() }.first)
        #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
        #expect(outcomes.contains { if case .failure(let refusal as RecordRejection) = $0 { return refusal.rule == .orderVacated }; return false })
        let vacation = try #require(vacated.vacation)
        #expect(vacation.by == RecordsFixture.court.userID)
        #expect(try fixture.ledger.read { try $0.streamSequences(order.stream) }.count == 2, "the order and one vacation")

        let refusal = try await #require(throws: RecordRejection.self) {
            try await fixture.service.exportDiscovery(orderID: order.id, earlierTreeSize: nil, by: Self.defense)
        }
        #expect(refusal.rule == .orderVacated && refusal.description.contains(vacation.reason))
        let recorded = try #require(try fixture.ledger.read { try $0.event(at: refusal.rejectionSequence) })
        #expect(recorded.actor.userID == Self.defense.userID && String(decoding: recorded.payload!, as: UTF8.self).contains(order.id))
        // What was exported before the vacation is derived again as it was.
        let rederived = try fixture.service.rederive(accessSequence: before.accessSequence)
        #expect(rederived.matches, "\(rederived)")

        // Another court's clerk cannot set the order aside (tried on a standing order).
        let standing = Self.order("SC-26-CR-0042-D2")
        _ = try await fixture.service.orderDiscovery(standing, by: RecordsFixture.court)
        let otherCourt = EventActor(userID: "clerk-9", agency: "CA019015J", clientAddress: "10.3.3.9")
        for (id, reason, rule, clerk) in [
            ("NO-SUCH-ORDER", "ERROR", RecordRejection.Rule.notFound, RecordsFixture.court), (standing.id, " ", .invalidField, RecordsFixture.court),
            (standing.id, "TWO\nLINES", .invalidField, RecordsFixture.court), (standing.id, "VACATED", .ownerOnly, otherCourt),
            (order.id, "AGAIN", .orderVacated, RecordsFixture.court),
        ] {
            let refused = try await #require(throws: RecordRejection.self) {
                try await fixture.service.vacateDiscoveryOrder(id: id, reason: reason, by: clerk)
            }
            #expect(refused.rule == rule)
            let event = try #require(try fixture.ledger.read { try $0.event(at: refused.rejectionSequence) })
            #expect(event.type == RejectionRecord.eventType && String(decoding: event.payload!, as: UTF8.self).contains("vacateDiscoveryOrder"))
            #expect(event.actor.userID == clerk.userID)
            #expect(refused.description.contains(id), "the refusal names the order")
        }
        #expect(try fixture.service.discoveryOrder(id: standing.id)?.vacation == nil)
    }

    @Test func anExportRacingTheVacationIsEitherRecordedBeforeItOrRefused() async throws {
        let fixture = try RecordsFixture()
        _ = try await fixture.enter(Samples.wanted())
        for round in 1...12 {
            let order = Self.order("RACE-\(round)")
            _ = try await fixture.service.orderDiscovery(order, by: RecordsFixture.court)
            async let exported: DiscoveryAnswer? = try? await fixture.service.exportDiscovery(orderID: order.id, earlierTreeSize: nil, by: Self.defense)
            async let vacated = fixture.service.vacateDiscoveryOrder(id: order.id, reason: "VACATED", by: RecordsFixture.court)
            let (export, entered) = (await exported, try await vacated)
            let vacation = try #require(entered.vacation)
            if let export {
                #expect(export.accessSequence < vacation.sequence, "an export recorded after the vacation (round \(round))")
            }
        }
    }

    // MARK: Tampering

    /// A bundle, and what verifying it after `change` finds.
    static func findings(after change: (inout [String: [UInt8]]) throws -> Void, _ bundle: DiscoveryBundle, key: String) rethrows -> [BundleVerifier.Finding] {
        var files = bundle.files
        try change(&files)
        return BundleVerifier.verify(files, trustedKey: key).findings
    }

    /// `events.bin`'s records, each with its length prefix.
    static func records(_ bytes: [UInt8]) -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let length = Int(bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            records.append(Array(bytes[offset..<offset + 4 + length]))
            offset += 4 + length
        }
        return records
    }

    @Test func everyKindOfTamperingIsCaughtAndNamed() async throws {
        let fixture = try RecordsFixture()
        let want = try await fixture.enter(Samples.wanted())
        _ = try await fixture.query(.stateID("A12345678"))
        let (answer, _) = try await Self.export(fixture)
        let key = fixture.ledger.checkpointVerifierKey
        let bundle = answer.bundle
        let third = Self.records(bundle.files["events.bin"]!)[2]
        let thirdSequence = third[5..<13].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }

        // One byte of an event's header changed: the file's digest and the event's own hash.
        let flipped = Self.findings(after: { files in
            let offset = Self.records(files["events.bin"]!)[0..<2].reduce(0) { $0 + $1.count } + 4 + 30
            files["events.bin"]![offset] ^= 0x01
        }, bundle, key: key)
        #expect(flipped.contains { $0.file == "events.bin" && $0.sequence == nil && $0.message.contains("SHA-256") })
        #expect(flipped.contains { $0.file == "events.bin" && $0.sequence == thirdSequence && $0.message.contains("hash") })

        // An event removed (its proof and its line too): the manifest's count and digests.
        let removed = Self.findings(after: { files in
            files["events.bin"] = Self.records(files["events.bin"]!).enumerated().filter { $0.offset != 2 }.flatMap(\.element)
            var proofs = files["proofs.jsonl"]!.split(separator: 0x0A).map(Array.init)
            proofs.remove(at: 2)
            files["proofs.jsonl"] = proofs.flatMap { $0 + [0x0A] }
        }, bundle, key: key)
        #expect(removed.contains { $0.file == "events.bin" && $0.message.contains("manifest says") })
        #expect(removed.contains { $0.file == "events.jsonl" && $0.message.contains("renders") })

        // An event added (a copy of one already there): out of order.
        let added = Self.findings(after: { files in files["events.bin"]! += third }, bundle, key: key)
        #expect(added.contains { $0.file == "events.bin" && $0.sequence == thirdSequence && $0.message.contains("out of order") })

        // A proof for another tree: the checkpoint and proofs of a later export of the same order.
        _ = try await fixture.enter(Samples.stolenGun())
        let later = try await fixture.service.exportDiscovery(orderID: Self.order().id, earlierTreeSize: nil, by: Self.defense).bundle
        let otherTree = try Self.findings(after: { files in
            files["checkpoint.note"] = later.files["checkpoint.note"]
            files["proofs.jsonl"] = later.files["proofs.jsonl"]
        }, bundle, key: key)
        #expect(otherTree.contains { $0.file == "checkpoint.note" && $0.message.contains("the manifest's is") })
        #expect(otherTree.contains { $0.file == "proofs.jsonl" && $0.message.contains("inclusion proof") })

        // A payload changed and its proof left alone: the salted digest. The byte changed is in
        // the entry's state id, text no hash or salt byte run can be mistaken for (a lone digit
        // could be, and made this case flaky).
        let stateID = Array("A12345678".utf8)
        let payload = try Self.findings(after: { files in
            let bytes = files["events.bin"]!
            let start = try #require((0...(bytes.count - stateID.count)).first { bytes[$0..<$0 + stateID.count].elementsEqual(stateID) })
            files["events.bin"]![start + 1] = UInt8(ascii: "9")
        }, bundle, key: key)
        #expect(payload.contains { $0.file == "events.bin" && $0.message.contains("salted digest") })

        // Signed by another key: the forger re-signs everything with theirs and ships its key.
        let forger = try RecordsFixture()
        let forged = try await Self.export(forger).0.bundle
        let otherKey = Self.findings(after: { files in files = forged.files }, bundle, key: key)
        #expect(otherKey.contains { $0.file == "ledger.vkey" && $0.message.contains("another key") })

        // A file added, and the manifest edited: both named.
        #expect(Self.findings(after: { $0["extra.txt"] = Array("x".utf8) }, bundle, key: key).contains { $0.file == "extra.txt" })
        let manifest = Self.findings(after: { files in files["manifest.json"]!.append(0x20) }, bundle, key: key)
        #expect(manifest.contains { $0.file == "manifest.json" && $0.message.contains("signed note") })
        _ = want
    }
}
