import ArgumentParser

/// How the live UI looks: `run`, `replay` and `lesson` take the same two options, declared once
/// so their names and help cannot drift apart.
struct LookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Theme: default, light, high-contrast, mono, colorblind, projector, or a .toml file (default: default).",
                               valueName: "name|path"))
    var theme: String?

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    /// The options given, by name (a headless command refuses them rather than ignoring them).
    var given: [String] { [("--theme", theme != nil), ("--ascii", ascii)].filter(\.1).map(\.0) }
}
