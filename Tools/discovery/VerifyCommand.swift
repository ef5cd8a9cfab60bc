import ArgumentParser
import BundleArchive
import Foundation
import Ledger

/// `blotter-discovery verify BUNDLE`: every check of `BundleVerifier`, from the bundle's files
/// alone. Exits 0 when all hold, 1 otherwise, printing each failure with its file and event.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a discovery bundle (a folder or a .zip) offline: signatures, proofs, digests.")

    @Argument(help: "The bundle: its folder, or its .zip.")
    var bundle: String

    @Option(help: "The ledger's verifier key, as the court or the agency gave it (name+keyid+base64). Without it the key inside the bundle is used, which proves only that the bundle is whole.")
    var key: String?

    func run() async throws {
        let files = try BundleFiles.read(bundle)
        let report = BundleVerifier.verify(files, trustedKey: key)
        print(Self.summary(report, trusted: key != nil))
        guard report.holds else {
            for finding in report.findings { print("FAIL \(finding)") }
            throw ExitCode(1)
        }
        print("bundle verified")
    }

    static func summary(_ report: BundleVerifier.Report, trusted: Bool) -> String {
        var lines = [
            "ledger       \(report.ledgerID ?? "?")",
            "checkpoint   \(report.treeSize.map(String.init) ?? "?") events, root \(report.rootHash?.hex ?? "?")",
            "events       \(report.events) (\(report.withheld) withheld, \(report.redacted) destroyed by court order)",
        ]
        if let earlier = report.earlierTreeSize { lines.append("consistency  from the checkpoint of \(earlier) events") }
        lines.append("key          " + (trusted ? "the one given (--key)" : "the bundle's own ledger.vkey: pass --key with the key the court holds"))
        return lines.joined(separator: "\n")
    }
}

/// A bundle's files, from its folder or its `.zip`.
enum BundleFiles {
    /// Most bytes one file of a folder may hold.
    static let maximumFileSize = 4 << 30

    static func read(_ path: String) throws -> [String: [UInt8]] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ValidationError("\(path) does not exist")
        }
        if !isFolder.boolValue {
            return try BundleArchive.unzip(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
            let file = (path as NSString).appendingPathComponent(name)
            var isSubfolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isSubfolder), !isSubfolder.boolValue else {
                throw ValidationError("\(file): a bundle holds files only")
            }
            files[name] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        }
        return files
    }
}
