import ArgumentParser
import Foundation
import Ledger
import LedgerPostgres
import Logging
import TextReport

/// `aligngate keys`: the intake service's API keys, one or more per client.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke the intake service's API keys.",
        discussion: "A key is printed once, when it is created; the ledger keeps only its SHA-256. Clients send it as `Authorization: Bearer KEY`.",
        subcommands: [Create.self, List.self, Revoke.self])

    /// Quiet: the key commands print their result only.
    static var logger: Logger {
        var logger = Logger(label: "aligngate.keys")
        logger.logLevel = .error
        return logger
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for a client and print it (once).")

        @Option(help: "The client's name (letters, digits, '.', '_', '-', '@'); a client sees only its own intakes.")
        var client: String

        @OptionGroup var ledger: LedgerOption

        func run() throws {
            let client = self.client
            let (key, record) = try ledger.withStore { try await $0.createAPIKey(client: client, now: Date()) }
            print(key)
            Output.error("key \(record.id) for client \(record.client) created; it is shown only now — store it")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (ids and clients, never the keys).")

        @Flag(help: "Print stable JSON.")
        var json = false

        @OptionGroup var ledger: LedgerOption

        func run() throws {
            let keys = try ledger.withStore(mustExist: true) { try await $0.apiKeys() }
            if json { print(try Output.json(keys.map(KeyListing.init))); return }
            var table = TextTable("id", "client", "created", "revoked")
            for k in keys { table.add(k.id, k.client, k.createdAt, k.revokedAt ?? "—") }
            print(table.rendered)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key: requests with it are refused (401) from now on.",
            discussion: "Exit 2: no such key.")

        @Argument(help: "The key's id (the part after agk_, as `keys list` shows it).")
        var id: String

        @OptionGroup var ledger: LedgerOption

        func run() throws {
            let id = self.id
            let record = try ledger.withStore(mustExist: true) { try await $0.revokeAPIKey(id, now: Date()) }
            print("key \(record.id) of client \(record.client) revoked at \(record.revokedAt ?? "")")
        }
    }
}

/// A key as listed: everything but its hash.
struct KeyListing: Encodable {
    var id: String
    var client: String
    var createdAt: String
    var revokedAt: String?

    init(_ r: APIKeyRecord) {
        id = r.id
        client = r.client
        createdAt = r.createdAt
        revokedAt = r.revokedAt
    }
}
