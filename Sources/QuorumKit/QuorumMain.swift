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
            try checkHelpTopic(arguments)
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
            let parserMessage = QuorumCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            let message = negativeValue(arguments, parserMessage: parserMessage) ?? parserMessage
            Console.error("quorum: \(message) (see '\(helpCommand(arguments))')")
            return 2
        }
    }

    /// `quorum help WORDS`: every word must name a command (the parser printed the top help and
    /// exited 0 for `quorum help bogus`).
    static func checkHelpTopic(_ arguments: [String]) throws(InputError) {
        guard arguments.first == "help" else { return }
        var command: any ParsableCommand.Type = QuorumCommand.self
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            guard let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word }) else {
                let known = command.configuration.subcommands.compactMap { $0.configuration.commandName }
                throw InputError(source: "help", message: "no command '\(word)' (commands: \(known.joined(separator: ", ")))")
            }
            command = sub
        }
    }

    /// `--nodes -1`: the parser reads `-1` as an option and says the value is missing. Say what
    /// it is instead.
    static func negativeValue(_ arguments: [String], parserMessage: String) -> String? {
        for (option, value) in zip(arguments, arguments.dropFirst()) where parserMessage.hasPrefix("Missing value for '\(option) ") {
            guard value.count > 1, value.hasPrefix("-"), value.dropFirst().first?.isNumber == true else { continue }
            return "\(option): '\(value)' is negative; the option takes a value of 0 or more"
        }
        return nil
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
