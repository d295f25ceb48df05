// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every target, so the whole package compiles under the same rules.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ajtop",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AsyncJobs", targets: ["AsyncJobs"]),
        .library(name: "NATS", targets: ["NATS"]),
        .library(name: "NATSTestSupport", targets: ["NATSTestSupport"]),
        .library(name: "AsyncJobsTesting", targets: ["AsyncJobsTesting"]),
        .library(name: "AsyncJobsSQLite", targets: ["AsyncJobsSQLite"]),
        .library(name: "AsyncJobsHTTP", targets: ["AsyncJobsHTTP"]),
        .executable(name: "ajc", targets: ["ajc"]),
        .library(name: "AJTop", targets: ["AJTop"]),
        .library(name: "JetStream", targets: ["JetStream"]),
        .library(name: "AsyncJobsJetStream", targets: ["AsyncJobsJetStream"]),
        .library(name: "AJTopTerminal", targets: ["AJTopTerminal"]),
        .executable(name: "ajtop", targets: ["ajtop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", .upToNextMinor(from: "2.101.2")),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", .upToNextMinor(from: "3.12.3")),
        .package(url: "https://github.com/apple/swift-metrics", .upToNextMinor(from: "2.13.0")),
        .package(url: "https://github.com/swift-server/swift-prometheus", .upToNextMinor(from: "2.4.1")),
    ],
    targets: [
        // NATS: a client for the NATS protocol over SwiftNIO, depending on nothing else of this project, so it
        // can be lifted out whole; NATSTestSupport starts real nats-server processes for the tests.
        .target(
            name: "NATS",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "NATSTestSupport", dependencies: ["NATS"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NATSTests",
            dependencies: [
                "NATS", "NATSTestSupport", "AsyncJobsTesting", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Captures")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "nats-bench", dependencies: ["NATS"], swiftSettings: swiftSettings),
        .target(
            name: "AsyncJobs",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                // The engine records metrics through swift-metrics only; the embedding program picks the backend.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // Ed25519 for asyncjobs' task signatures, checked by the engine, never by a store.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // AsyncJobsHTTP: the HTTP servers over SwiftNIO (Prometheus `/metrics`, asyncjobs' HTTP API and its
        // OpenAPI document), against the store protocols only, so they serve every store.
        .target(
            name: "AsyncJobsHTTP",
            dependencies: [
                "AsyncJobs",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AsyncJobsHTTPTests",
            dependencies: ["AsyncJobsHTTP", "AsyncJobs", "AsyncJobsTesting", .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AsyncJobsTesting",
            dependencies: ["AsyncJobs"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aj-bench",
            dependencies: ["AsyncJobs", "AsyncJobsSQLite", "AsyncJobsJetStream", "JetStream", "NATS",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "AsyncJobsSQLite",
            dependencies: ["AsyncJobs", "CSQLite"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aj-test-worker",
            dependencies: ["AsyncJobs", "AsyncJobsSQLite", "AsyncJobsJetStream", "NATS", "CSQLite"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aj-store-bench",
            dependencies: ["AsyncJobs", "AsyncJobsSQLite"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AsyncJobsSQLiteTests",
            dependencies: ["AsyncJobsSQLite", "AsyncJobs", "AsyncJobsTesting", "CSQLite"],
            swiftSettings: swiftSettings
        ),
        // ajtop: the dashboard library (no C library: its tests draw into a test backend), the terminal
        // target that alone speaks ncurses and holds `Dashboard.run` (so a Swift service embeds the whole
        // dashboard in one call), the ncurses shim, the executable, and an example of embedding.
        .target(name: "AJTop", dependencies: ["AsyncJobs"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "AJTopTerminal", dependencies: ["AJTop", "AsyncJobs", "CNcursesw"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "ajtop",
            dependencies: [
                "AJTop", "AJTopTerminal", "AsyncJobsSQLite", "AsyncJobsJetStream", "NATS", "AsyncJobsHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "example-embedded-worker",
            dependencies: ["AJTopTerminal", "AsyncJobs", "AsyncJobsSQLite", .product(name: "Logging", package: "swift-log")],
            path: "Examples/EmbeddedWorker",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ajtop-bench",
            dependencies: ["AsyncJobs", "AsyncJobsSQLite", "AsyncJobsJetStream", "NATS", "AsyncJobsTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AJTopTests",
            dependencies: ["AJTop", "AsyncJobs", "AsyncJobsTesting", "NATSTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AsyncJobsTests",
            dependencies: ["AsyncJobs", "AsyncJobsTesting", .product(name: "MetricsTestKit", package: "swift-metrics")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ajc",
            dependencies: [
                "AsyncJobs",
                "AsyncJobsSQLite",
                "AsyncJobsJetStream",
                "NATS",
                "AsyncJobsHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AJCTests",
            // Depending on the executable makes `swift test` build the `ajc` binary the tests run.
            dependencies: ["ajc", "AsyncJobs", "AsyncJobsTesting", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            // The executables are dependencies so that `swift test` builds the binaries the suite runs.
            dependencies: ["ajc", "ajtop", "aj-test-worker", "AsyncJobs", "AsyncJobsSQLite", "AsyncJobsTesting",
                           "AsyncJobsJetStream", "NATS", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        // JetStream and KV over the NATS core client: its own target, so the core never depends on it.
        .target(name: "JetStream", dependencies: ["NATS"], swiftSettings: swiftSettings),
        .testTarget(name: "JetStreamTests", dependencies: ["JetStream", "NATS", "NATSTestSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "jetstream-bench", dependencies: ["JetStream", "NATS"], swiftSettings: swiftSettings),
        // AsyncJobsJetStream: the JetStream store in asyncjobs' exact layout (docs/jetstream-store.md).
        .target(name: "AsyncJobsJetStream", dependencies: ["AsyncJobs", "JetStream", "NATS"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AsyncJobsJetStreamTests",
            dependencies: ["AsyncJobsJetStream", "AsyncJobs", "AsyncJobsHTTP", "AsyncJobsTesting", "JetStream", "NATS", "NATSTestSupport"],
            swiftSettings: swiftSettings
        ),
        // Interop with Go asyncjobs: real servers and the nats-py emulator (scripts/asyncjobs_emulator) as "Go".
        .testTarget(
            name: "JetStreamInteropTests",
            dependencies: ["AsyncJobsJetStream", "AsyncJobs", "JetStream", "NATS", "NATSTestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
    ]
)
