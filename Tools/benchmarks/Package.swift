// swift-tools-version:6.2
// Blotter's benchmarks: side-by-side figures for the ledger against raw LMDB baselines measured
// in the same run. Not run by the tests. Run with `swift run -c release` in this directory.
import PackageDescription

let package = Package(
    name: "blotter-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "blotter", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "Ledger", package: "blotter"),
                .product(name: "LMDB", package: "blotter"),
                .product(name: "Records", package: "blotter"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
