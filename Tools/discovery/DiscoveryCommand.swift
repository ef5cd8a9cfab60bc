import ArgumentParser

/// `blotter-discovery`: the defense discovery tool. `export` asks the agency's service for the
/// bundle a court's order names (as the order's recipient) and writes it as a folder and a
/// `.zip`; `verify` checks a bundle offline, without the ledger or the service.
@main
struct DiscoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blotter-discovery",
        abstract: "Export a discovery bundle under a court's order, or verify one offline.",
        discussion: "See Docs/discovery.md: the bundle's format, the redaction rules, and a worked session.",
        subcommands: [ExportCommand.self, VerifyCommand.self])
}
