// swift-tools-version:6.2
// The service's Access and Server modules, compiled from the main package's sources (the
// directories under Sources are symbolic links to ../../../Sources/Access and Server).
//
// Why: the main package exports only LMDB, Ledger and Records as libraries, and a package can
// use only another package's products. The benchmark needs the real HTTP service in-process, so
// this package rebuilds those two modules as a product; the benchmark imports it under module
// aliases (the main package's own, unexported Access and Server keep their names). Once the main
// package exports `Server` and `Access` as library products, delete this directory and depend on
// those products instead.
import PackageDescription

// The main package's strict settings, so the modules compile as they do there.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "blotter-service-modules",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BlotterService", targets: ["Server", "Access"]),
    ],
    dependencies: [
        .package(name: "blotter", path: "../../.."),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        // Dependencies as in the main Package.swift's Access and Server targets.
        .target(
            name: "Access",
            dependencies: [
                .product(name: "Ledger", package: "blotter"),
                .product(name: "Records", package: "blotter"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Access",
                .product(name: "Ledger", package: "blotter"),
                .product(name: "Records", package: "blotter"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
