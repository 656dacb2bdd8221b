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
        subcommands: [GraphCommand.self, HashCommand.self, PolicyCommand.self, BacktestCommand.self]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)  // the command has already said why
        } catch let error as QMTLError {
            CLI.fail(error)
        } catch let error as CLI.Failure {
            CLI.printError(error.message)
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            CLI.printError(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
