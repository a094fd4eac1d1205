// swift-tools-version: 6.0
import PackageDescription

// Layers, lowest first: QuorumCore (simulation, no protocol, no terminal) ->
// QuorumRaft (one protocol) -> QuorumKit (run wiring and commands) -> quorum (the executable).
// A lower layer never imports a higher one.
let package = Package(
    name: "Quorum",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quorum", targets: ["quorum"]),
        .library(name: "QuorumCore", targets: ["QuorumCore"]),
        .library(name: "QuorumRaft", targets: ["QuorumRaft"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "QuorumCore"),
        .target(name: "QuorumRaft", dependencies: ["QuorumCore"]),
        .target(
            name: "QuorumKit",
            dependencies: [
                "QuorumCore", "QuorumRaft",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "quorum", dependencies: ["QuorumKit"]),
        .testTarget(name: "QuorumCoreTests", dependencies: ["QuorumCore"]),
        .testTarget(name: "QuorumRaftTests", dependencies: ["QuorumCore", "QuorumRaft"]),
        .testTarget(name: "QuorumKitTests", dependencies: ["QuorumKit", "QuorumCore", "QuorumRaft"]),
    ]
)
