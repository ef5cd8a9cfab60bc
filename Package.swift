// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "blotter",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LMDB", targets: ["LMDB"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Records", targets: ["Records"]),
        .executable(name: "blotter", targets: ["blotter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(
            name: "LMDB",
            dependencies: ["CLMDB"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Ledger",
            dependencies: [
                "LMDB",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Records",
            dependencies: ["Ledger"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "blotter",
            dependencies: [
                "Ledger",
                "Records",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "LedgerCrashWorker",
            dependencies: ["Ledger"],
            path: "Tests/LedgerCrashWorker",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LMDBTests",
            dependencies: ["LMDB", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "LMDB", "TestSupport", "LedgerCrashWorker"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RecordsTests",
            dependencies: ["Records", "Ledger", "LMDB", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BlotterCommandTests",
            dependencies: ["Ledger", "LMDB", "TestSupport", "blotter"],
            swiftSettings: strictSettings
        ),
    ]
)
