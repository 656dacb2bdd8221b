// swift-tools-version:6.0
import PackageDescription

// Target graph of SPEC §2. Dependencies point inward only: QMTLCore is pure (Foundation, Yams).
// External packages are added to a target when it first uses them (see docs/decisions.md); each
// executable depends on what it imports, nothing more.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "qmtl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "qmtl", targets: ["qmtl"]),
        .executable(name: "qmtl-bench", targets: ["qmtl-bench"]),
        .library(name: "QMTLCore", targets: ["QMTLCore"]),
        .library(name: "QMTLAPI", targets: ["QMTLAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        // `swift package generate-documentation`: the DocC catalogs of the library targets (CI builds them).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", exact: "1.5.0"),
    ],
    targets: [
        .target(
            name: "QMTLCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "QMTLBacktest", dependencies: ["QMTLCore"], swiftSettings: strict),
        .target(
            name: "QMTLStore",
            dependencies: [
                "QMTLCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The WorldService's protocol and wire types, shared by the in-process service and the HTTP client.
        .target(name: "QMTLAPI", dependencies: ["QMTLCore"], swiftSettings: strict),
        .target(name: "QMTLService", dependencies: ["QMTLCore", "QMTLAPI", "QMTLBacktest", "QMTLStore"], swiftSettings: strict),
        .target(
            name: "QMTLServer",
            dependencies: [
                "QMTLCore", "QMTLAPI", "QMTLService", "QMTLStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "QMTLClient",
            dependencies: [
                "QMTLCore", "QMTLAPI", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "qmtl",
            dependencies: [
                "QMTLCore", "QMTLAPI", "QMTLBacktest", "QMTLStore", "QMTLService", "QMTLServer", "QMTLClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Generated data for the benchmarks and the store crash test; not part of any product library.
        .target(name: "QMTLBenchFixtures", dependencies: ["QMTLCore", "QMTLStore"], swiftSettings: strict),
        .executableTarget(
            name: "qmtl-bench",
            dependencies: [
                "QMTLCore", "QMTLAPI", "QMTLBacktest", "QMTLStore", "QMTLService", "QMTLBenchFixtures", "QMTLServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Paths of the repository and of ../shared/data, shared by the test targets.
        .target(
            name: "QMTLTestSupport",
            dependencies: [
                "QMTLCore", "QMTLStore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/QMTLTestSupport"),
        // Fixtures are read from the repository by path (TestData), not bundled.
        .testTarget(name: "QMTLCoreTests", dependencies: ["QMTLCore", "QMTLTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "QMTLBacktestTests", dependencies: ["QMTLBacktest", "QMTLCore", "QMTLTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "QMTLCLITests", dependencies: ["qmtl", "QMTLCore", "QMTLAPI", "QMTLBacktest", "QMTLStore", "QMTLService", "QMTLTestSupport"]),
        .testTarget(
            name: "QMTLServiceTests",
            dependencies: [
                "QMTLService", "QMTLAPI", "QMTLStore", "QMTLCore", "QMTLTestSupport", "QMTLServer", "QMTLClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        // qmtl-bench is built for the crash test, which kills it in the middle of a bulk insert.
        .testTarget(
            name: "QMTLStoreTests", dependencies: ["QMTLStore", "QMTLCore", "QMTLTestSupport", "QMTLBenchFixtures", "qmtl-bench"]),
    ]
)
