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
        .library(name: "AsyncJobsTesting", targets: ["AsyncJobsTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "AsyncJobs",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AsyncJobsTesting",
            dependencies: ["AsyncJobs"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aj-bench",
            dependencies: ["AsyncJobs", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AsyncJobsTests",
            dependencies: ["AsyncJobs", "AsyncJobsTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
