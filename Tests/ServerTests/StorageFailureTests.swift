import Foundation
import Ledger
import Records
@testable import Server
import Testing
import TestSupport

/// Writes failing in storage are answered 507 or 503, never 500; health says writes fail and
/// why while they do; nothing acknowledged is lost; and once the storage takes writes again
/// the service carries on. The failure is real: the running service's file-size limit is
/// lowered until LMDB's writes past the end of the data file fail (EFBIG, or a short write
/// that LMDB reports as EIO, as on a full disk).
@Suite("Failed writes in storage")
struct StorageFailureTests {
    @Test func commitsThatFailInStorageAnswer507Or503AndHealthSaysWhy() async throws {
        let binary = try BuiltProducts.executable(named: "blotter")
        let directory = TemporaryDirectory()
        let data = directory.path + "/data"
        let server = try await ServiceProcess.start(binary: binary, data: data, log: directory.path + "/service.log")
        defer { server.kill() }
        let key = try await server.provisionOperator()
        let dataFile = data + "/ledger/data.mdb"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: dataFile)[.size] as? Int)
        try Self.limitFileSize(of: server.process.processIdentifier, to: size + 128 * 1_024)

        var statuses: [Int: Int] = [:]
        var acknowledged: [String] = []
        var count = 0
        while statuses.filter({ $0.key != 201 }).values.reduce(0, +) < 20, count < 5_000 {
            count += 1
            let (status, number) = try await Self.enterGun(port: server.port, key: key, serial: "FS\(count)")
            statuses[status, default: 0] += 1
            if let number { acknowledged.append(number) }
        }
        #expect(Set(statuses.keys).isSubset(of: [201, 503, 507]), "answers while storage failed: \(statuses)")
        #expect((statuses[201] ?? 0) > 0 && (statuses[503] ?? 0) + (statuses[507] ?? 0) >= 20, "\(statuses)")
        let degraded = try await HTTP.call(port: server.port, "GET", "/health")
        #expect(degraded.json["status"] as? String == "degraded", "\(degraded.text)")
        #expect((degraded.json["problems"] as? [String])?.first?.contains("writes are failing") == true, "\(degraded.text)")
        let metrics = try await HTTP.call(port: server.port, "GET", "/metrics")
        #expect(metrics.text.contains("blotter_writer_failing 1"), "\(metrics.text.prefix(2_000))")

        try Self.limitFileSize(of: server.process.processIdentifier, to: nil)
        let (status, number) = try await Self.enterGun(port: server.port, key: key, serial: "FS-AFTER")
        #expect(status == 201)
        if let number { acknowledged.append(number) }
        let healthy = try await HTTP.call(port: server.port, "GET", "/health")
        #expect(healthy.json["status"] as? String == "ok", "\(healthy.text)")
        server.kill()

        let ledger = try Ledger(directory: data, configuration: LedgerConfiguration(projections: BlotterServices.projections()))
        try ledger.read { transaction throws in
            let records = transaction.tables(of: RecordsProjection.self)
            for number in acknowledged {
                #expect(try RecordsProjection.state(of: RecordNumber(number)!, in: records) != nil, "acknowledged \(number) is missing")
            }
        }
        let report = try LedgerVerifier.verify(ledger)
        #expect(report.isValid, "\(report.failures) \(report.derivedTables?.differences ?? [])")
    }

    static func enterGun(port: Int, key: String, serial: String) async throws -> (Int, String?) {
        let body = #"{"kind":"stolenGun","facts":{"serialNumber":"\#(serial)","make":"GLOCK","caliber":"9MM","gunType":"PISTOL","dateOfTheft":"20260101","caseNumber":"C-\#(serial)","remarks":"\#(String(repeating: "X", count: 200))"}}"#
        let answer = try await HTTP.call(port: port, "POST", "/records", json: body, headers: ["X-API-Key": key])
        return (answer.status, answer.status == 201 ? (answer.json["record"] as? [String: Any])?["number"] as? String : nil)
    }

    /// Sets a running process's file-size limit with util-linux's `prlimit` (Glibc does not
    /// export the call to Swift); nil lifts it.
    static func limitFileSize(of process: Int32, to bytes: Int?) throws {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        tool.arguments = ["--pid", String(process), "--fsize=" + (bytes.map { "\($0):unlimited" } ?? "unlimited:unlimited")]
        try tool.run()
        tool.waitUntilExit()
        guard tool.terminationStatus == 0 else { throw ServiceFailure(description: "prlimit failed (\(tool.terminationStatus))") }
    }
}

/// A live reader holding an old snapshot too long is reported by health, metrics and the
/// log, and stops being reported once it ends.
@Suite("Pinned readers")
struct PinnedReaderTests {
    @Test func aReaderHoldingASnapshotPastTheLimitDegradesHealthUntilItEnds() async throws {
        let fixture = try await ServerFixture()
        let services = fixture.services
        let release = DispatchSemaphore(value: 0)
        let holding = DispatchSemaphore(value: 0)
        let reader = Thread {
            _ = try? services.ledger.read { _ in
                holding.signal()
                release.wait()
            }
        }
        reader.start()
        holding.wait()
        services.checkReaders(logger: ServerFixture.quietLogger)
        #expect(services.healthProblems().isEmpty, "a reader just seen is not pinned yet")
        _ = try await services.records.execute(.enter(.stolenGun(StolenGunFacts(
            serialNumber: "PIN1", make: "GLOCK", caliber: "9MM", gunType: "PISTOL", dateOfTheft: CalendarDate("20260101")!, caseNumber: "C-1"))),
            by: EventActor(userID: "op", agency: "CA0194200", clientAddress: "test"))
        fixture.clock.advance(seconds: services.readerWatch.pinnedAfterSeconds + 1)
        services.checkReaders(logger: ServerFixture.quietLogger)
        let report = services.readerWatch.report
        #expect(report.readers == 1 && report.oldestLagTransactions >= 1 && report.pinned.count == 1, "\(report)")
        #expect(services.healthProblems().first?.contains("has held a snapshot") == true, "\(services.healthProblems())")
        #expect(services.metrics.prometheusText().contains("blotter_ledger_oldest_reader_seconds \(services.readerWatch.pinnedAfterSeconds + 1)"))
        release.signal()
        while try services.ledger.checkReaders().readers.count > 0 { try await Task.sleep(for: .milliseconds(5)) }
        services.checkReaders(logger: ServerFixture.quietLogger)
        #expect(services.healthProblems().isEmpty)
    }
}
