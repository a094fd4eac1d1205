import Foundation
import PackagePlugin

/// Embeds `themes/*.toml` (the built-in themes, also the files a person copies and edits) into
/// the target as `ThemeCatalog`, so there is one source of the themes and no copy in Swift.
@main
struct EmbedThemes: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appendingPathComponent("themes")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }
        // `default` first (the fallback theme and the first in listings), then by name.
        let ordered = names.sorted { ($0 == "default.toml" ? 0 : 1, $0) < ($1 == "default.toml" ? 0 : 1, $1) }
        let inputs = ordered.map { directory.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("ThemeCatalog.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) themes",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
