import ArgumentParser
import Foundation
import Gateway
import IntakeService
import Ledger
import Logging

/// `aligngate serve`: the intake service's HTTP API, with workers in the same process by default.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the intake HTTP API (docs/SERVICE.md): uploads queued in the ledger, read by workers.",
        discussion: "The contract is served at /openapi.yaml. SIGTERM or SIGINT stops accepting, lets running intakes finish, then exits. Exit 2: bad options, an unreadable ledger or store, or the address in use.")

    @Option(help: "HOST:PORT to listen on.")
    var listen = "127.0.0.1:8080"

    @OptionGroup var service: ServiceOptions

    @Option(help: "Workers in this process (0: none, run `aligngate worker` elsewhere).")
    var workers = 1

    @Option(help: "The largest archive accepted, in MiB.")
    var uploadLimit = 512

    @Option(help: "Seconds one upload may take from first to last byte.")
    var uploadTimeout = 600

    @Option(help: "Seconds a connection may send nothing (headers, body, or between requests) before it is closed.")
    var idleTimeout = 30

    func validate() throws {
        guard ServiceSettings.listenAddress(listen) != nil else { throw ValidationError("--listen \(listen): expected HOST:PORT") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard uploadLimit > 0, uploadTimeout > 0, idleTimeout > 0 else {
            throw ValidationError("--upload-limit, --upload-timeout and --idle-timeout must be positive")
        }
    }

    func run() throws {
        guard let (host, port) = ServiceSettings.listenAddress(listen) else { throw Output.unreadable }
        let settings = ServiceSettings(host: host, port: port, uploadLimit: Int64(uploadLimit) << 20,
                                       uploadTimeout: .seconds(uploadTimeout), idleTimeout: .seconds(idleTimeout))
        let workers = self.workers, lease = TimeInterval(service.lease), listen = self.listen
        try service.run { ledger, archives, registry, logger in
            let metrics = ServiceMetrics()
            let api = IntakeAPI(ledger: ledger, archives: archives, registry: registry, settings: settings, metrics: metrics)
            let pool = IntakeWorkers(ledger: ledger, archives: archives, registry: registry,
                                     settings: .init(count: workers, lease: lease), metrics: metrics, logger: logger)
            logger.info("aligngate serve on http://\(listen) — ledger \(ledger.location), store \(archives.root.path), \(workers) worker(s)")
            try await IntakeServer.application(api, services: workers > 0 ? [pool] : [], logger: logger).runService()
        }
    }
}

/// `aligngate worker`: only workers, on any machine that reaches the ledger and mounts the store.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run intake workers on the service's queue (no HTTP): the same --ledger and --store as `serve`.",
        discussion: "SIGTERM or SIGINT lets running intakes finish, then exits; a worker killed outright leaves its job to be claimed again when its lease expires.")

    @OptionGroup var service: ServiceOptions

    @Option(help: "Workers in this process.")
    var workers = 1

    func validate() throws {
        guard workers > 0 else { throw ValidationError("--workers must be 1 or more") }
    }

    func run() throws {
        let workers = self.workers, lease = TimeInterval(service.lease)
        try service.run { ledger, archives, registry, logger in
            let pool = IntakeWorkers(ledger: ledger, archives: archives, registry: registry,
                                     settings: .init(count: workers, lease: lease), logger: logger)
            logger.info("aligngate worker — ledger \(ledger.location), store \(archives.root.path), \(workers) worker(s)")
            try await IntakeServer.runWorkers(pool, logger: logger)
        }
    }
}
