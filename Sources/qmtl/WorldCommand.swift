import ArgumentParser

/// `qmtl world …`: worlds, their immutable snapshots and state (SPEC §4).
struct WorldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world",
        abstract: "Create, inspect and change worlds.",
        subcommands: [
            WorldCreateCommand.self, WorldListCommand.self, WorldShowCommand.self, WorldUpdateCommand.self, WorldSuspendCommand.self,
            WorldResumeCommand.self, WorldArchiveCommand.self, WorldPolicyCommand.self, WorldRunStatusCommand.self, WorldEdgeCommand.self,
            WorldEdgesCommand.self, WorldRevalidateCommand.self, WorldStatusCommand.self, WorldCampaignTickCommand.self,
            WorldCampaignExecuteCommand.self, WorldCampaignLoopCommand.self, WorldLiveCandidatesCommand.self, WorldLivePlanCommand.self,
            WorldLiveApproveCommand.self, WorldLiveRejectCommand.self, WorldLiveApplyCommand.self, WorldLiveAutoApplyCommand.self,
            WorldApplyCommand.self, WorldReportCommand.self,
        ]
    )
}
