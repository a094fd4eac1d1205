import ArgumentParser
import Foundation
import QuorumCore

/// The program's entry: parses, runs, and maps every error to one line and an exit code
/// (0 success, 1 violation, 2 bad usage or input). Never a stack trace.
public enum QuorumMain {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        exit(execute(arguments))
    }

    /// Runs a command line and returns its exit code: what `main` does, without leaving the
    /// process (help and version are printed, not exited with).
    public static func execute(_ arguments: [String]) -> Int32 {
        do {
            var command = try QuorumCommand.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as InputError {
            Console.error("quorum: \(error)")
            return 2
        } catch let code as ExitCode {
            return code.rawValue
        } catch let code as ExitCodeError {
            return code.code
        } catch {
            if QuorumCommand.exitCode(for: error) == .success {  // --help and --version
                Console.out(QuorumCommand.fullMessage(for: error))
                return 0
            }
            let message = QuorumCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            Console.error("quorum: \(message) (see '\(helpCommand(arguments))')")
            return 2
        }
    }

    /// Runs a command line in this process with standard output and error captured (tests of
    /// protocols registered in-process).
    public static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let result = Console.capturing { execute(arguments) }
        return (result.status, result.out, result.error)
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
