// swift-tools-version:6.2
// Blotter's benchmarks: side-by-side figures for the ledger against raw LMDB baselines measured
// in the same run, and the HTTP service under load. Not run by the tests. Run with
// `swift run -c release` in this directory.
import PackageDescription

let package = Package(
    name: "blotter-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "blotter", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "LMDB", package: "blotter"),
                .product(name: "Ledger", package: "blotter"),
                .product(name: "Records", package: "blotter"),
                .product(name: "Access", package: "blotter"),
                .product(name: "Server", package: "blotter"),
                .product(name: "BundleArchive", package: "blotter"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
