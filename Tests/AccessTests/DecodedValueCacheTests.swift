@testable import Access
import Foundation
import Ledger
import Testing

@Suite("Decoded accounts are never staler than the transaction that read them")
struct DecodedValueCacheTests {
    struct Sample: Codable, Sendable, Equatable {
        let name: String
    }

    private func stored(_ name: String) throws -> [UInt8] {
        Array(try JSONEncoder().encode(Sample(name: name)))
    }

    @Test func changedBytesAreDecodedAgainAndEqualBytesAreNot() throws {
        let cache = DecodedValueCache<Sample>(limit: 4)
        #expect(try cache.value(forKey: "a", stored: try stored("first")) == Sample(name: "first"))
        #expect(try cache.value(forKey: "a", stored: try stored("second")) == Sample(name: "second"))
        #expect(try cache.value(forKey: "a", stored: try stored("second")) == Sample(name: "second"))
        #expect(cache.count == 1)
        #expect(throws: DecodingError.self) { try cache.value(forKey: "a", stored: Array("{}".utf8)) }
    }

    @Test func theCacheNeverHoldsMoreThanItsLimit() throws {
        let cache = DecodedValueCache<Sample>(limit: 3)
        for index in 0..<10 {
            _ = try cache.value(forKey: "key-\(index)", stored: try stored("value-\(index)"))
            #expect(cache.count <= 3)
        }
        #expect(try cache.value(forKey: "key-9", stored: try stored("value-9")) == Sample(name: "value-9"))
    }

    @Test func aCertificationRecordedAfterALoginCountsOnTheNextRequest() async throws {
        let fixture = try await AccessFixture()
        let administrator = try await fixture.loginAdministrator()
        let seed = try await fixture.makeUser("rookie", certified: false, by: administrator)
        let token = try await fixture.login("rookie", seed: seed).token
        let before = try await fixture.access.authenticate(sessionToken: token, clientAddress: AccessFixture.address)
        #expect(before.account.certifiedOn == nil)
        _ = try await fixture.access.recordCertification("rookie", on: fixture.today, by: administrator, clientAddress: AccessFixture.address)
        let after = try await fixture.access.authenticate(sessionToken: token, clientAddress: AccessFixture.address)
        #expect(after.account.certifiedOn == fixture.today)
    }
}
