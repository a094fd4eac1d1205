import Foundation

/// Runs the built `quorum` executable, as a user would.
struct QuorumBinary {
    /// The repository's root (where `scenarios/`, `lessons/` and `recordings/` are).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable beside the test bundle in SwiftPM's build folder (of the tests' own
    /// configuration first: `swift test -c release` runs the release binary).
    static let url: URL = {
        #if DEBUG
        let configurations = ["debug", "release"]
        #else
        let configurations = ["release", "debug"]
        #endif
        var directory = URL(fileURLWithPath: #filePath)
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            for configuration in configurations {
                let candidate = directory.appendingPathComponent(".build/\(configuration)/quorum")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return URL(fileURLWithPath: "quorum")
    }()

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes a temporary file and returns its path.
    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quorum-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
