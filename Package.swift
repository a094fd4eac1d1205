// swift-tools-version: 6.0
import PackageDescription

// Layers, lowest first: QuorumCore (simulation, no protocol, no terminal) ->
// QuorumRaft, QuorumGossip, QuorumPBFT, QuorumStore (one target per protocol) -> QuorumCheckers (pure functions over histories) ->
// QuorumRecording (the recording file format) -> QuorumUI (cell buffer, widgets, themes; no ncurses) ->
// QuorumTerminal (the ncurses backend, through the CNcurses shim) ->
// QuorumKit (run wiring and commands) -> quorum (the executable).
// A lower layer never imports a higher one.

/// The simulator is generic over the protocol node; without cross-module optimisation every
/// release-build call from a protocol or the CLI goes through unspecialised generic code.
/// Exclusivity is checked in debug builds (and so in `swift test`); release builds skip the
/// run-time check on the hot simulator class.
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Quorum",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quorum", targets: ["quorum"]),
        .library(name: "QuorumCore", targets: ["QuorumCore"]),
        .library(name: "QuorumRaft", targets: ["QuorumRaft"]),
        .library(name: "QuorumGossip", targets: ["QuorumGossip"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "QuorumCore", swiftSettings: optimised),
        .target(name: "QuorumRaft", dependencies: ["QuorumCore"], swiftSettings: optimised),
        .target(name: "QuorumGossip", dependencies: ["QuorumCore"], swiftSettings: optimised),
        .target(name: "QuorumPBFT", dependencies: ["QuorumCore"], swiftSettings: optimised),
        .target(name: "QuorumPaxos", dependencies: ["QuorumCore"], swiftSettings: optimised),
        .target(name: "QuorumStore", dependencies: ["QuorumCore"], swiftSettings: optimised),
        .target(name: "QuorumCheckers", dependencies: ["QuorumCore"], swiftSettings: optimised),
        .target(name: "QuorumRecording", dependencies: ["QuorumCore"], swiftSettings: optimised),
        // The built-in themes are themes/*.toml, embedded at build time (one source, no copy in Swift).
        .executableTarget(name: "ThemeEmbedder"),
        .plugin(name: "EmbedThemes", capability: .buildTool(), dependencies: ["ThemeEmbedder"]),
        .target(name: "QuorumUI", dependencies: ["QuorumCore", "QuorumCheckers", "QuorumRecording"], swiftSettings: optimised,
                plugins: ["EmbedThemes"]),
        .systemLibrary(name: "CNcurses"),
        .target(name: "QuorumTerminal", dependencies: ["CNcurses", "QuorumCore", "QuorumUI"], swiftSettings: optimised),
        .target(
            name: "QuorumKit",
            dependencies: [
                "QuorumCore", "QuorumRaft", "QuorumGossip", "QuorumPBFT", "QuorumPaxos", "QuorumStore", "QuorumCheckers", "QuorumRecording", "QuorumUI", "QuorumTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimised
        ),
        .executableTarget(name: "quorum", dependencies: ["QuorumKit"]),
        .testTarget(name: "QuorumCoreTests", dependencies: ["QuorumCore"]),
        .testTarget(name: "QuorumRaftTests", dependencies: ["QuorumCore", "QuorumRaft"]),
        .testTarget(name: "QuorumGossipTests", dependencies: ["QuorumCore", "QuorumGossip"]),
        .testTarget(name: "QuorumPBFTTests", dependencies: ["QuorumCore", "QuorumPBFT", "QuorumCheckers"]),
        .testTarget(name: "QuorumPaxosTests", dependencies: ["QuorumCore", "QuorumPaxos", "QuorumCheckers", "QuorumKit"]),
        .testTarget(name: "QuorumStoreTests", dependencies: ["QuorumCore", "QuorumStore", "QuorumCheckers"]),
        .testTarget(name: "QuorumCheckersTests", dependencies: ["QuorumCheckers", "QuorumCore"]),
        .testTarget(name: "QuorumUITests", dependencies: ["QuorumUI", "QuorumCore", "QuorumRaft", "QuorumGossip", "QuorumPBFT", "QuorumStore"], exclude: ["Golden"]),
        .testTarget(name: "QuorumKitTests", dependencies: ["QuorumKit", "QuorumCore", "QuorumRaft", "QuorumGossip", "QuorumStore", "QuorumRecording", "QuorumUI"]),
    ]
)
