import ArgumentParser
import Foundation
import QMTLAPI
import QMTLCore
import QMTLService

/// `qmtl world report W [--strategy S] [--format text|json|markdown|html] [--output FILE]`.
struct WorldReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The world's report: verdicts in sentences, live blocks, overlaps, equity charts, approvals.",
        discussion: """
            Markdown and HTML carry an SVG equity and drawdown chart per strategy. --output writes the report to a file \
            and prints its path.
            Example: qmtl world report eq --format html --output eq.html
            """)

    @Argument(help: "The world's id.") var world: String
    @Option(help: "Only this strategy: a StrategyID (blake3:…) or its strategy file.") var strategy: String?
    @Option(help: "text, json, markdown or html.") var format = "text"
    @Option(help: "Write the report to this file instead of standard output.") var output: String?
    @Flag(help: "The same as --format json.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func validate() throws {
        guard format == "json" || ReportRenderer.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be text, json, markdown or html, got \(format)")
        }
        guard !json || format == "text" || format == "json" else { throw ValidationError("--json is --format json: give one of them") }
    }

    func run() async throws {
        let report = try await QMTLService.using(serviceOptions) { try await $0.report(world: world, strategy: try strategy.map(CLI.strategyID)) }
        let text: String
        if !json, let f = ReportRenderer.Format(rawValue: format) {
            text = ReportRenderer.render(report, as: f)
        } else {
            text = String(decoding: try WireJSON.encoder().encode(report), as: UTF8.self) + "\n"
        }
        guard let output else { return print(text, terminator: "") }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw QMTLError(.fileUnwritable, "cannot write \(output): \(error.localizedDescription)", details: ["path": output])
        }
        print(URL(fileURLWithPath: output).standardizedFileURL.path)
    }
}
