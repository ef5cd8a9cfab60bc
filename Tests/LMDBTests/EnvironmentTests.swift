import Foundation
import LMDB
import Testing
import TestSupport

@Suite("LMDB environment")
struct EnvironmentTests {
    let directory = TemporaryDirectory()

    func open(initialMapMiB: Int = 1, maximumMapMiB: Int = 64) throws -> (Environment, Database) {
        let environment = try Environment(
            directory: directory.path,
            configuration: EnvironmentConfiguration(
                initialMapSizeBytes: initialMapMiB << 20, maximumMapSizeBytes: maximumMapMiB << 20))
        return (environment, try environment.openDatabase(named: "table"))
    }

    @Test func putGetDeleteAndKeyOrder() throws {
        let (environment, table) = try open()
        try environment.write { transaction in
            for key in ["b", "a", "c", "ab"] {
                try transaction.put(Array("value-\(key)".utf8), forKey: Array(key.utf8), in: table)
            }
        }
        try environment.read { transaction throws in
            #expect(try transaction.value(forKey: Array("ab".utf8), in: table) == Array("value-ab".utf8))
            #expect(try transaction.value(forKey: Array("zz".utf8), in: table) == nil)
            var keys: [String] = []
            try transaction.forEach(in: table) { entry in
                keys.append(String(decoding: entry.key, as: UTF8.self))
                return true
            }
            #expect(keys == ["a", "ab", "b", "c"])
            var prefixed: [String] = []
            try transaction.forEach(in: table, keyPrefix: Array("a".utf8)) { entry in
                prefixed.append(String(decoding: entry.key, as: UTF8.self))
                return true
            }
            #expect(prefixed == ["a", "ab"])
        }
        let removed = try environment.write { try $0.delete(Array("a".utf8), in: table) }
        let removedAgain = try environment.write { try $0.delete(Array("a".utf8), in: table) }
        #expect(removed && !removedAgain)
    }

    @Test func aThrowingWriteCommitsNothing() throws {
        struct Refused: Error {}
        let (environment, table) = try open()
        #expect(throws: Refused.self) {
            try environment.write { transaction in
                try transaction.put([1], forKey: [1], in: table)
                throw Refused()
            }
        }
        #expect(try environment.read { try $0.entryCount(of: table) } == 0)
    }

    @Test func appendRefusesKeysOutOfOrder() throws {
        let (environment, table) = try open()
        try environment.write { try $0.put([0], forKey: [5], in: table, flags: .append) }
        let error = #expect(throws: LMDBError.self) {
            try environment.write { try $0.put([0], forKey: [4], in: table, flags: .append) }
        }
        #expect(error?.kind == .keyExists)
        let duplicate = #expect(throws: LMDBError.self) {
            try environment.write { try $0.put([1], forKey: [5], in: table, flags: .noOverwrite) }
        }
        #expect(duplicate?.kind == .keyExists)
    }

    @Test func cursorsSeekAndStep() throws {
        let (environment, table) = try open()
        try environment.write { transaction in
            for key: UInt8 in [10, 20, 30] { try transaction.put([key], forKey: [key], in: table) }
        }
        try environment.read { transaction throws in
            try transaction.withCursor(on: table) { cursor throws in
                #expect(try cursor.seek(atLeast: [15])?.key.first == 20)
                #expect(try cursor.next()?.key.first == 30)
                #expect(try cursor.next() == nil)
                #expect(try cursor.seek(below: [20])?.key.first == 10)
                #expect(try cursor.seek(below: [99])?.key.first == 30)
                #expect(try cursor.seek(exactly: [21]) == nil)
                #expect(try cursor.last()?.key.first == 30)
                #expect(try cursor.first()?.key.first == 10)
            }
        }
    }

    @Test func theMapGrowsWhenItFills() throws {
        let (environment, table) = try open(initialMapMiB: 1, maximumMapMiB: 64)
        let value = [UInt8](repeating: 7, count: 4000)
        for batch in 0..<10 {
            try environment.write { transaction in
                for index in 0..<100 {
                    try transaction.put(value, forKey: withUnsafeBytes(of: UInt32(batch * 100 + index).bigEndian, Array.init),
                                        in: table)
                }
            }
        }
        #expect(environment.mapSizeBytes > 1 << 20)
        #expect(try environment.read { try $0.entryCount(of: table) } == 1000)
    }

    @Test func storageFullLeavesEverythingCommittedReadable() throws {
        let (environment, table) = try open(initialMapMiB: 1, maximumMapMiB: 2)
        let value = [UInt8](repeating: 9, count: 4000)
        var committed = 0
        var failure: LMDBError?
        do {
            for index in 0..<10_000 {
                try environment.write { transaction in
                    try transaction.put(value, forKey: withUnsafeBytes(of: UInt32(index).bigEndian, Array.init), in: table)
                }
                committed += 1
            }
        } catch let error as LMDBError {
            failure = error
        }
        #expect(failure?.kind == .storageFull)
        #expect(failure?.description.contains("storage full") == true)
        #expect(failure?.description.contains("intact") == true)
        #expect(committed > 100)
        #expect(try environment.read { try $0.entryCount(of: table) } == committed)
    }

    @Test func compactCopyHoldsTheSameData() throws {
        let (environment, table) = try open()
        try environment.write { transaction in
            for index: UInt8 in 0..<50 { try transaction.put([index, index], forKey: [index], in: table) }
        }
        let copyDirectory = TemporaryDirectory()
        try environment.copy(toDirectory: copyDirectory.path)
        let copy = try Environment(directory: copyDirectory.path)
        let copiedTable = try copy.openDatabase(named: "table")
        #expect(try copy.read { try $0.entryCount(of: copiedTable) } == 50)
        #expect(try copy.read { try $0.value(forKey: [7], in: copiedTable) } == [7, 7])
    }

    @Test func readersSeeASnapshot() throws {
        let (environment, table) = try open()
        try environment.write { try $0.put([1], forKey: [1], in: table) }
        try environment.read { snapshot throws in
            try environment.write { try $0.put([2], forKey: [2], in: table) }
            #expect(try snapshot.entryCount(of: table) == 1)
        }
        #expect(try environment.read { try $0.entryCount(of: table) } == 2)
    }
}
