import ArgumentParser

@main
struct Blotter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blotter",
        abstract: "Blotter: an append-only, tamper-evident records ledger for criminal-justice agencies.",
        discussion: """
            Every command takes --data DIR (default ./blotter-data), the ledger's data directory.
            See Docs/operations.md.
            """,
        subcommands: [
            ServeCommand.self, DemoCommand.self, SeedCommand.self, StatsCommand.self, TOTPCommand.self, VerifyCommand.self, RebuildCommand.self,
            BackupCommand.self, CheckpointCommand.self, ProofCommand.self, ConsistencyCommand.self, AuditCommand.self, ReproduceCommand.self, CourtCommand.self, CompactCommand.self, TerminalCommand.self,
        ])
}
