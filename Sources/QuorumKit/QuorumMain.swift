import ArgumentParser
import Foundation
import QuorumCore

/// The program's entry: parses, runs, and maps every error to one line and an exit code
/// (0 success, 1 violation, 2 bad usage or input). Never a stack trace.
public enum QuorumMain {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try QuorumCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let error as InputError {
            Console.error("quorum: \(error)")
            exit(2)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch let code as ExitCodeError {
            exit(code.code)
        } catch {
            if QuorumCommand.exitCode(for: error) == .success {
                QuorumCommand.exit(withError: error)  // --help and --version
            }
            let message = QuorumCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            Console.error("quorum: \(message) (see '\(helpCommand(arguments))')")
            exit(2)
        }
    }

    /// The help of the command the arguments name (`quorum run raft --help`), for error messages:
    /// the leading words that walk down the command tree.
    static func helpCommand(_ arguments: [String]) -> String {
        var words = ["quorum"]
        var command: any ParsableCommand.Type = QuorumCommand.self
        for word in arguments {
            guard let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word }) else { break }
            words.append(word)
            command = sub
        }
        return (words + ["--help"]).joined(separator: " ")
    }
}
