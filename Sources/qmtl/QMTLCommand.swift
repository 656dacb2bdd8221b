import ArgumentParser
import Foundation
import QMTLCore

/// The `qmtl` command line (R-CLI). Exit codes: 0 ok, 1 rejected input or failed check,
/// 2 usage error, 3 unavailable.
@main
struct QMTLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmtl",
        abstract: "QMTL for Swift: content-addressed strategies, worlds and their lifecycle.",
        version: QMTLVersion.current,
        subcommands: [
            InitCommand.self, DemoCommand.self, SubmitCommand.self, StatusCommand.self, WorldCommand.self, DataCommand.self, BacktestCommand.self,
            GraphCommand.self,
            HashCommand.self,
            PolicyCommand.self, DecisionCommand.self, AuditCommand.self, ServeCommand.self, TokenCommand.self, WorkerCommand.self, JobCommand.self,
            RiskHubCommand.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)  // the command has already said why
        } catch let error as QMTLError {
            CLI.fail(error)
        } catch {
            let code = exitCode(for: error)
            if code == .success {  // --help, --version
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // ArgumentParser's own errors are usage errors: the message, the code, then the usage.
            let lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
            var first = lines.first.map { $0.hasPrefix("Error: ") ? String($0.dropFirst(7)) : String($0) } ?? ""
            if first.lowercased().contains("unexpected argument"), let unknown = unknownCommand(Array(CommandLine.arguments.dropFirst())) {
                first = unknown
            }
            CLI.printError("\(first) [\(QMTLError.Code.usage)]")
            let rest = lines.dropFirst().joined(separator: "\n")
            if !rest.isEmpty { FileHandle.standardError.write(Data((rest + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? QMTLError.Code.usage.exitCode : code.rawValue)
        }
    }

    /// "unknown command …" with the closest one, when the first word that is neither a command
    /// nor an option stands where a command group expects its subcommand.
    static func unknownCommand(_ arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = QMTLCommand.self
        var path = ["qmtl"]
        for word in arguments where !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                let names = subcommands.compactMap { $0.configuration.commandName }
                return "unknown command '\(word)' for '\(path.joined(separator: " "))'" + DidYouMean.suffix(word, names)
                    + "; \(path.joined(separator: " ")) --help lists them"
            }
            command = next
            path.append(word)
        }
        return nil
    }
}
