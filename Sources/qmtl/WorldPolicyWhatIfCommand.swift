import ArgumentParser
import QMTLService

/// `qmtl world policy what-if W DRAFT`: who would enter or leave under a draft, on the world's runs.
struct WorldPolicyWhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Evaluate a draft policy on the world's evaluated runs: who would enter or leave, and why.",
        discussion: "Example: qmtl world policy what-if eq draft.yaml. Nothing is published or changed."
    )

    @Argument(help: "The world's id.") var world: String
    @Argument(help: "A draft policy file (.yaml, .yml or .json).") var draft: String
    @Flag(help: "Print {world, entering, leaving, staying, current_contract, draft_contract}.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let text = try CLI.readText(draft)
        let diff = try await QMTLService.using(serviceOptions) { try await $0.policyWhatIf(world: world, document: text, fileName: draft) }
        if json { return try CLI.printEncoded(diff) }
        print("\(diff.world)\ncurrent \(diff.currentContract)\ndraft   \(diff.draftContract)")
        for c in diff.entering { print("+ \(c.strategyID)  (was out by \(c.rule): \(c.reasonCode))  \(c.explanation)") }
        for c in diff.leaving { print("- \(c.strategyID)  (out by \(c.rule): \(c.reasonCode))  \(c.explanation)") }
        print("= " + (diff.staying.isEmpty ? "nobody stays" : diff.staying.joined(separator: ", ")))
    }
}
