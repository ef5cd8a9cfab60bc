// swift-tools-version:6.2
// Blotter's benchmarks: side-by-side figures for the ledger against raw LMDB baselines measured
// in the same run, and the HTTP service under load. Not run by the tests. Run with
// `swift run -c release` in this directory.
import PackageDescription

// The main package's settings, for its modules compiled here.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "blotter-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                "LMDB", "Ledger", "Records", "Access", "Server",
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

        // The main package's modules, compiled from its own sources: each Modules/ entry is a
        // symbolic link to ../../../Sources/<module>. The service benchmark needs Access and
        // Server, which the main package does not export as products, and a package can use
        // only another package's products (nor may it declare a target named like one in a
        // package it depends on), so this package depends on none of the main one and builds
        // every module it needs. Dependencies and settings as in the main Package.swift; keep
        // them in step. Once the main package exports Access and Server, depend on it by path
        // again (`.package(name: "blotter", path: "../..")`) and delete Modules/.
        .systemLibrary(name: "CLMDB", path: "Modules/CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .target(name: "LMDB", dependencies: ["CLMDB"], path: "Modules/LMDB", swiftSettings: strictSettings),
        .target(
            name: "Ledger",
            dependencies: ["LMDB", .product(name: "Crypto", package: "swift-crypto")],
            path: "Modules/Ledger", swiftSettings: strictSettings
        ),
        .target(name: "Records", dependencies: ["Ledger"], path: "Modules/Records", swiftSettings: strictSettings),
        .target(
            name: "Access",
            dependencies: [
                "Ledger", "Records",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            path: "Modules/Access", swiftSettings: strictSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Ledger", "Records", "Access",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Modules/Server", swiftSettings: strictSettings
        ),
    ]
)
